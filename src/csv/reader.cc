// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/reader.h"

#include <algorithm>
#include <cstdio>

#include "m2drop/base/strings.h"

namespace m2drop::csv {
namespace {

// How much of the file Open() looks at to sniff the delimiter and to tell
// text from binary data.
constexpr size_t kSniffBytes = 64 * 1024;

// Number of UTF-8 characters in `s` before byte `offset`, plus one: the
// 1-based character position people count in a cell.
size_t CharacterPosition(std::string_view s, size_t offset) {
  size_t chars = 1;
  for (size_t i = 0; i < offset; ++i) {
    if ((static_cast<uint8_t>(s[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

std::string InvalidTextMessage(Encoding encoding, size_t column,
                               std::string_view field, size_t offset) {
  std::string where = "column " + std::to_string(column) + " at character " +
                      std::to_string(CharacterPosition(field, offset));
  if (field[offset] == '\0') return where + " holds a NUL byte";
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X",
                static_cast<unsigned>(static_cast<uint8_t>(field[offset])));
  switch (encoding) {
    case Encoding::kWindows1252:
      return where +
             " holds a byte that Windows-1252 does not define (0x81, 0x8D, "
             "0x8F, 0x90 or 0x9D)";
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be:
      return where + " holds invalid UTF-16 (an unpaired surrogate)";
    case Encoding::kUtf8:
      break;
  }
  return where + " is not valid UTF-8 (byte " + byte + ")";
}

bool IsUsableDelimiter(char c) {
  return c != '"' && c != '\n' && c != '\r' && c != ' ' && c != '\0';
}

}  // namespace

Result<std::unique_ptr<Reader>> Reader::Open(fs::FileSystem& fs,
                                             const std::string& path,
                                             const ReaderOptions& options) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<FileByteSource> source,
                          FileByteSource::Open(fs, path));
  return FromSource(std::move(source), options, path);
}

Result<std::unique_ptr<Reader>> Reader::FromString(std::string data,
                                                   const ReaderOptions& options,
                                                   std::string name) {
  return FromSource(std::make_unique<StringByteSource>(std::move(data)),
                    options, std::move(name));
}

Result<std::unique_ptr<Reader>> Reader::FromSource(
    std::unique_ptr<ByteSource> source, const ReaderOptions& options,
    std::string name) {
  if (options.forced_delimiter != 0 &&
      !IsUsableDelimiter(options.forced_delimiter)) {
    return Status::InvalidInput(
        "the delimiter " +
        QuoteForMessage(std::string(1, options.forced_delimiter)) +
        " cannot separate fields (a quote, space or line break)");
  }
  auto decoder = std::make_unique<DecodingSource>(
      std::move(source), options.forced_encoding, options.max_file_size, name);
  M2DROP_RETURN_IF_ERROR(decoder->Start());
  ScannerLimits limits{options.max_line_length, options.max_fields};
  auto scanner = std::make_unique<RecordScanner>(std::move(decoder), limits);
  std::unique_ptr<Reader> reader(new Reader(name, std::move(scanner)));
  M2DROP_RETURN_IF_ERROR(reader->ReadPreamble(options));
  M2DROP_RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

// Tells text from binary data and settles the delimiter.
Status Reader::ReadPreamble(const ReaderOptions& options) {
  std::string_view start = scanner_->Peek(kSniffBytes);
  M2DROP_RETURN_IF_ERROR(scanner_->status());
  if (start.find('\0') != std::string_view::npos) {
    return Status::InvalidInput(
        QuoteForMessage(name_) +
        " is not a text file: it holds NUL bytes near the start (a "
        "spreadsheet or other binary file, or UTF-16 text without a "
        "byte-order mark?)");
  }
  std::optional<char> excel_sep = ParseExcelSepLine(start);
  if (options.forced_delimiter != 0) {
    delimiter_ = options.forced_delimiter;
  } else if (excel_sep && IsUsableDelimiter(*excel_sep)) {
    delimiter_ = *excel_sep;
  } else {
    delimiter_ = SniffDelimiter(start);
  }
  scanner_->set_delimiter(delimiter_);
  if (excel_sep) {
    // Skip the "sep=" line; it is not the header.
    if (scanner_->Scan() != RecordScanner::Outcome::kRecord) {
      return Status::Internal("cannot skip the sep= line");
    }
  }
  return Status::Ok();
}

Status Reader::ReadHeader() {
  const std::string quoted = QuoteForMessage(name_);
  switch (scanner_->Scan()) {
    case RecordScanner::Outcome::kEnd:
      M2DROP_RETURN_IF_ERROR(scanner_->status());
      return Status::InvalidInput(quoted +
                                  " is empty: there is no header line");
    case RecordScanner::Outcome::kError:
      return Status::InvalidInput(
          quoted + ": the header on line " +
          std::to_string(scanner_->error().line) +
          " cannot be read: " + scanner_->error().message);
    case RecordScanner::Outcome::kRecord:
      break;
  }
  header_line_ = scanner_->line();
  if (std::optional<RecordError> bad = CheckText()) {
    return Status::InvalidInput(quoted + ": the header on line " +
                                std::to_string(header_line_) + ": " +
                                bad->message);
  }
  if (scanner_->all_fields_empty()) {
    return Status::InvalidInput(quoted + ": the header on line " +
                                std::to_string(header_line_) +
                                " has no column names");
  }
  header_raw_ = std::string(scanner_->raw());
  header_.clear();
  for (size_t i = 0; i < scanner_->field_count(); ++i) {
    header_.emplace_back(scanner_->field(i));
  }
  return Status::Ok();
}

Dialect Reader::dialect() const {
  Dialect d;
  d.encoding = scanner_->source().encoding();
  d.bom = scanner_->source().bom();
  d.delimiter = delimiter_;
  d.line_ending = std::string(scanner_->line_endings().Name());
  return d;
}

bool Reader::Next(Record* out) {
  for (;;) {
    switch (scanner_->Scan()) {
      case RecordScanner::Outcome::kEnd:
        return false;
      case RecordScanner::Outcome::kError:
        Report(scanner_->error());
        continue;
      case RecordScanner::Outcome::kRecord:
        break;
    }
    if (scanner_->all_fields_empty()) continue;
    if (std::optional<RecordError> bad = CheckRecord()) {
      Report(std::move(*bad));
      continue;
    }
    out->line_ = scanner_->line();
    out->raw_ = scanner_->raw();
    out->fields_.clear();
    for (size_t i = 0; i < scanner_->field_count(); ++i) {
      out->fields_.push_back(scanner_->field(i));
    }
    ++record_count_;
    return true;
  }
}

std::optional<RecordError> Reader::CheckRecord() const {
  size_t found = scanner_->field_count();
  size_t expected = header_.size();
  if (found != expected) {
    return RecordError{
        scanner_->line(), static_cast<uint32_t>(std::min(found, expected) + 1),
        "expected " + std::to_string(expected) +
            " fields as in the header, found " + std::to_string(found),
        std::string(scanner_->raw())};
  }
  return CheckText();
}

// The record's text must be valid UTF-8 without NUL bytes. Most records are
// plain ASCII: one pass over the raw text settles that.
std::optional<RecordError> Reader::CheckText() const {
  bool suspicious = false;
  for (char c : scanner_->raw()) {
    // True for 0x00 (wraps around) and for 0x80 and above.
    suspicious |= static_cast<uint8_t>(static_cast<uint8_t>(c) - 1) >= 0x7F;
  }
  if (!suspicious) return std::nullopt;
  for (size_t i = 0; i < scanner_->field_count(); ++i) {
    std::string_view field = scanner_->field(i);
    bool truncated = false;
    size_t valid = ValidUtf8Prefix(field, &truncated);
    size_t nul = field.substr(0, valid).find('\0');
    if (nul != std::string_view::npos) valid = nul;
    if (valid < field.size()) {
      return RecordError{scanner_->line(), static_cast<uint32_t>(i + 1),
                         InvalidTextMessage(scanner_->source().encoding(),
                                            i + 1, field, valid),
                         std::string(scanner_->raw())};
    }
  }
  return std::nullopt;
}

void Reader::Report(RecordError error) {
  ++error_count_;
  if (sink_) {
    sink_(error);
  } else {
    errors_.push_back(std::move(error));
  }
}

}  // namespace m2drop::csv
