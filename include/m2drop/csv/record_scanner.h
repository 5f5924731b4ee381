// SPDX-License-Identifier: Apache-2.0
// RecordScanner: the RFC 4180 state machine that cuts decoded UTF-8 text
// into records and fields, streaming, with physical line numbers.
//
// Why not fast-cpp-csv-parser (libfccp/csv.h) here: its io::LineReader is
// line-based (a quoted field with a line break would have to be re-joined
// from lines it already cut and un-terminated), splits only on LF and
// strips a CR before it (so lone-CR files, the CRLF/LF report and CRLF
// inside quotes are lost), allocates a fixed 48 MiB buffer and starts a
// reader thread per instance (N workers, N threads and N x 48 MiB), throws
// on a line over 2^24 bytes leaving the reader unusable (no resync, no
// configurable limit), and its CSVReader<N> needs the column count at
// compile time. A byte-level state machine over our own bounded buffer
// handles all of that in one pass and is fast enough (see reader.h).
//
// Rules (RFC 4180 plus what real drops need):
//   - Fields are separated by the delimiter; records end at LF, CRLF or a
//     lone CR. Blank and whitespace-only lines are skipped.
//   - A field starting with '"' (after optional spaces) is quoted: it may
//     hold delimiters and line breaks (kept as they are); "" is one quote.
//   - Spaces (and tabs unless tab is the delimiter) outside quotes are
//     trimmed; inside quotes they are kept. Text after a closing quote is
//     appended as is (`"ab"c` gives `abc`, as Excel reads it); a quote inside
//     an unquoted field is an ordinary character.
//   - A record whose quote never closes (end of file, or the record grows
//     past the length limit) is reported at the line it starts, and reading
//     resumes on the physical line after the one where the quote opened:
//     one stray quote costs one record, not the rest of the file.
//   - A record longer than the limit is reported and skipped up to the next
//     line break; a record with more fields than the limit is reported.
//
// Memory: a 64 KiB buffer that grows only to hold one record (bounded by
// `max_record_bytes`) plus the current record's fields. Not thread-safe;
// Scan blocks on the underlying source.
#ifndef M2DROP_CSV_RECORD_SCANNER_H_
#define M2DROP_CSV_RECORD_SCANNER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/csv/decoding_source.h"
#include "m2drop/csv/dialect.h"
#include "m2drop/csv/record.h"

namespace m2drop::csv {

struct ScannerLimits {
  size_t max_record_bytes = 1 << 20;  // one record's text, quotes included
  size_t max_fields = 1024;
};

class RecordScanner {
 public:
  enum class Outcome {
    kRecord,  // fields(), raw() and line() describe the next record
    kError,   // error() describes a malformed record, already skipped
    kEnd,     // no more records; status() says whether reading failed
  };

  // REQUIRES: `source` was started (DecodingSource::Start succeeded).
  RecordScanner(std::unique_ptr<DecodingSource> source, ScannerLimits limits);

  void set_delimiter(char delimiter) { delimiter_ = delimiter; }

  // The text not scanned yet, at least `n` bytes of it unless the input ends
  // first, without consuming it (for sniffing before the first Scan).
  // REQUIRES: n <= 64 KiB.
  std::string_view Peek(size_t n);

  // Reads the next record. After kEnd, every further call returns kEnd.
  Outcome Scan();

  // The last record (after kRecord); views valid until the next Scan().
  uint64_t line() const { return record_line_; }
  size_t field_count() const { return field_ends_.size(); }
  std::string_view field(size_t i) const;
  std::string_view raw() const;
  // True when every field of the last record is empty (`,,,` lines).
  bool all_fields_empty() const { return fields_.empty(); }

  // The last error (after kError), with the skipped text in error().raw
  // (see RecordError; at most max_record_bytes of it).
  const RecordError& error() const { return error_; }

  // OK at a clean end of input; the read or limit failure that ended it
  // otherwise (kIo, kInvalidInput for the file size limit).
  const Status& status() const { return status_; }

  // Terminators seen so far, the physical line being read, and the decoder
  // (for the encoding it detected).
  const LineEndingCounts& line_endings() const { return endings_; }
  uint64_t current_line() const { return line_; }
  const DecodingSource& source() const { return *source_; }

  // Bytes of buffer the scanner holds now, to check that memory stays flat.
  size_t BufferBytesForTesting() const {
    return capacity_ + fields_.capacity() + field_ends_.capacity() * 4;
  }

 private:
  enum class Fill { kData, kEnd, kTooLong };
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteSeen };

  Fill FillBuffer();
  bool ReadMore();
  void BeginLine();
  void EndField();
  Outcome EndRecord(size_t raw_end);
  void ConsumeTerminator();
  Outcome OnEndOfInput(State state);
  Outcome OnTooLong(State state);
  // Reports the record being read as malformed; its raw text is the buffer
  // bytes [raw_begin, raw_end), cut to the length limit. `cut`: the text
  // goes on past raw_end (a character split there is dropped).
  void SetError(uint32_t column, std::string message, size_t raw_begin,
                size_t raw_end, bool cut = false);
  std::string TooLongMessage() const;
  Outcome UnterminatedQuote(bool at_end_of_input);
  void SkipRestOfLine();
  void TrimUnquotedTail();
  bool IsSpace(char c) const {
    return c == ' ' || (c == '\t' && delimiter_ != '\t');
  }

  std::unique_ptr<DecodingSource> source_;
  ScannerLimits limits_;
  char delimiter_ = ',';
  Status status_;
  bool eof_ = false;

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t pos_ = 0;           // next byte to scan
  size_t end_ = 0;           // end of valid data
  size_t record_start_ = 0;  // first byte kept on compaction
  size_t raw_end_ = 0;       // end of the last record's text

  uint64_t line_ = 1;
  bool pending_cr_ = false;  // a CR ended a line; an LF next makes it CRLF
  LineEndingCounts endings_;

  // The record being assembled.
  uint64_t record_line_ = 0;
  bool has_content_ = false;  // a delimiter, quote or character was seen
  bool too_many_fields_ = false;
  std::string fields_;                // field contents, back to back
  std::vector<uint32_t> field_ends_;  // end offset of each field in fields_
  size_t trim_floor_ = 0;    // unquoted trimming stops here (quoted text)
  size_t quote_offset_ = 0;  // opening quote, relative to record_start_
  uint64_t quote_line_ = 0;
  uint32_t quote_column_ = 0;

  RecordError error_;
};

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_RECORD_SCANNER_H_
