// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/search_criteria.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>
#include <set>
#include <string_view>
#include <unordered_set>

#include "m2drop/base/strings.h"
#include "m2drop/sim/data_objects.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kPrefix = "searchCriteria";

// "searchCriteria[a][0][b]" -> {"a", "0", "b"}; nullopt for other keys.
std::optional<std::vector<std::string>> KeyPath(std::string_view key) {
  if (key.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  key.remove_prefix(kPrefix.size());
  std::vector<std::string> path;
  while (!key.empty()) {
    if (key.front() != '[') return std::nullopt;
    size_t close = key.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    path.emplace_back(key.substr(1, close - 1));
    key.remove_prefix(close + 1);
  }
  return path;
}

// Accepts camelCase and snake_case spellings of a data-object field.
std::string Canonical(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<double> AsNumber(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return d;
}

std::string AsString(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  if (v.is_null()) return "";
  return v.dump();
}

// <0, 0, >0 like MySQL: numerically for numeric columns, else as
// case-insensitive strings (a *_ci collation). A varchar column compares as
// a string, so increment_id "000000101" does not equal "101".
int Compare(const Json& field, const std::string& value) {
  if (field.is_number()) {
    if (auto b = AsNumber(Json(value))) {
      double a = field.get<double>();
      return a < *b ? -1 : (a > *b ? 1 : 0);
    }
  }
  return AsciiLower(AsString(field)).compare(AsciiLower(value));
}

// SQL LIKE with % and _, case-insensitive.
bool Like(std::string_view text, std::string_view pattern) {
  std::string glob;
  for (char c : pattern) {
    if (c == '%') {
      glob += '*';
    } else if (c == '_') {
      glob += '?';
    } else if (c == '*' || c == '?' || c == '[' || c == '\\') {
      glob += '[';
      glob += c;
      glob += ']';
    } else {
      glob += c;
    }
  }
  return GlobMatch(glob, text, /*ignore_case=*/true);
}

bool InList(const Json& field, const std::string& value) {
  for (std::string_view part : Split(value, ',')) {
    if (Compare(field, std::string(part)) == 0) return true;
  }
  return false;
}

// The keys of Pdo/Mysql::prepareSqlCondition's $conditionKeyMap
// (lib/internal/Magento/Framework/DB/Adapter/Pdo/Mysql.php). A condition
// not among them, in another case ("EQ") or from the documentation only
// ("moreq"), matches no key, so the value is compared for equality.
const std::set<std::string>& SqlConditions() {
  static const std::set<std::string> kConditions = {
      "eq",   "neq",     "like",    "nlike",  "in",      "nin",
      "is",   "notnull", "null",    "gt",     "lt",      "gteq",
      "lteq", "finset",  "nfinset", "regexp", "nregexp", "from",
      "to",   "seq",     "sneq",    "ntoa"};
  return kConditions;
}

// ServiceInputProcessor converting SearchCriteria's int setters.
Result<int64_t> ParseInt(const std::string& name, const std::string& text) {
  std::optional<double> value = PhpNumeric(text);
  if (!value) {
    return Status::InvalidInput(
        "Error occurred during \"" + name + "\" processing. The \"" + text +
        "\" value's type is invalid. The \"int\" type was expected. Verify "
        "and try again.");
  }
  return static_cast<int64_t>(std::trunc(*value));
}

// MySQL REGEXP under a case-insensitive collation, approximated with
// ECMAScript syntax; a pattern std::regex cannot read matches nothing.
bool RegexpMatches(const std::string& text, const std::string& pattern) {
  try {
    return std::regex_search(text, std::regex(pattern, std::regex::icase));
  } catch (const std::regex_error&) {
    return false;
  }
}

// INET_NTOA of a numeric column.
std::string InetNtoa(const Json& field) {
  if (!field.is_number()) return "";
  const auto v = static_cast<uint32_t>(field.get<double>());
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
         std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
}

// The values of an object keyed "0", "1", ... in numeric order (copies: the
// callers pass temporaries).
std::vector<Json> Indexed(const Json& obj) {
  std::vector<std::pair<int64_t, const Json*>> parts;
  if (!obj.is_object()) return {};
  for (const auto& [key, value] : obj.items()) {
    int64_t index = 0;
    auto [end, ec] =
        std::from_chars(key.data(), key.data() + key.size(), index);
    if (ec != std::errc()) index = 0;
    parts.emplace_back(index, &value);
  }
  std::stable_sort(parts.begin(), parts.end(),
                   [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<Json> out;
  for (auto& [i, v] : parts) out.push_back(*v);
  return out;
}

std::string StringAt(const Json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string()
             ? obj[key].get<std::string>()
             : "";
}

Result<SearchCriteria> FromTree(const Json& tree) {
  SearchCriteria sc;
  for (const Json& group : Indexed(tree.value("filter_groups", Json()))) {
    std::vector<Filter> filters;
    for (const Json& f : Indexed(group.value("filters", Json()))) {
      Filter filter;
      filter.field = StringAt(f, "field");
      filter.value = StringAt(f, "value");
      std::string type = StringAt(f, "condition_type");
      if (!type.empty()) filter.condition_type = type;
      filters.push_back(filter);
    }
    if (!filters.empty()) sc.filter_groups.push_back(filters);
  }
  for (const Json& s : Indexed(tree.value("sort_orders", Json()))) {
    SortOrder order{StringAt(s, "field"), StringAt(s, "direction")};
    order.direction =
        EqualsIgnoreCase(order.direction, "DESC") ? "DESC" : "ASC";
    sc.sort_orders.push_back(order);
  }
  for (const char* name : {"page_size", "current_page"}) {
    std::string text = StringAt(tree, name);
    if (text.empty()) continue;
    M2DROP_ASSIGN_OR_RETURN(int64_t v, ParseInt(name, text));
    (std::string(name) == "page_size" ? sc.page_size : sc.current_page) = v;
  }
  return sc;
}

}  // namespace

Json SearchCriteria::ToJson() const {
  Json groups = Json::array();
  for (const auto& group : filter_groups) {
    Json filters = Json::array();
    for (const Filter& f : group) {
      filters.push_back({{"field", f.field},
                         {"value", f.value},
                         {"condition_type", f.condition_type}});
    }
    groups.push_back({{"filters", filters}});
  }
  Json echo = {{"filter_groups", groups}};
  if (!sort_orders.empty()) {
    Json sorts = Json::array();
    for (const SortOrder& s : sort_orders) {
      sorts.push_back({{"field", s.field}, {"direction", s.direction}});
    }
    echo["sort_orders"] = sorts;
  }
  if (page_size) echo["page_size"] = *page_size;
  if (current_page) echo["current_page"] = *current_page;
  return echo;
}

Result<SearchCriteria> ParseSearchCriteria(const QueryPairs& query) {
  Json tree = Json::object();
  bool present = false;
  bool page_size_camel = true;
  for (const auto& [key, value] : query) {
    auto path = KeyPath(key);
    if (!path) continue;
    present = true;
    if (path->size() == 1 && (*path)[0] == "page_size") {
      page_size_camel = false;
    } else if (path->size() == 1 && (*path)[0] == "pageSize") {
      page_size_camel = true;
    }
    if (path->empty()) continue;  // "searchCriteria=" alone
    Json* node = &tree;
    for (size_t i = 0; i < path->size(); ++i) {
      std::string part = Canonical((*path)[i]);
      if (!node->is_object()) *node = Json::object();
      node = &(*node)[part];
    }
    *node = value;
  }
  if (!present) return Status::NotFound("searchCriteria");
  Result<SearchCriteria> criteria = FromTree(tree);
  if (criteria.ok()) criteria->page_size_camel = page_size_camel;
  return criteria;
}

bool FilterMatches(const Filter& filter, const Json& row) {
  Json field = row.is_object() && row.contains(filter.field) ? row[filter.field]
                                                             : Json();
  const std::string& v = filter.value;
  std::string t = SqlConditions().count(filter.condition_type)
                      ? filter.condition_type
                      : "eq";
  // Mysql::_transformStringSqlCondition (UNVERIFIED, from memory of the
  // source): an empty value is IS NULL / IS NOT NULL, else = / !=.
  if (t == "seq") t = v.empty() ? "null" : "eq";
  if (t == "sneq") t = v.empty() ? "notnull" : "neq";
  // UNVERIFIED: "IS ?" quotes the value, which MySQL only takes for NULL.
  if (t == "is") return EqualsIgnoreCase(v, "null") && field.is_null();
  if (t == "null") return field.is_null();
  if (t == "notnull") return !field.is_null();
  if (field.is_null()) return false;  // SQL: NULL compares as unknown
  if (t == "regexp") return RegexpMatches(AsString(field), v);
  if (t == "nregexp") return !RegexpMatches(AsString(field), v);
  if (t == "ntoa") return Like(InetNtoa(field), v);
  if (t == "eq") return Compare(field, v) == 0;
  if (t == "neq") return Compare(field, v) != 0;
  if (t == "like") return Like(AsString(field), v);
  if (t == "nlike") return !Like(AsString(field), v);
  if (t == "in") return InList(field, v);
  if (t == "nin") return !InList(field, v);
  if (t == "gt") return Compare(field, v) > 0;
  if (t == "gteq" || t == "moreq" || t == "from") return Compare(field, v) >= 0;
  if (t == "lt") return Compare(field, v) < 0;
  if (t == "lteq" || t == "to") return Compare(field, v) <= 0;
  bool in_set = false;
  for (std::string_view part : Split(AsString(field), ',')) {
    in_set = in_set || EqualsIgnoreCase(part, v);
  }
  return t == "finset" ? in_set : !in_set;  // finset or nfinset
}

namespace {

// A filter as RunSearch applies it to many rows: an `in`/`nin` list is
// split and lower-cased once (m2drop's searches name 300 values) and
// string fields are looked up in it; anything else is FilterMatches.
class RowFilter {
 public:
  explicit RowFilter(const Filter& filter) : filter_(filter) {
    if (filter.condition_type != "in" && filter.condition_type != "nin") return;
    values_.emplace();
    for (std::string_view part : Split(filter.value, ',')) {
      values_->insert(AsciiLower(part));
    }
  }

  bool Matches(const Json& row) const {
    if (!values_) return FilterMatches(filter_, row);
    const Json* field = row.is_object() && row.contains(filter_.field)
                            ? &row[filter_.field]
                            : nullptr;
    if (field == nullptr || field->is_null()) return false;
    if (field->is_number()) return FilterMatches(filter_, row);
    const bool in = values_->contains(AsciiLower(AsString(*field)));
    return filter_.condition_type == "in" ? in : !in;
  }

 private:
  const Filter& filter_;
  std::optional<std::unordered_set<std::string>> values_;
};

}  // namespace

Json RunSearch(const SearchCriteria& criteria, std::vector<Json> rows) {
  std::vector<std::vector<RowFilter>> groups;
  for (const std::vector<Filter>& group : criteria.filter_groups) {
    groups.emplace_back(group.begin(), group.end());
  }
  std::vector<Json> kept;
  for (Json& row : rows) {
    bool all_groups = std::all_of(
        groups.begin(), groups.end(), [&](const std::vector<RowFilter>& group) {
          return std::any_of(
              group.begin(), group.end(),
              [&](const RowFilter& f) { return f.Matches(row); });
        });
    if (all_groups) kept.push_back(std::move(row));
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const Json& a, const Json& b) {
    for (const SortOrder& s : criteria.sort_orders) {
      Json fa = a.value(s.field, Json());
      int c = Compare(fa, AsString(b.value(s.field, Json())));
      if (c != 0) return s.direction == "DESC" ? c > 0 : c < 0;
    }
    return false;
  });
  int64_t total = static_cast<int64_t>(kept.size());
  Json items = Json::array();
  int64_t size = criteria.page_size.value_or(0);
  if (size > 0) {
    int64_t last_page = std::max<int64_t>(1, (total + size - 1) / size);
    int64_t page =
        std::clamp<int64_t>(criteria.current_page.value_or(1), 1, last_page);
    int64_t begin = (page - 1) * size;
    for (int64_t i = begin; i < std::min(total, begin + size); ++i) {
      items.push_back(std::move(kept[i]));
    }
  } else {
    for (Json& row : kept) items.push_back(std::move(row));
  }
  return {{"items", items},
          {"search_criteria", criteria.ToJson()},
          {"total_count", total}};
}

std::optional<std::unordered_set<std::string>> EqualityCandidates(
    const SearchCriteria& criteria, std::string_view field) {
  for (const std::vector<Filter>& group : criteria.filter_groups) {
    if (group.size() != 1 || group[0].field != field) continue;
    const Filter& f = group[0];
    if (f.condition_type != "eq" && f.condition_type != "in") continue;
    std::unordered_set<std::string> values;
    if (f.condition_type == "eq") {
      values.insert(AsciiLower(f.value));
    } else {
      for (std::string_view part : Split(f.value, ',')) {
        values.insert(AsciiLower(part));
      }
    }
    return values;
  }
  return std::nullopt;
}

}  // namespace m2drop::sim
