// SPDX-License-Identifier: Apache-2.0
#include "m2drop/csv/record_scanner.h"

#include <algorithm>
#include <cstring>

#include "m2drop/base/check.h"

namespace m2drop::csv {
namespace {

constexpr size_t kChunk = 64 * 1024;

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// `text` without a UTF-8 character cut off at its end (the lead byte of a
// sequence that `text` does not hold in full), for text cut at a limit.
std::string_view DropCutCharacter(std::string_view text) {
  size_t n = text.size();
  for (size_t back = 1; back <= 4 && back <= n; ++back) {
    auto byte = static_cast<uint8_t>(text[n - back]);
    if ((byte & 0xC0) == 0x80) continue;
    size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    return length > back ? text.substr(0, n - back) : text;
  }
  return text;
}

}  // namespace

RecordScanner::RecordScanner(std::unique_ptr<DecodingSource> source,
                             ScannerLimits limits)
    : source_(std::move(source)),
      limits_(limits),
      buffer_(new char[kChunk]),
      capacity_(kChunk) {}

std::string_view RecordScanner::Peek(size_t n) {
  M2DROP_CHECK(n <= kChunk);
  while (end_ - pos_ < n && ReadMore()) {
  }
  return {buffer_.get() + pos_, end_ - pos_};
}

std::string_view RecordScanner::field(size_t i) const {
  M2DROP_CHECK(i < field_ends_.size());
  size_t begin = i == 0 ? 0 : field_ends_[i - 1];
  return std::string_view(fields_).substr(begin, field_ends_[i] - begin);
}

std::string_view RecordScanner::raw() const {
  return {buffer_.get() + record_start_, raw_end_ - record_start_};
}

// Appends input after end_, first moving the kept record to the front and
// growing the buffer when the record fills it. False at the end of input or
// on a read error (then status_ says which).
bool RecordScanner::ReadMore() {
  if (eof_) return false;
  if (record_start_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + record_start_,
                 end_ - record_start_);
    pos_ -= record_start_;
    end_ -= record_start_;
    raw_end_ -= std::min(raw_end_, record_start_);
    record_start_ = 0;
  }
  if (capacity_ - end_ < kChunk / 4) {
    // Grow for a long record, but no further than the longest one allowed
    // needs (FillBuffer refuses to read more for a record at the limit).
    size_t grown =
        std::max(std::min(capacity_ * 2, limits_.max_record_bytes + kChunk),
                 capacity_ + kChunk / 4);
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  Result<size_t> n = source_->Read(buffer_.get() + end_, capacity_ - end_);
  if (!n.ok()) {
    status_ = n.status();
    eof_ = true;
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  end_ += *n;
  return true;
}

RecordScanner::Fill RecordScanner::FillBuffer() {
  if (end_ - record_start_ >= limits_.max_record_bytes) return Fill::kTooLong;
  return ReadMore() ? Fill::kData : Fill::kEnd;
}

void RecordScanner::BeginLine() {
  record_start_ = pos_;
  record_line_ = line_;
  has_content_ = false;
  too_many_fields_ = false;
  fields_.clear();
  field_ends_.clear();
  trim_floor_ = 0;
}

void RecordScanner::EndField() {
  if (field_ends_.size() >= limits_.max_fields) {
    too_many_fields_ = true;
  } else {
    field_ends_.push_back(static_cast<uint32_t>(fields_.size()));
  }
  trim_floor_ = fields_.size();
}

void RecordScanner::TrimUnquotedTail() {
  while (fields_.size() > trim_floor_ && IsSpace(fields_.back())) {
    fields_.pop_back();
  }
}

// pos_ is at an LF or CR outside quotes. A CR may be the first half of CRLF;
// that is settled when the next byte is seen (pending_cr_), so the scanner
// never has to look ahead across a buffer refill.
void RecordScanner::ConsumeTerminator() {
  ++line_;
  if (buffer_[pos_] == '\n') {
    ++endings_.lf;
  } else {
    pending_cr_ = true;
  }
  ++pos_;
}

void RecordScanner::SetError(uint32_t column, std::string message,
                             size_t raw_begin, size_t raw_end, bool cut) {
  error_.line = record_line_;
  error_.column = column;
  error_.message = std::move(message);
  std::string_view raw(buffer_.get() + raw_begin, raw_end - raw_begin);
  if (raw.size() > limits_.max_record_bytes) {
    raw = raw.substr(0, limits_.max_record_bytes);
    cut = true;
  }
  error_.raw.assign(cut ? DropCutCharacter(raw) : raw);
}

RecordScanner::Outcome RecordScanner::EndRecord(size_t raw_end) {
  raw_end_ = raw_end;
  if (raw_end - record_start_ > limits_.max_record_bytes) {
    // It fit in the buffer, but the limit is a promise about every record.
    SetError(0, TooLongMessage(), record_start_, raw_end);
    return Outcome::kError;
  }
  if (too_many_fields_) {
    SetError(static_cast<uint32_t>(limits_.max_fields + 1),
             "the record has more than " + std::to_string(limits_.max_fields) +
                 " fields (the max_fields limit)",
             record_start_, raw_end);
    return Outcome::kError;
  }
  return Outcome::kRecord;
}

RecordScanner::Outcome RecordScanner::Scan() {
  if (eof_ && pos_ == end_ && !pending_cr_) return Outcome::kEnd;
  BeginLine();
  State state = State::kFieldStart;
  for (;;) {
    if (pos_ == end_) {
      Fill fill = FillBuffer();
      if (fill == Fill::kEnd) return OnEndOfInput(state);
      if (fill == Fill::kTooLong) return OnTooLong(state);
    }
    const char* b = buffer_.get();
    char c = b[pos_];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') {
        ++endings_.crlf;
        ++pos_;
        BeginLine();
        continue;
      }
      ++endings_.cr;
    }
    switch (state) {
      case State::kFieldStart:
        if (IsSpace(c)) {
          ++pos_;
        } else if (c == '"') {
          has_content_ = true;
          quote_offset_ = pos_ - record_start_;
          quote_line_ = line_;
          quote_column_ = static_cast<uint32_t>(field_ends_.size() + 1);
          ++pos_;
          state = State::kQuoted;
        } else if (c == delimiter_) {
          has_content_ = true;
          EndField();
          ++pos_;
        } else if (IsLineBreak(c)) {
          if (!has_content_) {  // A blank line.
            ConsumeTerminator();
            BeginLine();
            continue;
          }
          EndField();
          size_t raw_end = pos_;
          ConsumeTerminator();
          return EndRecord(raw_end);
        } else {
          has_content_ = true;
          state = State::kUnquoted;
        }
        break;
      case State::kUnquoted: {
        size_t start = pos_;
        const char d = delimiter_;
        while (pos_ < end_ && b[pos_] != d && b[pos_] != '\n' &&
               b[pos_] != '\r') {
          ++pos_;
        }
        fields_.append(b + start, pos_ - start);
        if (pos_ == end_) break;
        TrimUnquotedTail();
        EndField();
        if (b[pos_] == d) {
          ++pos_;
          state = State::kFieldStart;
          break;
        }
        size_t raw_end = pos_;
        ConsumeTerminator();
        return EndRecord(raw_end);
      }
      case State::kQuoted: {
        size_t start = pos_;
        while (pos_ < end_ && b[pos_] != '"' && b[pos_] != '\n' &&
               b[pos_] != '\r') {
          ++pos_;
        }
        fields_.append(b + start, pos_ - start);
        if (pos_ == end_) break;
        char q = b[pos_];
        if (q == '"') {
          state = State::kQuoteSeen;
        } else {
          // A line break inside quotes is data; count it as a line, CRLF
          // once (the byte before is in the buffer: the quote precedes it).
          fields_.push_back(q);
          if (q == '\r' || b[pos_ - 1] != '\r') ++line_;
        }
        ++pos_;
        break;
      }
      case State::kQuoteSeen:
        if (c == '"') {
          fields_.push_back('"');
          ++pos_;
          state = State::kQuoted;
        } else if (c == delimiter_) {
          EndField();
          ++pos_;
          state = State::kFieldStart;
        } else if (IsLineBreak(c)) {
          EndField();
          size_t raw_end = pos_;
          ConsumeTerminator();
          return EndRecord(raw_end);
        } else {
          trim_floor_ = fields_.size();
          state = State::kUnquoted;
        }
        break;
    }
  }
}

