// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/fields_filter.h"

#include <vector>

namespace m2drop::sim {
namespace {

bool AllowedChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '[' || c == ']' || c == ',';
}

Json Filter(const Json& value, const Json& tree);

Json FilterObject(const Json& object, const Json& tree) {
  Json out = Json::object();
  for (const auto& [key, sub] : tree.items()) {
    if (!object.contains(key)) continue;
    const Json& v = object[key];
    out[key] = sub.is_null() || !v.is_structured() ? v : Filter(v, sub);
  }
  return out;
}

Json Filter(const Json& value, const Json& tree) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& element : value) {
      out.push_back(element.is_object() ? FilterObject(element, tree)
                                        : element);
    }
    return out;
  }
  if (value.is_object()) return FilterObject(value, tree);
  return value;
}

}  // namespace

std::optional<Json> ParseFieldsFilter(std::string_view spec) {
  if (spec.empty()) return std::nullopt;
  for (char c : spec) {
    if (!AllowedChar(c)) return std::nullopt;
  }
  Json root = Json::object();
  std::vector<Json*> stack = {&root};
  std::string name;
  Json* last = nullptr;  // the field just closed, which '[' opens
  auto flush = [&]() {
    if (name.empty()) return;
    Json& node = (*stack.back())[name];
    if (!node.is_object()) node = nullptr;
    last = &node;
    name.clear();
  };
  for (char c : spec) {
    if (c == ',') {
      flush();
    } else if (c == '[') {
      flush();
      if (last == nullptr) return std::nullopt;  // "[" without a field
      if (!last->is_object()) *last = Json::object();
      stack.push_back(last);
      last = nullptr;
    } else if (c == ']') {
      flush();
      if (stack.size() == 1) return std::nullopt;
      last = stack.back();
      stack.pop_back();
    } else {
      name += c;
    }
  }
  flush();
  if (stack.size() != 1 || root.empty()) return std::nullopt;
  return root;
}

Json ApplyFieldsFilter(const Json& response, std::string_view spec) {
  if (!response.is_structured()) return response;
  std::optional<Json> tree = ParseFieldsFilter(spec);
  if (!tree) return Json::array();
  return Filter(response, *tree);
}

}  // namespace m2drop::sim
