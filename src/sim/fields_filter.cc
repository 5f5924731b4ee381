// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/fields_filter.h"

#include <charconv>
#include <utility>
#include <vector>

namespace m2drop::sim {
namespace {

// preg_match('/[^\w\[\],]+/'): PCRE's \w without the u flag is ASCII.
bool AllowedChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '[' || c == ']' || c == ',';
}

// Whether PHP stores `key` as an integer array key ("0", "12", "-3"; not
// "012" or "1.0"), which decides whether an array is walked as a list.
bool IsIntegerKey(std::string_view key) {
  std::string_view digits = key;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty() || (digits.front() == '0' && key.size() > 1)) {
    return false;
  }
  int64_t value = 0;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), value);
  return ec == std::errc() && end == key.data() + key.size();
}

using Entries = std::vector<std::pair<std::string, Json>>;

// The key => value pairs of a PHP array: a JSON list's indexes become the
// keys "0", "1", ...
Entries EntriesOf(const Json& value) {
  Entries entries;
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      entries.emplace_back(std::to_string(i), value[i]);
    }
  } else {
    for (const auto& [key, v] : value.items()) entries.emplace_back(key, v);
  }
  return entries;
}

// applyFilter's test `!count(array_filter(array_keys($a), 'is_string'))`:
// no string key, which an empty array also passes.
bool IsSequential(const Json& value) {
  if (value.is_array()) return true;
  for (const auto& [key, v] : value.items()) {
    if (!IsIntegerKey(key)) return false;
  }
  return true;
}

// json_encode of a PHP array: a list when the keys are 0..n-1 in order
// (the empty array included), else an object.
Json Render(Entries entries) {
  bool list = true;
  for (size_t i = 0; i < entries.size() && list; ++i) {
    list = entries[i].first == std::to_string(i);
  }
  Json out = list ? Json::array() : Json::object();
  for (auto& [key, value] : entries) {
    if (list) {
      out.push_back(std::move(value));
    } else {
      out[key] = std::move(value);
    }
  }
  return out;
}

std::optional<Json> ApplyFilter(const Json& response, const Json& filter);

// FieldsFilter::filterCustomAttributes: attribute entries named in the
// filter keep their code and value; others keep what the filter names of
// attribute_code and value.
Json FilterCustomAttributes(const Json& attributes, const Json& filter) {
  Entries result;
  for (auto& [key, field] : EntriesOf(attributes)) {
    Json kept = Json::object();
    const Json code =
        field.is_object() ? field.value("attribute_code", Json()) : Json();
    const Json value =
        field.is_object() ? field.value("value", Json()) : Json();
    const bool named =
        code.is_string() && filter.contains(code.get<std::string>());
    if (named || filter.contains("attribute_code"))
      kept["attribute_code"] = code;
    if (named || filter.contains("value")) kept["value"] = value;
    if (!kept.empty()) result.emplace_back(key, std::move(kept));
  }
  return Render(std::move(result));
}

// FieldsFilter::recursiveArrayIntersectKey.
std::optional<Json> IntersectKeys(const Json& response, const Json& filter) {
  Entries kept;
  for (auto& [key, value] : EntriesOf(response)) {
    auto it = filter.find(key);
    if (it == filter.end()) continue;
    if (key == "custom_attributes" && it->is_object() &&
        value.is_structured()) {
      kept.emplace_back(key, FilterCustomAttributes(value, *it));
      continue;
    }
    if (value.is_structured() && it->is_object()) {
      std::optional<Json> inner = ApplyFilter(value, *it);
      if (!inner) return std::nullopt;
      kept.emplace_back(key, std::move(*inner));
    } else {
      kept.emplace_back(key, value);
    }
  }
  return Render(std::move(kept));
}

// FieldsFilter::applyFilter: a list is filtered element by element, and an
// empty one becomes null ($arrayIntersect starts null).
std::optional<Json> ApplyFilter(const Json& response, const Json& filter) {
  if (!IsSequential(response)) return IntersectKeys(response, filter);
  Entries elements;
  for (auto& [key, item] : EntriesOf(response)) {
    // recursiveArrayIntersectKey(array $array1, ...) with a scalar.
    if (!item.is_structured()) return std::nullopt;
    std::optional<Json> filtered = IntersectKeys(item, filter);
    if (!filtered) return std::nullopt;
    elements.emplace_back(key, std::move(*filtered));
  }
  if (elements.empty()) return Json(nullptr);
  return Render(std::move(elements));
}

// `$current[$key] = $value` on a parse level that PHP may have left null.
void Assign(Json& level, const std::string& key, Json value) {
  if (!level.is_object()) level = Json::object();
  level[key] = std::move(value);
}

}  // namespace

std::optional<Json> ParseFieldsFilter(std::string_view spec) {
  if (spec.empty()) return std::nullopt;
  for (char c : spec) {
    if (!AllowedChar(c)) return std::nullopt;
  }
  std::optional<size_t> start;
  Json current = Json::object();
  std::vector<Json> stack;
  std::vector<std::optional<std::string>> parent;
  std::optional<std::string> element;  // the field last closed by [ ] or ,
  for (size_t pos = 0; pos < spec.size(); ++pos) {
    const char c = spec[pos];
    if (c == '[' || c == ']' || c == ',') {
      if (start) {
        element = std::string(spec.substr(*start, pos - *start));
        Assign(current, *element, 1);
      }
      start.reset();
    }
    if (c == '[') {
      parent.push_back(element);
      stack.push_back(std::move(current));
      current = Json::object();
    } else if (c == ']') {
      Json temp = std::move(current);
      // array_pop() of an empty stack gives null, and a null key is "".
      current = stack.empty() ? Json(nullptr) : std::move(stack.back());
      if (!stack.empty()) stack.pop_back();
      std::optional<std::string> key =
          parent.empty() ? std::nullopt : parent.back();
      if (!parent.empty()) parent.pop_back();
      Assign(current, key.value_or(""), std::move(temp));
    } else if (c != ',' && !start) {
      start = pos;
    }
  }
  if (!stack.empty()) return std::nullopt;
  if (start) Assign(current, std::string(spec.substr(*start)), 1);
  return current;
}

std::optional<Json> ApplyFieldsFilter(const Json& response,
                                      std::string_view spec) {
  std::optional<Json> tree = ParseFieldsFilter(spec);
  if (!tree) return Json::array();
  return ApplyFilter(response, *tree);
}

FieldsParam FindFieldsParam(const QueryPairs& query) {
  FieldsParam param;
  for (const auto& [key, value] : query) {
    if (key == "fields") {
      param = {FieldsParam::Kind::kString, value};
    } else if (key.rfind("fields[", 0) == 0) {
      param = {FieldsParam::Kind::kArray, ""};
    }
  }
  return param;
}

std::optional<Json> FilterOutput(const QueryPairs& query, const Json& output) {
  FieldsParam param = FindFieldsParam(query);
  // PHP truthiness: "" and "0" are false; an array parameter is true.
  const bool truthy = param.kind == FieldsParam::Kind::kArray ||
                      (param.kind == FieldsParam::Kind::kString &&
                       !param.value.empty() && param.value != "0");
  if (!truthy || !output.is_structured()) return output;
  // FieldsFilter::filter: `if (!is_string($filter)) return [];`
  if (param.kind == FieldsParam::Kind::kArray) return Json::array();
  return ApplyFieldsFilter(output, param.value);
}

}  // namespace m2drop::sim
