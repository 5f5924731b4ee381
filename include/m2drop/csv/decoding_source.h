// SPDX-License-Identifier: Apache-2.0
// DecodingSource: raw bytes of any supported encoding in, UTF-8 out, as a
// stream with a fixed-size buffer.
//
// Detection, in order:
//   1. a forced encoding (profile setting) wins; a BOM of that encoding is
//      still removed;
//   2. a byte-order mark: EF BB BF is UTF-8, FF FE UTF-16LE, FE FF UTF-16BE;
//   3. otherwise the text is "UTF-8 so far" while it is plain ASCII (the two
//      candidates agree on ASCII). The first chunk holding a non-ASCII byte
//      decides: valid UTF-8 keeps UTF-8, anything else switches to
//      Windows-1252 from there on. Deciding on the fly keeps the stream
//      single-pass; the bytes before the decision are ASCII and read the
//      same in both encodings.
// Once UTF-8 is decided, bytes pass through unchanged: invalid sequences
// later in the file are left for the reader to report per record. Input
// with no character (unpaired UTF-16 surrogate, undefined Windows-1252 byte)
// becomes kUndecodable.
//
// Memory: one 64 KiB raw buffer, whatever the file size. Not thread-safe;
// Read blocks on the underlying ByteSource.
#ifndef M2DROP_CSV_DECODING_SOURCE_H_
#define M2DROP_CSV_DECODING_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "m2drop/base/result.h"
#include "m2drop/base/status.h"
#include "m2drop/csv/byte_source.h"
#include "m2drop/csv/encoding.h"

namespace m2drop::csv {

class DecodingSource {
 public:
  // Read() needs room for at least this many output bytes.
  static constexpr size_t kMinOutput = 16;

  // `name` appears in messages. `max_bytes` limits the raw bytes read.
  DecodingSource(std::unique_ptr<ByteSource> source,
                 std::optional<Encoding> forced, uint64_t max_bytes,
                 std::string name);

  // Reads the first bytes and detects a BOM. Call once, before Read().
  // kIo when reading fails; kInvalidInput when the source's known size is
  // above `max_bytes`.
  Status Start();

  // Writes up to `capacity` bytes of UTF-8 to `out`; returns 0 only at the
  // end of the input. kIo when reading fails, kInvalidInput once more than
  // `max_bytes` raw bytes have come (the file grew past the limit).
  // REQUIRES: Start() succeeded; capacity >= kMinOutput.
  Result<size_t> Read(char* out, size_t capacity);

  // The encoding as detected so far; final once decided() or at the end.
  Encoding encoding() const;
  // True when the encoding can no longer change (BOM, forced, or decided by
  // the first non-ASCII bytes).
  bool decided() const { return mode_ != Mode::kUndecided; }
  bool bom() const { return bom_; }
  // Raw bytes read from the source so far (including a BOM).
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  enum class Mode { kUndecided, kUtf8, kWindows1252, kUtf16Le, kUtf16Be };

  Status FillRaw();
  Status CountBytes(size_t n);
  void DetectBom();
  size_t ReadUndecided(char* out, size_t capacity);
  size_t ReadWindows1252(char* out, size_t capacity);
  size_t ReadUtf16(char* out, size_t capacity);
  size_t available() const { return raw_end_ - raw_begin_; }

  std::unique_ptr<ByteSource> source_;
  std::optional<Encoding> forced_;
  uint64_t max_bytes_;
  std::string name_;
  std::unique_ptr<char[]> raw_;
  size_t raw_begin_ = 0;
  size_t raw_end_ = 0;
  bool eof_ = false;
  bool bom_ = false;
  Mode mode_ = Mode::kUndecided;
  uint64_t bytes_read_ = 0;
};

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_DECODING_SOURCE_H_
