// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/drop.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "fakes/fake_api_caller.h"
#include "m2drop/base/fake_clock.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::kinds {
namespace {

using pipeline::DropImportOptions;
using pipeline::ImportResult;
using pipeline::RowOutcome;
using pipeline::RowState;

using magento::FakeApiCaller;
using nlohmann::json;

// One open order 000000101 (entity 1, one item) and no shipments.
class ImportDropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tracking_.name = "3pl";
    tracking_.kind = &config::KindNamed("tracking");
    json order = {{"entity_id", 1},
                  {"increment_id", "000000101"},
                  {"state", "processing"},
                  {"items",
                   {{{"item_id", 10},
                     {"sku", "A"},
                     {"product_type", "simple"},
                     {"qty_ordered", 1},
                     {"qty_shipped", 0}}}}};
    caller_.On("GET", "V1/orders",
               {FakeApiCaller::Ok({{"items", {order}}, {"total_count", 1}})});
    caller_.On(
        "GET", "V1/shipments",
        {FakeApiCaller::Ok({{"items", json::array()}, {"total_count", 0}})});
    caller_.On("POST", "V1/order/1/ship", {FakeApiCaller::Ok(50)});
  }

  Result<ImportResult> Import(const config::Profile& profile,
                              const std::string& csv,
                              const DropImportOptions& options) {
    std::string path = dir_.WriteFile("drop.csv", csv);
    return ImportDrop(path, profile, limits_, caller_, {}, clock_, options);
  }

  testing::ScopedTempDir dir_;
  FakeClock clock_;
  config::Profile tracking_;
  config::LimitsConfig limits_;
  FakeApiCaller caller_;
};

constexpr char kTrackingDrop[] =
    "order_number,tracking_number,carrier_code\n"
    "000000101,T-1,ups\n"
    "000000101,,ups\n";

TEST_F(ImportDropTest, TrackingProfileRunsTheTrackingImport) {
  std::vector<uint64_t> handed_over;
  DropImportOptions options;
  options.on_rows_done = [&](std::span<const RowOutcome> rows) {
    for (const RowOutcome& row : rows) handed_over.push_back(row.line);
  };
  auto result = Import(tracking_, kTrackingDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].state, RowState::kApplied);
  EXPECT_EQ(result->outcomes[1].code, "missing_value");
  EXPECT_EQ(caller_.RequestsTo("POST", "V1/order/1/ship").size(), 1u);
  EXPECT_EQ(handed_over, (std::vector<uint64_t>{3, 2}));
}

TEST_F(ImportDropTest, TrackingRowsDoneBeforeAreNotResent) {
  RowOutcome applied;
  applied.line = 2;
  applied.state = RowState::kApplied;
  applied.message = "shipped before the restart";
  const std::unordered_map<uint64_t, RowOutcome> before = {{2, applied}};
  int handed_over = 0;
  DropImportOptions options;
  options.done_before = &before;
  options.on_rows_done = [&](std::span<const RowOutcome> rows) {
    handed_over += static_cast<int>(rows.size());
  };
  auto result = Import(tracking_, kTrackingDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(result->outcomes[0].message, "shipped before the restart");
  EXPECT_TRUE(caller_.RequestsTo("POST", "V1/order/1/ship").empty());
  EXPECT_TRUE(caller_.RequestsTo("GET", "V1/orders").empty());
  EXPECT_EQ(handed_over, 1);  // the local failure only
}

TEST_F(ImportDropTest, TrackingDryRunWritesNothing) {
  DropImportOptions options;
  options.dry_run = true;
  auto result = Import(tracking_, kTrackingDrop, options);
  ASSERT_OK(result);
  EXPECT_EQ(result->summary.mode, "dry-run");
  EXPECT_EQ(result->outcomes[0].state, RowState::kWouldApply);
  EXPECT_TRUE(caller_.RequestsTo("POST", "V1/order/1/ship").empty());
}

}  // namespace
}  // namespace m2drop::kinds
