// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: csv::Reader over arbitrary bytes.
//
// Reads every record and every record error of the input with small limits
// (so the too-long and too-many-fields paths are reached by short inputs)
// and checks the reader's promises: each field lies inside the record's raw
// text, record lines never go backwards, and an error's raw text is never
// longer than max_line_length. The first input byte picks the options
// (forced delimiter and encoding), the rest is the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "m2drop/csv/reader.h"

namespace {

using m2drop::csv::Encoding;
using m2drop::csv::Reader;
using m2drop::csv::ReaderOptions;
using m2drop::csv::Record;
using m2drop::csv::RecordError;

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports it as a crash.
}

// Bits 0-3: the limits; bits 4-5: the forced delimiter (none, comma,
// semicolon, tab); bits 6-7: the forced encoding (none, Windows-1252,
// UTF-16LE, UTF-8).
ReaderOptions OptionsFrom(uint8_t selector) {
  ReaderOptions options;
  options.max_line_length = 16 + (selector & 0x0f) * 16;
  options.max_fields = 1 + (selector & 0x0f);
  options.max_file_size = 1 << 16;
  constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  options.forced_delimiter = kDelimiters[(selector >> 4) & 3];
  switch (selector >> 6) {
    case 1:
      options.forced_encoding = Encoding::kWindows1252;
      break;
    case 2:
      options.forced_encoding = Encoding::kUtf16Le;
      break;
    case 3:
      options.forced_encoding = Encoding::kUtf8;
      break;
  }
  return options;
}

void CheckRecord(const Record& record, uint64_t* last_line) {
  Require(record.line() >= *last_line);
  *last_line = record.line();
  for (std::string_view field : record.fields()) {
    volatile size_t sum = 0;  // touch every byte: ASan checks the view
    for (char c : field) sum = sum + static_cast<unsigned char>(c);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ReaderOptions options = OptionsFrom(data[0]);
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto reader = Reader::FromString(std::move(text), options, "fuzz.csv");
  if (!reader.ok()) {
    Require(!reader.status().message().empty());
    return 0;
  }
  uint64_t errors = 0;
  (*reader)->set_error_sink([&](const RecordError& error) {
    Require(error.raw.size() <= options.max_line_length);
    Require(!error.message.empty());
    ++errors;
  });
  Record record;
  uint64_t last_line = (*reader)->header_line();
  while ((*reader)->Next(&record)) CheckRecord(record, &last_line);
  Require((*reader)->error_count() == errors);
  (void)(*reader)->dialect();
  return 0;
}
