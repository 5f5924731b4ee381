// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/progress.h"

#include <gtest/gtest.h>

#include <sstream>

#include "m2drop/base/fake_clock.h"

namespace m2drop::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ProgressTest, FormatsCountsRateAndEta) {
  EXPECT_EQ(FormatProgress("importing a.csv", 0, 5000, seconds(0)),
            "importing a.csv: 0/5000 rows (0%)");
  EXPECT_EQ(FormatProgress("importing a.csv", 1000, 5000, seconds(4)),
            "importing a.csv: 1000/5000 rows (20%), 250 rows/s, ETA 16s");
  EXPECT_EQ(FormatProgress("x", 10, 100000, seconds(1)),
            "x: 10/100000 rows (0%), 10 rows/s, ETA 2h46m");
  EXPECT_EQ(FormatProgress("x", 100, 100, seconds(2)),
            "x: 100/100 rows (100%), 50 rows/s");
}

TEST(ProgressTest, RedrawsAtMostEveryIntervalAndAlwaysAtTheEnd) {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, clock, "x", milliseconds(200));
  line.Update(1, 10);  // first draw
  line.Update(2, 10);  // too soon
  clock.Advance(milliseconds(250));
  line.Update(3, 10);   // drawn
  line.Update(10, 10);  // the end is always drawn
  std::string s = out.str();
  EXPECT_NE(s.find("x: 1/10"), std::string::npos);
  EXPECT_EQ(s.find("x: 2/10"), std::string::npos);
  EXPECT_NE(s.find("x: 3/10"), std::string::npos);
  EXPECT_NE(s.find("x: 10/10"), std::string::npos);
  line.Finish();
  EXPECT_EQ(out.str().back(), '\r');
}

TEST(ProgressTest, FinishWithoutDrawingPrintsNothing) {
  std::ostringstream out;
  FakeClock clock;
  ProgressLine line(out, clock, "x");
  line.Finish();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace m2drop::app
