// SPDX-License-Identifier: Apache-2.0
#include "table_reader.h"

#include <algorithm>

#include "m2drop/config/known_keys.h"
#include "m2drop/config/units.h"

namespace m2drop::config::internal {
namespace {

// Long strings are cut in messages: the point is to recognise the value.
constexpr size_t kMaxQuoted = 60;

std::string FormatDouble(double value) {
  std::string text = std::to_string(value);
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string DescribeValue(const toml::node& value) {
  if (const auto* s = value.as_string()) {
    std::string_view text = s->get();
    if (text.size() <= kMaxQuoted) return QuoteForMessage(text);
    return QuoteForMessage(text.substr(0, kMaxQuoted)) + "...";
  }
  if (const auto* i = value.as_integer()) return std::to_string(i->get());
  if (const auto* d = value.as_floating_point()) return FormatDouble(d->get());
  if (const auto* b = value.as_boolean()) return b->get() ? "true" : "false";
  if (value.is_array()) return "an array";
  if (value.is_table()) return "a table";
  return "a date/time";
}

int LineOf(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

TableReader::TableReader(const toml::table& table, std::string path,
                         std::string_view known_table, Problems* problems)
    : table_(table),
      path_(std::move(path)),
      known_table_(known_table),
      problems_(problems) {}

std::string TableReader::KeyPath(std::string_view key) const {
  // Keys come from the file: anything but a bare key is quoted as in TOML,
  // so a key cannot break the one-problem-per-line message.
  bool bare = !key.empty();
  for (char c : key) {
    bare = bare && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  std::string name = bare ? std::string(key) : QuoteForMessage(key);
  if (path_.empty()) return name;
  return path_ + "." + name;
}

const toml::node* TableReader::Get(std::string_view key) const {
  return table_.get(key);
}

int TableReader::LineOfKey(std::string_view key) const {
  const toml::node* node = Get(key);
  return node != nullptr ? LineOf(*node) : line();
}

void TableReader::Problem(std::string_view key, std::string_view what) {
  reported_keys_.emplace_back(key);
  problems_->Add(KeyPath(key), what, LineOfKey(key));
}

void TableReader::Missing(std::string_view key) {
  problems_->Add(KeyPath(key), "required key is missing", line());
}

const std::string* TableReader::StringValue(std::string_view key,
                                            std::string_view expected) {
  const toml::node* node = Get(key);
  if (node == nullptr) return nullptr;
  if (const auto* s = node->as_string()) return &s->get();
  Problem(key, "expected " + std::string(expected) + ", got " +
                   DescribeValue(*node));
  return nullptr;
}

bool TableReader::String(std::string_view key, std::string* out) {
  const std::string* value = StringValue(key, "a string");
  if (value == nullptr) return false;
  *out = *value;
  return true;
}

bool TableReader::Bool(std::string_view key, bool* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  if (const auto* b = node->as_boolean()) {
    *out = b->get();
    return true;
  }
  Problem(key, "expected true or false, got " + DescribeValue(*node));
  return false;
}

bool TableReader::Int(std::string_view key, int64_t min, int64_t max,
                      int* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  const auto* i = node->as_integer();
  if (i == nullptr) {
    Problem(key, "expected a whole number, got " + DescribeValue(*node));
    return false;
  }
  if (i->get() < min || i->get() > max) {
    Problem(key, "must be from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got " + std::to_string(i->get()));
    return false;
  }
  *out = static_cast<int>(i->get());
  return true;
}

bool TableReader::Double(std::string_view key, double min, double max,
                         double* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  std::optional<double> value = node->value<double>();
  if (!value.has_value() || node->is_boolean()) {
    Problem(key, "expected a number, got " + DescribeValue(*node));
    return false;
  }
  if (!(*value >= min && *value <= max)) {  // Also refuses NaN.
    Problem(key, "must be from " + FormatDouble(min) + " to " +
                     FormatDouble(max) + ", got " + DescribeValue(*node));
    return false;
  }
  *out = *value;
  return true;
}

bool TableReader::Duration(std::string_view key, std::chrono::milliseconds min,
                           std::chrono::milliseconds* out) {
  const std::string* text = StringValue(key, "a duration like \"2s\"");
  if (text == nullptr) return false;
  Result<std::chrono::milliseconds> value = ParseDuration(*text);
  if (!value.ok()) {
    Problem(key, "invalid duration " + QuoteForMessage(*text) + ": " +
                     value.status().message());
    return false;
  }
  if (*value < min) {
    Problem(key, (min == std::chrono::milliseconds(1)
                      ? std::string("must be more than 0")
                      : "must be at least " + FormatDuration(min)) +
                     ", got " + QuoteForMessage(*text));
    return false;
  }
  *out = *value;
  return true;
}

bool TableReader::Size(std::string_view key, uint64_t min, uint64_t max,
                       uint64_t* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  uint64_t bytes = 0;
  if (const auto* i = node->as_integer(); i != nullptr && i->get() >= 0) {
    bytes = static_cast<uint64_t>(i->get());
  } else if (const auto* s = node->as_string()) {
    Result<uint64_t> value = ParseSize(s->get());
    if (!value.ok()) {
      Problem(key, "invalid size " + DescribeValue(*node) + ": " +
                       value.status().message());
      return false;
    }
    bytes = *value;
  } else {
    Problem(key, "expected a size like \"64KiB\" or a number of bytes, got " +
                     DescribeValue(*node));
    return false;
  }
  if (bytes < min || bytes > max) {
    Problem(key, "must be from " + std::to_string(min) + " to " +
                     std::to_string(max) + " bytes, got " +
                     DescribeValue(*node));
    return false;
  }
  *out = bytes;
  return true;
}

bool TableReader::StringList(std::string_view key,
                             std::vector<std::string>* out) {
  const toml::node* node = Get(key);
  if (node == nullptr) return false;
  std::vector<std::string> values;
  if (const auto* s = node->as_string()) {
    values.push_back(s->get());
  } else if (const auto* array = node->as_array()) {
    for (const toml::node& element : *array) {
      const auto* item = element.as_string();
      if (item == nullptr) {
        Problem(key,
                "expected strings in the array, got " + DescribeValue(element));
        return false;
      }
      values.push_back(item->get());
    }
  } else {
    Problem(key, "expected a string or an array of strings, got " +
                     DescribeValue(*node));
    return false;
  }
  bool has_empty = std::any_of(values.begin(), values.end(),
                               [](const std::string& v) { return v.empty(); });
  if (values.empty() || has_empty) {
    Problem(key, "must name at least one value, and no empty ones");
    return false;
  }
  *out = std::move(values);
  return true;
}

void TableReader::CheckUnknownKeys() {
  std::vector<std::string_view> known = KnownKeyNames(known_table_);
  for (const auto& [key, node] : table_) {
    std::string_view name = key.str();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (std::find(reported_keys_.begin(), reported_keys_.end(), name) !=
        reported_keys_.end()) {
      continue;
    }
    int line = static_cast<int>(key.source().begin.line);
    if (const RetiredKey* retired = FindRetiredKey(known_table_, name)) {
      problems_->Add(KeyPath(name), retired->instead, line);
      continue;
    }
    std::string hint = DidYouMean(name, known);
    if (hint.empty()) hint = "; config.example.toml lists every key";
    problems_->Add(KeyPath(name), "unknown key" + hint, line);
  }
}

}  // namespace m2drop::config::internal
