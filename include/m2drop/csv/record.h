// SPDX-License-Identifier: Apache-2.0
// Record and RecordError: what the CSV reader hands out per data row.
//
// A Record is a view: its fields and raw text point into the Reader's
// buffers and stay valid until the next call to Reader::Next (or until the
// Reader is destroyed). Copy what you keep (ToStrings). Reusing one Record
// for every Next() call reuses its vector, so the hot loop does not allocate.
#ifndef M2DROP_CSV_RECORD_H_
#define M2DROP_CSV_RECORD_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/check.h"

namespace m2drop::csv {

class Record {
 public:
  // The physical line (1-based) on which the record starts; a record whose
  // quoted field holds line breaks spans several lines.
  uint64_t line() const { return line_; }

  size_t size() const { return fields_.size(); }

  // The i-th field, unquoted and unescaped, whitespace outside quotes
  // trimmed, in UTF-8. REQUIRES: i < size().
  std::string_view operator[](size_t i) const {
    M2DROP_CHECK(i < fields_.size());
    return fields_[i];
  }
  const std::vector<std::string_view>& fields() const { return fields_; }

  // The record's text as it came (decoded to UTF-8), quotes included, without
  // its line terminator: what an error report copies for a person to fix.
  std::string_view raw() const { return raw_; }

  // Owned copies of the fields.
  std::vector<std::string> ToStrings() const {
    return {fields_.begin(), fields_.end()};
  }

 private:
  friend class Reader;

  uint64_t line_ = 0;
  std::vector<std::string_view> fields_;
  std::string_view raw_;
};

// A malformed record, which the reader skips before going on with the next.
struct RecordError {
  uint64_t line = 0;    // where the record starts (1-based)
  uint32_t column = 0;  // the 1-based field it concerns; 0: the whole record
  std::string message;  // for a person: what is wrong, in plain words
  // The text the reader skipped, as it came (decoded to UTF-8 where the
  // encoding allows, quotes included, without the final line terminator), so
  // that an error report can hand it back byte-for-byte for a person to fix:
  //   - a record with the wrong number of fields, invalid text or too many
  //     fields: the whole record, as Record::raw() would have given it;
  //   - an unterminated quote: from the record's start to the end of the
  //     physical line where the quote opened (reading resumes after it);
  //   - a record longer than max_line_length: its first max_line_length
  //     bytes (cut back to a whole UTF-8 character), the rest is dropped.
  // Never longer than max_line_length, so memory stays bounded per error.
  std::string raw;

  friend bool operator==(const RecordError&, const RecordError&) = default;
  // "line:column message", for logs and test failures (not the raw text,
  // which may be long and is the file's data).
  friend std::ostream& operator<<(std::ostream& os, const RecordError& e) {
    return os << e.line << ":" << e.column << " " << e.message;
  }
};

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_RECORD_H_
