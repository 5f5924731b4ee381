// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/file_names.h"

#include "m2drop/fs/content_hash.h"

namespace m2drop::fs {
namespace {

constexpr size_t kMaxExtension = 16;
constexpr size_t kHashDigits = 8;  // plus the "~": 9 bytes

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

NameParts SplitName(std::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 ||
      name.size() - dot > kMaxExtension) {
    return {name, ""};
  }
  return {name.substr(0, dot), name.substr(dot)};
}

std::string FitName(std::string_view stem, std::string_view middle,
                    std::string_view ext, size_t max_bytes) {
  const size_t fixed = middle.size() + ext.size();
  if (stem.size() + fixed <= max_bytes) {
    return std::string(stem) + std::string(middle) + std::string(ext);
  }
  const size_t room = max_bytes > fixed + kHashDigits + 1
                          ? max_bytes - fixed - kHashDigits - 1
                          : 0;
  size_t keep = std::min(room, stem.size());
  // Never cut a multi-byte character in two.
  while (keep > 0 && keep < stem.size() && IsContinuationByte(stem[keep])) {
    --keep;
  }
  return std::string(stem.substr(0, keep)) + "~" +
         Sha256Hex(stem).substr(0, kHashDigits) + std::string(middle) +
         std::string(ext);
}

std::string NameWith(std::string_view name, std::string_view middle,
                     size_t max_bytes) {
  const NameParts parts = SplitName(name);
  return FitName(parts.stem, middle, parts.ext, max_bytes);
}

}  // namespace m2drop::fs
