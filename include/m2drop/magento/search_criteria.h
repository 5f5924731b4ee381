// SPDX-License-Identifier: Apache-2.0
// SearchCriteria: builds the flat query pairs of a Magento search.
//
// Magento's getList routes (GET /V1/orders, /V1/shipments, /V1/products,
// ...) take `searchCriteria` as bracketed query keys (magento-rest.md §1.2):
//   searchCriteria[filter_groups][G][filters][F][field|value|condition_type]
//   searchCriteria[sortOrders][S][field|direction]
//   searchCriteria[pageSize], searchCriteria[currentPage]
// Filters inside one group are OR-ed; groups are AND-ed. The pairs come out
// unencoded (ApiRequest::query), in a fixed order: groups, sort orders, page
// size, current page. A value type; not thread-safe while being built.
#ifndef M2DROP_MAGENTO_SEARCH_CRITERIA_H_
#define M2DROP_MAGENTO_SEARCH_CRITERIA_H_

#include <string>
#include <utility>
#include <vector>

#include "m2drop/magento/url.h"

namespace m2drop::magento {

struct SearchFilter {
  std::string field;
  std::string value;
  std::string condition_type = "eq";  // eq, in, gteq, like, ...
};

enum class SortDirection { kAscending, kDescending };

class SearchCriteria {
 public:
  // Adds one group of filters, OR-ed together. REQUIRES: !filters.empty().
  SearchCriteria& AddGroup(std::vector<SearchFilter> filters);

  // Adds a group with the single filter `field condition value`.
  SearchCriteria& Where(std::string field, std::string value,
                        std::string condition_type = "eq");

  // Adds a group matching `field` against any of `values`. Magento splits an
  // `in` value on "," without trimming, so values are joined by "," with no
  // spaces, and a value that itself contains a comma cannot be in the list:
  // each such value becomes its own `eq` filter in the same group (OR).
  // REQUIRES: !values.empty() (an empty group would match everything).
  SearchCriteria& WhereIn(const std::string& field,
                          const std::vector<std::string>& values);

  SearchCriteria& SortBy(std::string field,
                         SortDirection direction = SortDirection::kAscending);

  // REQUIRES: page_size >= 1. Always set it: Magento's default page size
  // differs between versions, and some return every row without it.
  SearchCriteria& PageSize(int page_size);
  // 1-based. REQUIRES: page >= 1.
  SearchCriteria& CurrentPage(int page);

  // The query pairs, unencoded.
  QueryParams ToQuery() const;

 private:
  std::vector<std::vector<SearchFilter>> groups_;
  std::vector<std::pair<std::string, SortDirection>> sort_orders_;
  int page_size_ = 0;     // 0: not sent
  int current_page_ = 0;  // 0: not sent
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_SEARCH_CRITERIA_H_
