// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/search_criteria.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace m2drop::magento {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(SearchCriteriaTest, BuildsTheContractsOrderSearch) {
  QueryParams query = SearchCriteria()
                          .WhereIn("increment_id", {"000000123", "000000124"})
                          .SortBy("entity_id")
                          .PageSize(100)
                          .CurrentPage(1)
                          .ToQuery();
  EXPECT_THAT(
      query,
      ElementsAre(
          Pair("searchCriteria[filter_groups][0][filters][0][field]",
               "increment_id"),
          Pair("searchCriteria[filter_groups][0][filters][0][value]",
               "000000123,000000124"),
          Pair("searchCriteria[filter_groups][0][filters][0][condition_type]",
               "in"),
          Pair("searchCriteria[sortOrders][0][field]", "entity_id"),
          Pair("searchCriteria[sortOrders][0][direction]", "ASC"),
          Pair("searchCriteria[pageSize]", "100"),
          Pair("searchCriteria[currentPage]", "1")));
}

TEST(SearchCriteriaTest, ValuesWithCommasBecomeEqFiltersInTheSameGroup) {
  QueryParams query =
      SearchCriteria().WhereIn("sku", {"A", "B,C", "D"}).ToQuery();
  EXPECT_THAT(
      query,
      ElementsAre(
          Pair("searchCriteria[filter_groups][0][filters][0][field]", "sku"),
          Pair("searchCriteria[filter_groups][0][filters][0][value]", "A,D"),
          Pair("searchCriteria[filter_groups][0][filters][0][condition_type]",
               "in"),
          Pair("searchCriteria[filter_groups][0][filters][1][field]", "sku"),
          Pair("searchCriteria[filter_groups][0][filters][1][value]", "B,C"),
          Pair("searchCriteria[filter_groups][0][filters][1][condition_type]",
               "eq")));
}

TEST(SearchCriteriaTest, OnlyCommaValuesGiveNoInFilter) {
  QueryParams query = SearchCriteria().WhereIn("sku", {"X,1"}).ToQuery();
  EXPECT_THAT(
      query,
      ElementsAre(
          Pair("searchCriteria[filter_groups][0][filters][0][field]", "sku"),
          Pair("searchCriteria[filter_groups][0][filters][0][value]", "X,1"),
          Pair("searchCriteria[filter_groups][0][filters][0][condition_type]",
               "eq")));
}

TEST(SearchCriteriaTest, InValuesAreJoinedWithoutSpaces) {
  QueryParams query = SearchCriteria().WhereIn("sku", {" A", "B "}).ToQuery();
  ASSERT_EQ(query.size(), 3u);
  // Magento does not trim: the values go as given, only the separator is ",".
  EXPECT_EQ(query[1].second, " A,B ");
}

TEST(SearchCriteriaTest, GroupsAreNumberedInOrderAndSortCanDescend) {
  QueryParams query = SearchCriteria()
                          .Where("updated_at", "2024-01-01 00:00:00", "gteq")
                          .Where("order_id", "12")
                          .SortBy("created_at", SortDirection::kDescending)
                          .PageSize(20)
                          .ToQuery();
  EXPECT_THAT(
      query,
      ElementsAre(
          Pair("searchCriteria[filter_groups][0][filters][0][field]",
               "updated_at"),
          Pair("searchCriteria[filter_groups][0][filters][0][value]",
               "2024-01-01 00:00:00"),
          Pair("searchCriteria[filter_groups][0][filters][0][condition_type]",
               "gteq"),
          Pair("searchCriteria[filter_groups][1][filters][0][field]",
               "order_id"),
          Pair("searchCriteria[filter_groups][1][filters][0][value]", "12"),
          Pair("searchCriteria[filter_groups][1][filters][0][condition_type]",
               "eq"),
          Pair("searchCriteria[sortOrders][0][field]", "created_at"),
          Pair("searchCriteria[sortOrders][0][direction]", "DESC"),
          Pair("searchCriteria[pageSize]", "20")));
}

TEST(SearchCriteriaTest, AddGroupOrsItsFilters) {
  QueryParams query = SearchCriteria()
                          .AddGroup({{"sku", "A%", "like"}, {"sku", "B", "eq"}})
                          .ToQuery();
  ASSERT_EQ(query.size(), 6u);
  EXPECT_EQ(query[3].first,
            "searchCriteria[filter_groups][0][filters][1][field]");
  EXPECT_EQ(query[2].second, "like");
}

TEST(SearchCriteriaTest, NothingSetGivesNoPairs) {
  EXPECT_TRUE(SearchCriteria().ToQuery().empty());
}

}  // namespace
}  // namespace m2drop::magento
