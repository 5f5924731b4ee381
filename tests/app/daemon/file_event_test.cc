// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/file_event.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace m2drop::app {
namespace {

FileEvent Processed() {
  FileEvent e;
  e.file = "drop.csv";
  e.profile = "3pl";
  e.state = "processed";
  e.rows = 3;
  e.applied = 2;
  e.already_present = 1;
  e.elapsed_ms = 41;
  e.attempt = 1;
  return e;
}

TEST(DaemonFileEventTest, TextIsOneKeyValueLine) {
  EXPECT_EQ(FormatFileEvent(Processed(), config::LogFormat::kText),
            "file=drop.csv profile=3pl state=processed attempt=1 rows=3 "
            "applied=2 already_present=1 failed=0 deferred=0 elapsed_ms=41");
}

TEST(DaemonFileEventTest, TextQuotesValuesWithSpacesQuotesOrEquals) {
  FileEvent e = Processed();
  e.file = "my drop.csv";
  e.attempt = 0;
  e.note = "say \"hi\" a=b";
  EXPECT_EQ(FormatFileEvent(e, config::LogFormat::kText),
            "file=\"my drop.csv\" profile=3pl state=processed rows=3 "
            "applied=2 already_present=1 failed=0 deferred=0 elapsed_ms=41 "
            "note=\"say \\\"hi\\\" a=b\"");
}

TEST(DaemonFileEventTest, JsonCarriesEveryField) {
  FileEvent e = Processed();
  e.note = "line\nbreak";
  nlohmann::json j = nlohmann::json::parse(
      FormatFileEvent(e, config::LogFormat::kJson), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["file"], "drop.csv");
  EXPECT_EQ(j["profile"], "3pl");
  EXPECT_EQ(j["state"], "processed");
  EXPECT_EQ(j["rows"], 3);
  EXPECT_EQ(j["applied"], 2);
  EXPECT_EQ(j["already_present"], 1);
  EXPECT_EQ(j["deferred"], 0);
  EXPECT_EQ(j["elapsed_ms"], 41);
  EXPECT_EQ(j["note"], "line\nbreak");
}

TEST(DaemonFileEventTest, FiledEventNamesWhereTheFileAndReportAre) {
  FileEvent e = Processed();
  e.stale = 2;
  e.path = "/srv/3pl/processed/drop.csv";
  e.report = "/srv/3pl/processed/drop.csv.report.json";
  EXPECT_EQ(FormatFileEvent(e, config::LogFormat::kText),
            "file=drop.csv profile=3pl state=processed attempt=1 rows=3 "
            "applied=2 already_present=1 failed=0 deferred=0 stale=2 "
            "elapsed_ms=41 path=/srv/3pl/processed/drop.csv "
            "report=/srv/3pl/processed/drop.csv.report.json");
  nlohmann::json j = nlohmann::json::parse(
      FormatFileEvent(e, config::LogFormat::kJson), nullptr, false);
  EXPECT_EQ(j["stale"], 2);
  EXPECT_EQ(j["path"], e.path);
  EXPECT_EQ(j["report"], e.report);
}

}  // namespace
}  // namespace m2drop::app
