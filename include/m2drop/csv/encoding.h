// SPDX-License-Identifier: Apache-2.0
// Character encodings of CSV drops and the pure conversions between them.
//
// Real drops come as UTF-8 (with or without a byte-order mark), as UTF-16
// with a BOM (Excel's "Unicode text"), or as Windows-1252 (older Excel and
// ERPs). The reader turns all of them into UTF-8; DecodingSource
// (decoding_source.h) does it as a stream on top of these functions.
//
// Everything here is pure and thread-safe.
#ifndef M2DROP_CSV_ENCODING_H_
#define M2DROP_CSV_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace m2drop::csv {

// Whether a BOM was present is a separate flag (Dialect::bom).
enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kWindows1252 };

// "utf-8", "utf-16le", "utf-16be", "windows-1252": the names reports use.
std::string_view EncodingName(Encoding encoding);

// A decoder writes this byte into its UTF-8 output where the input has no
// character (an unpaired UTF-16 surrogate, a byte Windows-1252 leaves
// undefined). 0xFF never occurs in valid UTF-8, so the reader's UTF-8 check
// reports the record instead of passing a made-up character on.
inline constexpr char kUndecodable = '\xFF';

// The Unicode code point of a Windows-1252 byte, or kNoCodePoint for the five
// bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
inline constexpr uint32_t kNoCodePoint = 0xFFFFFFFF;
uint32_t Windows1252ToCodePoint(uint8_t byte);

// Writes the UTF-8 encoding of `code_point` (<= U+10FFFF, not a surrogate) to
// `out`, which must have room for 4 bytes, and returns how many were written.
size_t EncodeUtf8(uint32_t code_point, char* out);

// Length of the longest prefix of `s` that is valid UTF-8. When the rest
// starts with a sequence that is valid so far but cut off by the end of `s`,
// `*truncated` is set (more input may complete it); otherwise the byte at the
// returned offset is invalid (or the returned offset is s.size()).
size_t ValidUtf8Prefix(std::string_view s, bool* truncated);

}  // namespace m2drop::csv

#endif  // M2DROP_CSV_ENCODING_H_
