// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace m2drop::pipeline {
namespace {

// 2026-11-22T07:05:01Z.
const WallTime kTime = WallTime(std::chrono::seconds(1795331101));

TEST(DispositionIoTest, FormatsUtcTimes) {
  EXPECT_EQ(CompactUtc(kTime), "20261122T070501Z");
  EXPECT_EQ(IsoUtc(kTime), "2026-11-22T07:05:01Z");
}

TEST(DispositionIoTest, IsCandidateNameRecognisesEveryCandidateAndNothingElse) {
  for (const char* name : {"drop.csv", "README", "a.b.tsv"}) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      EXPECT_TRUE(IsCandidateName(name, CandidateName(name, kTime, attempt)))
          << name << " " << attempt;
    }
  }
  EXPECT_FALSE(IsCandidateName("drop.csv", "drop.old.csv"));
  EXPECT_FALSE(IsCandidateName("drop.csv", "drop.csv.report.json"));
  EXPECT_FALSE(IsCandidateName("drop.csv", "drop.20261122T070501Z.tsv"));
  EXPECT_FALSE(IsCandidateName("drop.csv", "drop.20261122T070501Z-x.csv"));
  EXPECT_FALSE(IsCandidateName("drop.csv", "other.csv"));
}

TEST(DispositionIoTest, CandidateNamesPutTheSuffixBeforeTheExtension) {
  EXPECT_EQ(CandidateName("drop.csv", kTime, 0), "drop.csv");
  EXPECT_EQ(CandidateName("drop.csv", kTime, 1), "drop.20261122T070501Z.csv");
  EXPECT_EQ(CandidateName("drop.csv", kTime, 2), "drop.20261122T070501Z-2.csv");
  EXPECT_EQ(CandidateName("a.b.tsv", kTime, 1), "a.b.20261122T070501Z.tsv");
  EXPECT_EQ(CandidateName("README", kTime, 1), "README.20261122T070501Z");
  EXPECT_EQ(CandidateName(".hidden", kTime, 3), ".hidden.20261122T070501Z-3");
}

// Issue 17 item 5: a name of NAME_MAX bytes that is taken still has
// candidates the file system accepts, and they are recognised as its own.
TEST(DispositionIoTest, CandidatesOfALongNameFitAndAreRecognised) {
  const std::string name = std::string(251, 'n') + ".csv";
  EXPECT_EQ(CandidateName(name, kTime, 0), name);
  for (int attempt = 1; attempt < 4; ++attempt) {
    const std::string candidate = CandidateName(name, kTime, attempt);
    EXPECT_LE(candidate.size(), 255u);
    EXPECT_TRUE(candidate.ends_with(".csv")) << candidate;
    EXPECT_NE(candidate.find(".20261122T070501Z"), std::string::npos);
    EXPECT_TRUE(IsCandidateName(name, candidate)) << candidate;
    EXPECT_FALSE(IsCandidateName(std::string(250, 'n') + ".csv", candidate));
  }
}

}  // namespace
}  // namespace m2drop::pipeline