RecordScanner::Outcome RecordScanner::OnEndOfInput(State state) {
  if (pending_cr_) {
    pending_cr_ = false;
    ++endings_.cr;
  }
  if (!status_.ok() || !has_content_) return Outcome::kEnd;
  if (state == State::kQuoted) return UnterminatedQuote(true);
  if (state == State::kUnquoted) TrimUnquotedTail();
  EndField();
  return EndRecord(end_);
}

std::string RecordScanner::TooLongMessage() const {
  return "the record is longer than " +
         std::to_string(limits_.max_record_bytes) +
         " bytes (the max_line_length limit)";
}

RecordScanner::Outcome RecordScanner::OnTooLong(State state) {
  if (state == State::kQuoted) return UnterminatedQuote(false);
  SetError(0, TooLongMessage(), record_start_, end_, /*cut=*/true);
  SkipRestOfLine();
  return Outcome::kError;
}

// The quote at quote_offset_ never closed. Resume on the line after the one
// it opened on, which is still in the buffer (the whole record is kept).
RecordScanner::Outcome RecordScanner::UnterminatedQuote(bool at_end_of_input) {
  size_t quote = record_start_ + quote_offset_;
  const char* b = buffer_.get();
  const char* found = std::find_if(b + quote, b + end_, IsLineBreak);
  std::string why = at_end_of_input
                        ? "is not closed before the end of the file"
                        : "is not closed within " +
                              std::to_string(limits_.max_record_bytes) +
                              " bytes (the max_line_length limit)";
  // The skipped text: the record up to the end of the quote's line.
  SetError(quote_column_,
           "unterminated quote: the quoted field that opens on line " +
               std::to_string(quote_line_) + " " + why,
           record_start_, static_cast<size_t>(found - b),
           /*cut=*/found == b + end_ && !at_end_of_input);
  if (found == b + end_) {
    // The quote opened on the last line read: nothing to resume from.
    if (at_end_of_input) {
      pos_ = end_;
    } else {
      SkipRestOfLine();
    }
    return Outcome::kError;
  }
  error_.message +=
      "; reading goes on at line " + std::to_string(quote_line_ + 1);
  pos_ = static_cast<size_t>(found - b);
  record_start_ = pos_;
  line_ = quote_line_;
  pending_cr_ = false;
  // The next Scan() sees the line break at pos_ as the end of a blank line,
  // which counts it and moves to the following line.
  return Outcome::kError;
}

// Drops input up to (not including) the next line break, without buffering.
void RecordScanner::SkipRestOfLine() {
  for (;;) {
    const char* b = buffer_.get();
    const char* found = std::find_if(b + pos_, b + end_, IsLineBreak);
    pos_ = static_cast<size_t>(found - b);
    record_start_ = pos_;
    if (pos_ < end_ || !ReadMore()) return;
  }
}

}  // namespace m2drop::csv
