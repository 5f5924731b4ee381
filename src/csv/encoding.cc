// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/encoding.h"

namespace m2drop::csv {
namespace {

// 0x80..0x9F of Windows-1252; the rest of the upper half equals Latin-1.
// Source:
// https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT
constexpr uint32_t kCp1252High[32] = {
    0x20AC, kNoCodePoint, 0x201A,       0x0192, 0x201E, 0x2026, 0x2020,
    0x2021, 0x02C6,       0x2030,       0x0160, 0x2039, 0x0152, kNoCodePoint,
    0x017D, kNoCodePoint, kNoCodePoint, 0x2018, 0x2019, 0x201C, 0x201D,
    0x2022, 0x2013,       0x2014,       0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, kNoCodePoint, 0x017E,       0x0178};

// Length of the UTF-8 sequence a lead byte announces, 0 when it cannot lead.
size_t SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Whether `next` may follow `lead` as the second byte; this is where
// overlong forms, surrogates and code points above U+10FFFF are excluded.
bool SecondByteOk(uint8_t lead, uint8_t next) {
  if ((next & 0xC0) != 0x80) return false;
  if (lead == 0xE0) return next >= 0xA0;
  if (lead == 0xED) return next <= 0x9F;
  if (lead == 0xF0) return next >= 0x90;
  if (lead == 0xF4) return next <= 0x8F;
  return true;
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
    case Encoding::kWindows1252:
      return "windows-1252";
  }
  return "unknown";
}

uint32_t Windows1252ToCodePoint(uint8_t byte) {
  if (byte >= 0x80 && byte <= 0x9F) return kCp1252High[byte - 0x80];
  return byte;
}

size_t EncodeUtf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

size_t ValidUtf8Prefix(std::string_view s, bool* truncated) {
  *truncated = false;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto lead = static_cast<uint8_t>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t len = SequenceLength(lead);
    if (len == 0) return i;
    for (size_t k = 1; k < len; ++k) {
      if (i + k == n) {
        *truncated = true;
        return i;
      }
      auto next = static_cast<uint8_t>(s[i + k]);
      bool ok = k == 1 ? SecondByteOk(lead, next) : (next & 0xC0) == 0x80;
      if (!ok) return i;
    }
    i += len;
  }
  return n;
}

}  // namespace m2drop::csv
