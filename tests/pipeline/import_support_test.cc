// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/import_support.h"

#include <gtest/gtest.h>

#include <vector>

namespace m2drop::pipeline {
namespace {

RowOutcome Outcome(uint64_t line, RowState state) {
  RowOutcome o;
  o.line = line;
  o.state = state;
  return o;
}

TEST(ImportSupportTest, DecidedBeforeIgnoresDeferredAndUnknownLines) {
  const DoneBefore before = {{2, Outcome(2, RowState::kApplied)},
                             {3, Outcome(3, RowState::kDeferred)}};
  ASSERT_NE(DecidedBefore(&before, 2), nullptr);
  EXPECT_EQ(DecidedBefore(&before, 2)->state, RowState::kApplied);
  EXPECT_EQ(DecidedBefore(&before, 3), nullptr);
  EXPECT_EQ(DecidedBefore(&before, 4), nullptr);
  EXPECT_EQ(DecidedBefore(nullptr, 2), nullptr);
}

TEST(ImportSupportTest, RecordSlotsTakeRecordedOutcomesAndRememberNewOnes) {
  const DoneBefore before = {{2, Outcome(2, RowState::kApplied)}};
  RecordSlots slots;
  RowOutcome now;
  now.line = 2;
  now.message = "decided now";
  slots.AddDecided(now, "a,b", &before);
  slots.AddDecided(LocalFailure(3, {{3, 1, "missing_value", "empty"}}), "c,d",
                   &before);
  EXPECT_EQ(slots.AddPending(4, "e,f"), 2u);
  ASSERT_EQ(slots.outcomes.size(), 3u);
  EXPECT_EQ(slots.outcomes[0].message, "");  // the recorded one
  EXPECT_EQ(slots.outcomes[0].state, RowState::kApplied);
  EXPECT_EQ(slots.outcomes[1].code, "missing_value");
  EXPECT_EQ(slots.final_while_reading, (std::vector<size_t>{1}));
  EXPECT_EQ(slots.texts[2], "e,f");
}

TEST(ImportSupportTest, RecordedLocalFailureKeepsItsFreshColumns) {
  // The ledger keeps a row's code and message, not its errors' columns; the
  // same content fails its checks the same way, so the fresh outcome is
  // reported, and it is not handed over as newly decided.
  const DoneBefore before = {{2, Outcome(2, RowState::kFailed)}};
  RecordSlots slots;
  slots.AddDecided(LocalFailure(2, {{2, 3, "missing_value", "empty"}}), "a,,",
                   &before);
  ASSERT_EQ(slots.outcomes.size(), 1u);
  ASSERT_EQ(slots.outcomes[0].errors.size(), 1u);
  EXPECT_EQ(slots.outcomes[0].errors[0].column, 3u);
  EXPECT_EQ(slots.outcomes[0].line, 2u);
  EXPECT_TRUE(slots.final_while_reading.empty());
}

TEST(ImportSupportTest, LocalFailureJoinsEveryMessage) {
  RowOutcome o = LocalFailure(
      7, {{7, 1, "missing_value", "the SKU is empty"},
          {7, 2, "invalid_quantity", "the quantity \"x\" is not a number"}});
  EXPECT_EQ(o.state, RowState::kFailed);
  EXPECT_EQ(o.code, "missing_value");
  EXPECT_EQ(o.message, "the SKU is empty; the quantity \"x\" is not a number");
  EXPECT_EQ(o.errors.size(), 2u);
}

TEST(ImportSupportTest, RowsDoneSinkLeavesOutDeferredRows) {
  std::vector<uint64_t> lines;
  int calls = 0;
  RowsDoneSink sink(
      [&](std::span<const RowOutcome> rows) {
        ++calls;
        for (const RowOutcome& r : rows) lines.push_back(r.line);
      },
      /*dry_run=*/false);
  std::vector<RowOutcome> rows = {Outcome(2, RowState::kApplied),
                                  Outcome(3, RowState::kDeferred),
                                  Outcome(4, RowState::kStale)};
  sink.Emit(rows);
  sink.Emit(std::vector<RowOutcome>{Outcome(5, RowState::kDeferred)});
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(calls, 1);  // nothing final, no call
}

TEST(ImportSupportTest, RowsDoneSinkIsSilentInADryRun) {
  int calls = 0;
  RowsDoneSink sink([&](std::span<const RowOutcome>) { ++calls; },
                    /*dry_run=*/true);
  sink.Emit(std::vector<RowOutcome>{Outcome(2, RowState::kWouldApply)});
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace m2drop::pipeline
