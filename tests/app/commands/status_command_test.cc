// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/status_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "m2drop/base/fake_clock.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

class StatusCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.WriteFile(
        "m2drop.toml", "[daemon]\nstate_dir = \"" + dir_.Join("state") +
                           "\"\n"
                           "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\n"
                           "inbox = \"" +
                           dir_.Join("3pl/inbox") +
                           "\"\n"
                           "[[profile]]\nname = \"erp\"\nkind = \"stock\"\n"
                           "inbox = \"" +
                           dir_.Join("erp/inbox") + "\"\n");
    std::filesystem::create_directories(dir_.path() / "state");
  }

  // A finished ledger entry of `profile` in `state` (4 rows), now.
  void AddFinished(ledger::Ledger& l, const std::string& profile,
                   const std::string& name, ledger::FileState state) {
    ledger::FileEntry e;
    e.profile = profile;
    e.name = name;
    e.sha256 = name;
    e.path = dir_.Join(profile + "/work/" + name);
    auto id = l.AddFile(e);
    ASSERT_OK(id);
    e.id = *id;
    e.state = state;
    e.rows_total = 4;
    e.applied = state == ledger::FileState::kProcessed ? 4 : 2;
    e.failed = 4 - e.applied;
    e.report_json = e.path + ".report.json";
    ASSERT_OK(l.UpdateFile(e));
  }

  int Run(bool json, size_t limit = 20) {
    out_.str("");
    err_.str("");
    return RunStatus({config_, json, limit}, clock_, out_, err_);
  }

  testing::ScopedTempDir dir_;
  std::string config_;
  FakeClock clock_;
  std::ostringstream out_, err_;
};

TEST_F(StatusCommandTest, MissingLedgerIsReportedAndNotCreated) {
  EXPECT_EQ(Run(false), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("no ledger at"));
  EXPECT_FALSE(std::filesystem::exists(
      ledger::SqliteLedger::PathIn(dir_.Join("state"))));
}

TEST_F(StatusCommandTest, ListsLastSuccessRecentFailuresAndWaitingFiles) {
  {
    auto opened = ledger::SqliteLedger::Open(
        ledger::SqliteLedger::PathIn(dir_.Join("state")), clock_);
    ASSERT_OK(opened);
    std::unique_ptr<ledger::Ledger> l = std::move(*opened);
    AddFinished(*l, "3pl", "old-failure.csv", ledger::FileState::kFailed);
    clock_.Advance(std::chrono::hours(25));
    AddFinished(*l, "3pl", "monday.csv", ledger::FileState::kProcessed);
    AddFinished(*l, "3pl", "tuesday.csv", ledger::FileState::kFailed);
    ledger::FileEntry waiting;
    waiting.profile = "erp";
    waiting.name = "stock.csv";
    waiting.sha256 = "x";
    auto waiting_id = l->AddFile(waiting);
    ASSERT_OK(waiting_id);
    waiting.id = *waiting_id;
    waiting.state = ledger::FileState::kWaiting;
    waiting.deferred = 7;
    waiting.note = "Magento unavailable";
    ASSERT_OK(l->UpdateFile(waiting));
  }
  dir_.WriteFile("3pl/inbox/next.csv", "order,tracking,carrier\n");
  dir_.WriteFile("3pl/inbox/.uploading.csv", "");
  dir_.WriteFile("erp/work/stock.csv", "sku,qty\n");

  ASSERT_EQ(Run(true), 0) << err_.str();
  const Json j = Json::parse(out_.str());
  ASSERT_EQ(j["profiles"].size(), 2u);
  const Json& tpl = j["profiles"][0];
  EXPECT_EQ(tpl["last_success"]["file"], "monday.csv");
  // The failure 25 hours ago is outside the window; tuesday's is in it.
  EXPECT_EQ(tpl["failed_last_24h"], 1);
  EXPECT_EQ(tpl["inbox_waiting"], Json::array({"next.csv"}));
  const Json& erp = j["profiles"][1];
  EXPECT_TRUE(erp["last_success"].is_null());
  EXPECT_EQ(erp["in_work"], Json::array({"stock.csv"}));
  ASSERT_EQ(j["unfinished"].size(), 1u);
  EXPECT_EQ(j["unfinished"][0]["file"], "stock.csv");
  EXPECT_EQ(j["unfinished"][0]["deferred"], 7);
  ASSERT_EQ(j["recent"].size(), 4u);
  EXPECT_EQ(j["recent"][0]["file"], "stock.csv");  // newest first

  ASSERT_EQ(Run(false, 2), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("3pl (tracking): last success "
                                    "monday.csv"));
  EXPECT_THAT(out_.str(), HasSubstr("failed in the last 24 h: 1"));
  EXPECT_THAT(out_.str(), HasSubstr("Magento unavailable"));
  EXPECT_THAT(out_.str(), HasSubstr("report: "));
  EXPECT_THAT(out_.str(), Not(HasSubstr("old-failure.csv")));  // limit 2
}

// Issue 17: `status --json` aborted (json type_error 316) on a filed file
// whose name is not UTF-8; the text form printed a CR or a terminal escape
// from a name or a note as it was.
TEST_F(StatusCommandTest, NamesThatAreNotUtf8OrHoldEscapesAreShownSafely) {
  const std::string name = "dr\xff\xfeop\r\x1b[2J.csv";
  {
    auto opened = ledger::SqliteLedger::Open(
        ledger::SqliteLedger::PathIn(dir_.Join("state")), clock_);
    ASSERT_OK(opened);
    AddFinished(**opened, "3pl", name, ledger::FileState::kFailed);
  }
  dir_.WriteFile("3pl/inbox/in\xe9\x1b]0;x\x07.csv", "order\n");

  ASSERT_EQ(Run(true), 0) << err_.str();
  Json j;
  ASSERT_NO_THROW(j = Json::parse(out_.str())) << out_.str();
  EXPECT_EQ(j["recent"][0]["file"],
            "dr\xEF\xBF\xBD\xEF\xBF\xBDop\r\x1b[2J.csv");
  EXPECT_EQ(j["profiles"][0]["inbox_waiting"].size(), 1u);

  ASSERT_EQ(Run(false), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("dr\\xff\\xfeop\\r\\u001b[2J.csv"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("\r")));
  EXPECT_THAT(out_.str(), Not(HasSubstr("\x1b")));
}

TEST_F(StatusCommandTest, UnreadableConfigurationIsAUsageError) {
  config_ = dir_.WriteFile("bad.toml", "[daemon]\nworkers = \"many\"\n");
  EXPECT_EQ(Run(false), 2);
  EXPECT_THAT(err_.str(), HasSubstr("m2drop status:"));
}

}  // namespace
}  // namespace m2drop::app
