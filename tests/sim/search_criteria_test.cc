// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/search_criteria.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace m2drop::sim {
namespace {

class SimSearchCriteriaTest : public ::testing::Test {
 protected:
  static std::vector<Json> Rows() {
    std::vector<Json> rows;
    for (int i = 1; i <= 5; ++i) {
      rows.push_back({{"entity_id", i},
                      {"increment_id", "00000010" + std::to_string(i)},
                      {"state", i % 2 ? "processing" : "complete"},
                      {"note", i == 3 ? Json() : Json("n")}});
    }
    return rows;
  }
  static std::vector<int64_t> Ids(const Json& result) {
    std::vector<int64_t> ids;
    for (const Json& row : result["items"]) ids.push_back(row["entity_id"]);
    return ids;
  }
  static SearchCriteria Parse(const QueryPairs& q) {
    Result<SearchCriteria> sc = ParseSearchCriteria(q);
    EXPECT_OK(sc);
    return sc.ok() ? *sc : SearchCriteria{};
  }
};

TEST_F(SimSearchCriteriaTest, MissingSearchCriteriaIsNotFound) {
  Result<SearchCriteria> sc = ParseSearchCriteria({{"fields", "items"}});
  EXPECT_EQ(sc.status().code(), StatusCode::kNotFound);
}

TEST_F(SimSearchCriteriaTest, ParsesBothSpellingsAndDefaultsToEq) {
  SearchCriteria sc =
      Parse({{"searchCriteria[filterGroups][0][filters][0][field]", "state"},
             {"searchCriteria[filterGroups][0][filters][0][value]", "complete"},
             {"searchCriteria[page_size]", "10"},
             {"searchCriteria[currentPage]", "2"},
             {"searchCriteria[sort_orders][0][field]", "entity_id"},
             {"searchCriteria[sortOrders][0][direction]", "desc"}});
  ASSERT_EQ(sc.filter_groups.size(), 1u);
  EXPECT_EQ(sc.filter_groups[0][0].condition_type, "eq");
  EXPECT_EQ(sc.page_size, 10);
  EXPECT_EQ(sc.current_page, 2);
  ASSERT_EQ(sc.sort_orders.size(), 1u);
  EXPECT_EQ(sc.sort_orders[0].direction, "DESC");
}

// Pdo/Mysql::prepareSqlCondition: a condition type that is not a key of its
// map (case-sensitive; "moreq" is only in the documentation) compares the
// value for equality, so "IN" of two numbers finds neither.
TEST_F(SimSearchCriteriaTest, UnknownConditionTypeFallsBackToEquality) {
  Result<SearchCriteria> sc = ParseSearchCriteria(
      {{"searchCriteria[filter_groups][0][filters][0][field]", "a"},
       {"searchCriteria[filter_groups][0][filters][0][condition_type]",
        "regex"}});
  ASSERT_TRUE(sc.ok()) << sc.status();
  SearchCriteria in_upper;
  in_upper.filter_groups = {{{"increment_id", "000000101,000000102", "IN"}}};
  EXPECT_TRUE(Ids(RunSearch(in_upper, Rows())).empty());
  SearchCriteria eq_upper;
  eq_upper.filter_groups = {{{"increment_id", "000000101", "EQ"}}};
  EXPECT_EQ(Ids(RunSearch(eq_upper, Rows())), (std::vector<int64_t>{1}));
  SearchCriteria moreq;
  moreq.filter_groups = {{{"entity_id", "2", "moreq"}}};
  EXPECT_EQ(Ids(RunSearch(moreq, Rows())), (std::vector<int64_t>{2}));
}

TEST_F(SimSearchCriteriaTest, RegexpAndStringEqualityConditions) {
  SearchCriteria sc;
  sc.filter_groups = {{{"increment_id", "^0+10[12]$", "regexp"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 2}));
  sc.filter_groups = {{{"increment_id", "000000101", "seq"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1}));
}

TEST_F(SimSearchCriteriaTest, APageSizeThatIsNotANumberIsATypeError) {
  Result<SearchCriteria> sc =
      ParseSearchCriteria({{"searchCriteria[pageSize]", "ten"}});
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.status().message(),
            "Error occurred during \"page_size\" processing. The \"ten\" "
            "value's type is invalid. The \"int\" type was expected. Verify "
            "and try again.");
}

TEST_F(SimSearchCriteriaTest, FiltersInAGroupAreOredAndGroupsAnded) {
  SearchCriteria sc;
  sc.filter_groups = {{{"entity_id", "1", "eq"},
                       {"entity_id", "2", "eq"},
                       {"entity_id", "3", "eq"}},
                      {{"state", "processing", "eq"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 3}));
}

TEST_F(SimSearchCriteriaTest, InSplitsOnCommaWithoutTrimming) {
  SearchCriteria sc;
  sc.filter_groups = {{{"increment_id", "000000101, 000000102", "in"}}};
  // " 000000102" keeps its space, so only 101 matches (Pdo/Mysql.php).
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1}));
  sc.filter_groups = {{{"increment_id", "000000101,000000102", "in"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 2}));
  sc.filter_groups = {{{"increment_id", "000000101,000000102", "nin"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{3, 4, 5}));
}

TEST_F(SimSearchCriteriaTest, VarcharComparesAsStringNumberColumnAsNumber) {
  SearchCriteria sc;
  sc.filter_groups = {{{"increment_id", "101", "eq"}}};
  EXPECT_TRUE(Ids(RunSearch(sc, Rows())).empty());
  sc.filter_groups = {{{"entity_id", "3", "gteq"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{3, 4, 5}));
  sc.filter_groups = {{{"entity_id", "3", "lt"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 2}));
}

TEST_F(SimSearchCriteriaTest, LikeNeqNullAndNotNull) {
  SearchCriteria sc;
  sc.filter_groups = {{{"state", "PROC%", "like"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 3, 5}));
  sc.filter_groups = {{{"state", "processing", "neq"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{2, 4}));
  sc.filter_groups = {{{"note", "", "null"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{3}));
  sc.filter_groups = {{{"note", "", "notnull"}}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{1, 2, 4, 5}));
}

TEST_F(SimSearchCriteriaTest, SortsByEachOrderInTurn) {
  SearchCriteria sc;
  sc.sort_orders = {{"state", "ASC"}, {"entity_id", "DESC"}};
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{4, 2, 5, 3, 1}));
}

TEST_F(SimSearchCriteriaTest, PagePastTheEndRepeatsTheLastPage) {
  SearchCriteria sc;
  sc.page_size = 2;
  sc.current_page = 9;
  Json result = RunSearch(sc, Rows());
  EXPECT_EQ(Ids(result), (std::vector<int64_t>{5}));
  EXPECT_EQ(result["total_count"], 5);
  sc.current_page = 2;
  EXPECT_EQ(Ids(RunSearch(sc, Rows())), (std::vector<int64_t>{3, 4}));
}

TEST_F(SimSearchCriteriaTest, MissingPageSizeReturnsAllAndEchoesCriteria) {
  SearchCriteria sc;
  sc.filter_groups = {{{"state", "complete", "eq"}}};
  Json result = RunSearch(sc, Rows());
  EXPECT_EQ(result["total_count"], 2);
  EXPECT_EQ(
      result["search_criteria"]["filter_groups"][0]["filters"][0]["value"],
      "complete");
  EXPECT_FALSE(result["search_criteria"].contains("page_size"));
}

}  // namespace
}  // namespace m2drop::sim
