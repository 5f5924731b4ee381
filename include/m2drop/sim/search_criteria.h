// SPDX-License-Identifier: Apache-2.0
// Magento's searchCriteria: parsing the flat bracketed query keys and
// evaluating them over rows (magento-rest.md §1.2).
//
// Filters inside a group are OR-ed, groups are AND-ed
// (Api/SearchCriteria/CollectionProcessor/FilterProcessor.php); condition_type
// defaults to eq and is matched case-sensitively against the conditions of
// Pdo/Mysql::prepareSqlCondition (lib/internal/Magento/Framework/DB/Adapter/
// Pdo/Mysql.php), an unknown one ("EQ", "moreq") falling back to equality;
// `in`/`nin` split on "," without trimming; string comparisons ignore ASCII
// case (a MySQL *_ci collation); a page past the end is clamped to the last
// page (Collection::getCurPage). UNVERIFIED: how Magento answers a sort
// direction other than ASC/DESC (the simulator sorts ascending). Pure
// functions; no state.
#ifndef M2DROP_SIM_SEARCH_CRITERIA_H_
#define M2DROP_SIM_SEARCH_CRITERIA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

struct Filter {
  std::string field;
  std::string value;
  std::string condition_type = "eq";
};

struct SortOrder {
  std::string field;
  std::string direction = "ASC";  // ASC or DESC
};

struct SearchCriteria {
  std::vector<std::vector<Filter>> filter_groups;
  std::vector<SortOrder> sort_orders;
  std::optional<int64_t> page_size;
  std::optional<int64_t> current_page;
  // Sent as searchCriteria[pageSize]: SearchCriteriaValidator checks the
  // maximum only under that name, not under page_size.
  bool page_size_camel = true;

  // The echo Magento returns as "search_criteria".
  Json ToJson() const;
};

// Parses every query key starting with "searchCriteria[" (both
// pageSize/page_size, currentPage/current_page, sortOrders/sort_orders,
// filterGroups/filter_groups, conditionType/condition_type spellings).
// kNotFound when the query has no searchCriteria at all (the route answers
// "%fieldName" is required); kInvalidInput, with Magento's message, for a
// page size or current page that is not numeric.
Result<SearchCriteria> ParseSearchCriteria(const QueryPairs& query);

// True when `row` satisfies `filter` (row fields read by name; a missing
// field is null).
bool FilterMatches(const Filter& filter, const Json& row);

// The values (lower-cased) a search is limited to on `field`, when one of
// its filter groups is a single `field` filter with condition eq or in;
// nullopt when the search may match any row. Routes use it to turn only the
// candidates into JSON (bench/ seeds 100,000 orders or products); RunSearch
// still applies every filter, so the result is the same.
std::optional<std::unordered_set<std::string>> EqualityCandidates(
    const SearchCriteria& criteria, std::string_view field);

// Filters, sorts and pages `rows`; returns {"items", "search_criteria",
// "total_count"} with total_count counted before paging.
Json RunSearch(const SearchCriteria& criteria, std::vector<Json> rows);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SEARCH_CRITERIA_H_
