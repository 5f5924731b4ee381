// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/decoding_source.h"

#include <algorithm>
#include <cstring>

#include "m2drop/base/strings.h"

namespace m2drop::csv {
namespace {

constexpr size_t kRawCapacity = 64 * 1024;
// Below this much free output space a direct read is not worth a syscall.
constexpr size_t kDirectReadMin = 4096;

bool StartsWith(const char* p, size_t n, std::string_view prefix) {
  return n >= prefix.size() &&
         std::memcmp(p, prefix.data(), prefix.size()) == 0;
}

}  // namespace

DecodingSource::DecodingSource(std::unique_ptr<ByteSource> source,
                               std::optional<Encoding> forced,
                               uint64_t max_bytes, std::string name)
    : source_(std::move(source)),
      forced_(forced),
      max_bytes_(max_bytes),
      name_(std::move(name)),
      raw_(new char[kRawCapacity]) {}

Status DecodingSource::CountBytes(size_t n) {
  bytes_read_ += n;
  if (bytes_read_ > max_bytes_) {
    return Status::InvalidInput(
        QuoteForMessage(name_) + " is larger than the limit of " +
        std::to_string(max_bytes_) + " bytes (max_file_size)");
  }
  return Status::Ok();
}

Status DecodingSource::FillRaw() {
  if (eof_) return Status::Ok();
  if (raw_begin_ > 0) {
    std::memmove(raw_.get(), raw_.get() + raw_begin_, available());
    raw_end_ -= raw_begin_;
    raw_begin_ = 0;
  }
  M2DROP_ASSIGN_OR_RETURN(
      size_t n, source_->Read(raw_.get() + raw_end_, kRawCapacity - raw_end_));
  if (n == 0) eof_ = true;
  raw_end_ += n;
  return CountBytes(n);
}

Status DecodingSource::Start() {
  std::optional<uint64_t> size = source_->size();
  if (size && *size > max_bytes_) {
    return Status::InvalidInput(
        QuoteForMessage(name_) + " has " + std::to_string(*size) +
        " bytes, more than the limit of " + std::to_string(max_bytes_) +
        " (max_file_size)");
  }
  while (!eof_ && available() < 3) M2DROP_RETURN_IF_ERROR(FillRaw());
  DetectBom();
  return Status::Ok();
}

void DecodingSource::DetectBom() {
  const char* p = raw_.get() + raw_begin_;
  const size_t n = available();
  auto take_bom = [&](std::string_view bom, Mode mode) {
    if (!StartsWith(p, n, bom)) return false;
    raw_begin_ += bom.size();
    bom_ = true;
    mode_ = mode;
    return true;
  };
  if (forced_) {
    switch (*forced_) {
      case Encoding::kUtf8:
        if (!take_bom("\xEF\xBB\xBF", Mode::kUtf8)) mode_ = Mode::kUtf8;
        return;
      case Encoding::kUtf16Le:
        if (!take_bom("\xFF\xFE", Mode::kUtf16Le)) mode_ = Mode::kUtf16Le;
        return;
      case Encoding::kUtf16Be:
        if (!take_bom("\xFE\xFF", Mode::kUtf16Be)) mode_ = Mode::kUtf16Be;
        return;
      case Encoding::kWindows1252:
        mode_ = Mode::kWindows1252;
        return;
    }
  }
  if (take_bom("\xEF\xBB\xBF", Mode::kUtf8)) return;
  if (take_bom("\xFF\xFE", Mode::kUtf16Le)) return;
  take_bom("\xFE\xFF", Mode::kUtf16Be);
}

Encoding DecodingSource::encoding() const {
  switch (mode_) {
    case Mode::kUndecided:
    case Mode::kUtf8:
      return Encoding::kUtf8;
    case Mode::kWindows1252:
      return Encoding::kWindows1252;
    case Mode::kUtf16Le:
      return Encoding::kUtf16Le;
    case Mode::kUtf16Be:
      return Encoding::kUtf16Be;
  }
  return Encoding::kUtf8;
}

Result<size_t> DecodingSource::Read(char* out, size_t capacity) {
  for (;;) {
    if (available() == 0 && mode_ == Mode::kUtf8 && !eof_ &&
        capacity >= kDirectReadMin) {
      // The common case: decided UTF-8 passes straight into the caller's
      // buffer, with no second copy.
      M2DROP_ASSIGN_OR_RETURN(size_t n, source_->Read(out, capacity));
      if (n == 0) eof_ = true;
      M2DROP_RETURN_IF_ERROR(CountBytes(n));
      return n;
    }
    if (available() < 4) M2DROP_RETURN_IF_ERROR(FillRaw());
    if (available() == 0) return size_t{0};
    size_t written = 0;
    switch (mode_) {
      case Mode::kUtf8:
        written = std::min(capacity, available());
        std::memcpy(out, raw_.get() + raw_begin_, written);
        raw_begin_ += written;
        break;
      case Mode::kUndecided:
        written = ReadUndecided(out, capacity);
        break;
      case Mode::kWindows1252:
        written = ReadWindows1252(out, capacity);
        break;
      case Mode::kUtf16Le:
      case Mode::kUtf16Be:
        written = ReadUtf16(out, capacity);
        break;
    }
    if (written > 0) return written;
    // Nothing written: a sequence is cut off by the end of the raw buffer,
    // or the mode was just decided. FillRaw above gets more on the next turn;
    // at the end of input the Read* functions flush what is left.
  }
}

size_t DecodingSource::ReadUndecided(char* out, size_t capacity) {
  const char* p = raw_.get() + raw_begin_;
  const size_t n = std::min(available(), capacity);
  size_t ascii = 0;
  while (ascii < n && static_cast<uint8_t>(p[ascii]) < 0x80) ++ascii;
  std::memcpy(out, p, ascii);
  raw_begin_ += ascii;
  if (ascii < n) {
    // Decide on everything buffered from the first non-ASCII byte.
    bool truncated = false;
    std::string_view rest(raw_.get() + raw_begin_, available());
    size_t valid = ValidUtf8Prefix(rest, &truncated);
    if (valid == rest.size() || (truncated && !eof_ && valid > 0)) {
      mode_ = Mode::kUtf8;
    } else if (!truncated || eof_) {
      mode_ = Mode::kWindows1252;
    }
    // Otherwise the first sequence is cut off by the end of the buffer and
    // more input is coming: stay undecided; Read() fills the raw buffer
    // (fewer than 4 bytes are left) and retries.
  }
  return ascii;
}

size_t DecodingSource::ReadWindows1252(char* out, size_t capacity) {
  const auto* p = reinterpret_cast<const uint8_t*>(raw_.get() + raw_begin_);
  const size_t n = std::min(available(), capacity / 3);
  size_t w = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t b = p[i];
    if (b < 0x80) {
      out[w++] = static_cast<char>(b);
      continue;
    }
    uint32_t cp = Windows1252ToCodePoint(b);
    if (cp == kNoCodePoint) {
      out[w++] = kUndecodable;
    } else {
      w += EncodeUtf8(cp, out + w);
    }
  }
  raw_begin_ += n;
  return w;
}

size_t DecodingSource::ReadUtf16(char* out, size_t capacity) {
  const bool le = mode_ == Mode::kUtf16Le;
  const auto* p = reinterpret_cast<const uint8_t*>(raw_.get());
  auto unit = [&](size_t at) -> uint32_t {
    return le ? (p[at] | (p[at + 1] << 8)) : ((p[at] << 8) | p[at + 1]);
  };
  size_t w = 0;
  while (available() >= 2 && w + 4 <= capacity) {
    uint32_t u = unit(raw_begin_);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (available() < 4 && !eof_) break;  // Wait for the low surrogate.
      uint32_t low = available() >= 4 ? unit(raw_begin_ + 2) : 0;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        w += EncodeUtf8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00),
                        out + w);
        raw_begin_ += 4;
        continue;
      }
      out[w++] = kUndecodable;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      out[w++] = kUndecodable;
    } else {
      w += EncodeUtf8(u, out + w);
    }
    raw_begin_ += 2;
  }
  if (available() == 1 && eof_ && w < capacity) {
    out[w++] = kUndecodable;  // An odd byte count: half a code unit.
    ++raw_begin_;
  }
  return w;
}

}  // namespace m2drop::csv
