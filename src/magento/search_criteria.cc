// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/search_criteria.h"

#include "m2drop/base/check.h"
#include "m2drop/base/strings.h"

namespace m2drop::magento {

SearchCriteria& SearchCriteria::AddGroup(std::vector<SearchFilter> filters) {
  M2DROP_CHECK(!filters.empty());
  groups_.push_back(std::move(filters));
  return *this;
}

SearchCriteria& SearchCriteria::Where(std::string field, std::string value,
                                      std::string condition_type) {
  return AddGroup({SearchFilter{std::move(field), std::move(value),
                                std::move(condition_type)}});
}

SearchCriteria& SearchCriteria::WhereIn(
    const std::string& field, const std::vector<std::string>& values) {
  M2DROP_CHECK(!values.empty());
  std::vector<std::string> listable;
  std::vector<SearchFilter> group;
  for (const std::string& value : values) {
    if (value.find(',') == std::string::npos) {
      listable.push_back(value);
    } else {
      // Pdo/Mysql.php would explode it on the comma: match it on its own.
      group.push_back(SearchFilter{field, value, "eq"});
    }
  }
  if (!listable.empty()) {
    group.insert(group.begin(), SearchFilter{field, Join(listable, ","), "in"});
  }
  return AddGroup(std::move(group));
}

SearchCriteria& SearchCriteria::SortBy(std::string field,
                                       SortDirection direction) {
  sort_orders_.emplace_back(std::move(field), direction);
  return *this;
}

SearchCriteria& SearchCriteria::PageSize(int page_size) {
  M2DROP_CHECK(page_size >= 1);
  page_size_ = page_size;
  return *this;
}

SearchCriteria& SearchCriteria::CurrentPage(int page) {
  M2DROP_CHECK(page >= 1);
  current_page_ = page;
  return *this;
}

QueryParams SearchCriteria::ToQuery() const {
  QueryParams pairs;
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (size_t f = 0; f < groups_[g].size(); ++f) {
      const SearchFilter& filter = groups_[g][f];
      std::string prefix = "searchCriteria[filter_groups][" +
                           std::to_string(g) + "][filters][" +
                           std::to_string(f) + "]";
      pairs.emplace_back(prefix + "[field]", filter.field);
      pairs.emplace_back(prefix + "[value]", filter.value);
      pairs.emplace_back(prefix + "[condition_type]", filter.condition_type);
    }
  }
  for (size_t s = 0; s < sort_orders_.size(); ++s) {
    std::string prefix =
        "searchCriteria[sortOrders][" + std::to_string(s) + "]";
    pairs.emplace_back(prefix + "[field]", sort_orders_[s].first);
    pairs.emplace_back(
        prefix + "[direction]",
        sort_orders_[s].second == SortDirection::kAscending ? "ASC" : "DESC");
  }
  if (page_size_ > 0) {
    pairs.emplace_back("searchCriteria[pageSize]", std::to_string(page_size_));
  }
  if (current_page_ > 0) {
    pairs.emplace_back("searchCriteria[currentPage]",
                       std::to_string(current_page_));
  }
  return pairs;
}

}  // namespace m2drop::magento
