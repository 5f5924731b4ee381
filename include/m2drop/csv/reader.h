// SPDX-License-Identifier: Apache-2.0
// csv::Reader: the streaming CSV reader every pipeline uses.
//
// Open() detects the dialect (encoding and BOM, delimiter, see dialect.h and
// decoding_source.h), reads the header (the first non-blank record) and
// returns a Reader that hands out one data record at a time with its
// physical line number. Layers, bottom up:
//   ByteSource (file, string) -> DecodingSource (any encoding -> UTF-8)
//   -> RecordScanner (RFC 4180 state machine) -> Reader (header, checks).
//
// Errors come in two kinds:
//   - File-level: Open() returns a Status. kNotFound/kIo when the file
//     cannot be read; kInvalidInput when it is not text (NUL bytes near the
//     start: a spreadsheet, or UTF-16 without a BOM), is larger than
//     max_file_size, has no header, or its header is malformed. A failure in
//     the middle (I/O error, the file grew past max_file_size) ends Next()
//     early and is left in status().
//   - Record-level: a malformed record (unterminated quote, wrong number of
//     fields, invalid encoding, a NUL byte, too long, too many fields) is
//     reported as a RecordError and skipped; reading goes on with the next.
//     The error carries the skipped text (RecordError::raw, at most
//     max_line_length bytes) for the error report.
//
// Identifiers stay text: the reader never converts a field (order numbers
// and SKUs keep their leading zeros); see quantity.h for strict numbers.
//
// Memory does not grow with the file: a 64 KiB read buffer, a 64 KiB
// decoding buffer, and one record (at most max_line_length bytes). Records
// are views valid until the next Next(). No allocation per record or field
// once the buffers have warmed up.
//
// Not thread-safe: one Reader per file, used by one thread. Open() and Next()
// block on file reads.
#ifndef M2DROP_CSV_READER_H_
#define M2DROP_CSV_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/csv/byte_source.h"
#include "m2drop/csv/dialect.h"
#include "m2drop/csv/encoding.h"
#include "m2drop/csv/record.h"
#include "m2drop/csv/record_scanner.h"

namespace m2drop::csv {

struct ReaderOptions {
  // A profile may force the delimiter (0: sniff it from the header line;
  // a "sep=X" first line, as Excel writes it, also names it).
  char forced_delimiter = 0;
  // A profile may force the encoding (nullopt: detect it).
  std::optional<Encoding> forced_encoding;
  // Files larger than this are refused as a whole (kInvalidInput). Default
  // 2 GiB: far above any real drop, small enough to catch a runaway file.
  uint64_t max_file_size = uint64_t{2} << 30;
  // The longest record, in bytes of UTF-8 text, quotes included; a record is
  // one line unless a quoted field holds line breaks. Bounds the memory per
  // reader. Default 1 MiB.
  size_t max_line_length = size_t{1} << 20;
  // The most fields a record may have. Default 1024.
  size_t max_fields = 1024;
};

class Reader {
 public:
  using ErrorSink = std::function<void(const RecordError&)>;

  // Opens the file at `path` through `fs` (FileByteSource::Open: never
  // through a symbolic link) and reads its header. Statuses: see above;
  // kInvalidInput also when `path` is not a regular file.
  static Result<std::unique_ptr<Reader>> Open(fs::FileSystem& fs,
                                              const std::string& path,
                                              const ReaderOptions& options);
  // Reads `data` as if it were a file called `name` (for messages).
  static Result<std::unique_ptr<Reader>> FromString(
      std::string data, const ReaderOptions& options,
      std::string name = "<memory>");
  // Reads from any byte source (e.g. an OpenFileByteSource over a file the
  // caller holds open).
  static Result<std::unique_ptr<Reader>> FromSource(
      std::unique_ptr<ByteSource> source, const ReaderOptions& options,
      std::string name);

  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The file name given to Open/FromString/FromSource.
  const std::string& name() const { return name_; }

  // The dialect as read so far. The delimiter and BOM are fixed by Open();
  // the line ending accumulates as records are read, and an encoding not
  // fixed by a BOM is decided by the first non-ASCII bytes (UTF-8 until
  // then). Read to the end for the final word.
  Dialect dialect() const;

  // The header's column names (the first non-blank record), as written.
  const std::vector<std::string>& header() const { return header_; }
  uint64_t header_line() const { return header_line_; }
  // The header's text as it came (decoded to UTF-8, quotes included, without
  // its line terminator): what an error report copies above the failed rows.
  const std::string& header_raw() const { return header_raw_; }

  // Where record errors go. Without a sink they are kept and returned by
  // errors(), which grows with their number (each holding up to
  // max_line_length bytes of raw text); set a sink for large files.
  void set_error_sink(ErrorSink sink) { sink_ = std::move(sink); }

  // Reads the next well-formed data record into `out` and returns true, or
  // returns false at the end of the records (or after a file-level failure:
  // check status()). Malformed records are reported and skipped; records
  // whose fields are all empty (`;;;` lines Excel leaves behind) are skipped
  // silently. `out` stays valid until the next call.
  bool Next(Record* out);

  // Record errors kept because no sink was set, in file order.
  const std::vector<RecordError>& errors() const { return errors_; }
  // Record errors reported so far, with or without a sink.
  uint64_t error_count() const { return error_count_; }
  // Data records returned by Next() so far.
  uint64_t record_count() const { return record_count_; }

  // OK unless reading stopped early (kIo; kInvalidInput when the file grew
  // past max_file_size). Meaningful once Next() has returned false.
  const Status& status() const { return scanner_->status(); }

  // Bytes of buffers the reader holds, to check that memory stays flat.
  size_t BufferBytesForTesting() const {
    return scanner_->BufferBytesForTesting();
  }

 private:
  Reader(std::string name, std::unique_ptr<RecordScanner> scanner)
      : name_(std::move(name)), scanner_(std::move(scanner)) {}

  Status ReadPreamble(const ReaderOptions& options);
  Status ReadHeader();
  std::optional<RecordError> CheckRecord() const;
  std::optional<RecordError> CheckText() const;
  void Report(RecordError error);

  std::string name_;
  std::unique_ptr<RecordScanner> scanner_;
  char delimiter_ = ',';
  std::vector<std::string> header_;
  std::string header_raw_;
  uint64_t header_line_ = 0;
  ErrorSink sink_;
  std::vector<RecordError> errors_;
  uint64_t error_count_ = 0;
  uint64_t record_count_ = 0;
};

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_READER_H_
