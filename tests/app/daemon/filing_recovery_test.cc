// SPDX-License-Identifier: Apache-2.0
// Filing recovery and every kill point of a filing: a real FileJob files a
// drop against the loopback simulator, then the test puts things back as a
// kill -9 at one step of the filing leaves them, and checks that the next
// start (the recovery, then the job resuming what is in work/) ends with
// the drop filed once, beside one report, without a request to Magento:
//   - before the reports: drop in work/, no report, entry unfinished;
//   - after the reports, before the move: drop in work/, the entry's
//     planned reports in place;
//   - after the move, before the final state: drop and reports filed,
//     entry unfinished with its work/ path;
//   - a drop moved before its reports (older m2drop): drop filed, no
//     report, entry unfinished: the report is rebuilt.
#include "m2drop/app/daemon/filing_recovery.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "m2drop/app/daemon/file_job.h"
#include "m2drop/app/daemon/profile_dirs.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/config/loader.h"
#include "m2drop/inbox/claim.h"
#include "m2drop/ledger/sqlite_ledger.h"
#include "testing/loopback_shop.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::app {
namespace {

namespace fs = std::filesystem;
using ledger::FileState;
using testing::FixturePath;
using testing::ReadWholeFile;

class FilingRecoveryTest : public testing::LoopbackShopTest {
 protected:
  void SetUp() override {
    StartShop(testing::ShopSeed());
    const std::string toml =
        testing::ConnectionToml(shop_->base_url(), {}, dir_) +
        "[daemon]\nstate_dir = \"" + dir_.Join("state") + "\"\n" +
        "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
        dir_.Join("3pl/inbox") + "\"\n";
    dir_.WriteFile("3pl/inbox/.keep", "");
    Result<config::Config> loaded = config::LoadString(toml, "<test>");
    ASSERT_OK(loaded);
    config_ = std::make_shared<const config::Config>(std::move(*loaded));
    ASSERT_OK(PrepareProfileDirs(m2drop::fs::PosixFileSystem::Instance(),
                                 config_->profiles[0]));
    auto connection = MagentoConnection::Create(*config_, clock_);
    ASSERT_OK(connection);
    connection_ = std::move(*connection);
    auto ledger = ledger::SqliteLedger::Open(":memory:", clock_);
    ASSERT_OK(ledger);
    ledger_ = std::move(*ledger);
  }

  // Imports `sample` as work/`name` to its end, then undoes the report and
  // the ledger's final state as a crash right after the move would have.
  JobResult FileThenCrash(const std::string& name, const std::string& sample) {
    WorkItem item;
    item.profile = "3pl";
    item.name = name;
    item.path =
        dir_.WriteFile("3pl/work/" + name, ReadWholeFile(FixturePath(sample)));
    item.config = config_;
    JobResult r = RunFileJob(
        FileJobDeps{*ledger_, connection_->caller(), clock_, files_}, item, {});
    EXPECT_EQ(r.end, JobEnd::kFiled) << r.why;
    auto entry = ledger_->GetFile(r.ledger_id);
    EXPECT_OK(entry);
    ledger::FileEntry e = **entry;
    original_report_ = Json(e.report_json);
    original_errors_ = e.errors_csv.empty() ? "" : ReadWholeFile(e.errors_csv);
    fs::remove(e.report_json);
    if (!e.errors_csv.empty()) fs::remove(e.errors_csv);
    e.state = FileState::kClaimed;
    e.path = item.path;
    e.report_json.clear();
    e.errors_csv.clear();
    EXPECT_OK(ledger_->UpdateFile(e));
    return r;
  }

  static nlohmann::json Json(const std::string& path) {
    nlohmann::json j =
        nlohmann::json::parse(ReadWholeFile(path), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path;
    j.erase("generated_at");
    j.erase("elapsed_ms");
    j.erase("api_calls");
    return j;
  }

  std::vector<RecoveredFiling> Recover() {
    auto r = RecoverInterruptedFilings(files_, *config_, *ledger_, clock_);
    EXPECT_OK(r);
    return r.ok() ? *r : std::vector<RecoveredFiling>{};
  }

  m2drop::fs::PosixFileSystem& files_ = m2drop::fs::PosixFileSystem::Instance();
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<MagentoConnection> connection_;
  std::unique_ptr<ledger::Ledger> ledger_;
  nlohmann::json original_report_;
  std::string original_errors_;
};

TEST_F(FilingRecoveryTest, RebuildsTheReportOfAProcessedFileWithoutMagento) {
  const JobResult filed =
      FileThenCrash("drop.csv", "samples/tracking_minimal.csv");
  const int64_t requests = shop_->Counters()["total"].get<int64_t>();
  const std::vector<RecoveredFiling> recovered = Recover();
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_TRUE(recovered[0].rebuilt);
  EXPECT_EQ(recovered[0].path, filed.path);
  EXPECT_EQ(recovered[0].state, FileState::kProcessed);
  EXPECT_EQ(Json(recovered[0].report_json), original_report_);
  EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), requests);
  const ledger::FileEntry e = **ledger_->GetFile(filed.ledger_id);
  EXPECT_EQ(e.state, FileState::kProcessed);
  EXPECT_EQ(e.path, filed.path);
  EXPECT_EQ(e.report_json, recovered[0].report_json);
  EXPECT_EQ(e.applied, 3u);
  EXPECT_GT(e.finished_at_ms, 0);
}

TEST_F(FilingRecoveryTest, RebuildsErrorsCsvOfAFailedFile) {
  const JobResult filed =
      FileThenCrash("bad.csv", "samples/tracking_with_errors.csv");
  ASSERT_FALSE(original_errors_.empty());
  const std::vector<RecoveredFiling> recovered = Recover();
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered[0].state, FileState::kFailed);
  EXPECT_EQ(Json(recovered[0].report_json), original_report_);
  const ledger::FileEntry e = **ledger_->GetFile(filed.ledger_id);
  EXPECT_EQ(e.state, FileState::kFailed);
  ASSERT_FALSE(e.errors_csv.empty());
  EXPECT_EQ(ReadWholeFile(e.errors_csv), original_errors_);
}

// Puts the filed drop of `filed` back into work/ as `name`, and its ledger
// entry back to unfinished; `keep_reports`: its reports stay where they are
// and the entry keeps naming them (the crash came after the reports).
void Unfile(ledger::Ledger& ledger, const JobResult& filed,
            const std::string& work_path, bool keep_reports) {
  auto entry = ledger.GetFile(filed.ledger_id);
  ASSERT_OK(entry);
  ledger::FileEntry e = **entry;
  ASSERT_EQ(rename(filed.path.c_str(), work_path.c_str()), 0);
  if (!keep_reports) {
    fs::remove(e.report_json);
    if (!e.errors_csv.empty()) fs::remove(e.errors_csv);
    e.report_json.clear();
    e.errors_csv.clear();
  }
  e.state = FileState::kClaimed;
  e.path = work_path;
  ASSERT_OK(ledger.UpdateFile(e));
}

TEST_F(FilingRecoveryTest, KillBeforeTheMoveIsResumedWithOneReport) {
  for (bool after_reports : {false, true}) {
    SCOPED_TRACE(after_reports ? "after the reports" : "before the reports");
    const std::string name = after_reports ? "late.csv" : "early.csv";
    WorkItem item;
    item.profile = "3pl";
    item.name = name;
    item.path = dir_.WriteFile(
        "3pl/work/" + name,
        ReadWholeFile(FixturePath("samples/tracking_with_errors.csv")));
    item.config = config_;
    const FileJobDeps deps{*ledger_, connection_->caller(), clock_, files_};
    const JobResult first = RunFileJob(deps, item, {});
    ASSERT_EQ(first.end, JobEnd::kFiled) << first.why;
    Unfile(*ledger_, first, item.path, after_reports);
    const int64_t requests = shop_->Counters()["total"].get<int64_t>();

    EXPECT_TRUE(Recover().empty());  // still in work/: the job's to resume
    const JobResult again = RunFileJob(deps, item, {});
    ASSERT_EQ(again.end, JobEnd::kFiled) << again.why;
    EXPECT_EQ(again.path, first.path);
    EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), requests);
    // One drop, one pair of reports: none left over from the crash.
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_.Join("3pl/failed"))) {
      const std::string n = entry.path().filename().string();
      if (n.starts_with(name.substr(0, name.size() - 4))) names.insert(n);
    }
    EXPECT_EQ(names, (std::set<std::string>{name, name + ".report.json",
                                            name + ".errors.csv"}));
    const ledger::FileEntry e = **ledger_->GetFile(first.ledger_id);
    EXPECT_EQ(e.state, FileState::kFailed);
    EXPECT_EQ(e.report_json, first.path + ".report.json");
  }
}

TEST_F(FilingRecoveryTest, KillAfterTheMoveRecordsTheFinalStateAsItIs) {
  WorkItem item;
  item.profile = "3pl";
  item.name = "drop.csv";
  item.path = dir_.WriteFile(
      "3pl/work/drop.csv",
      ReadWholeFile(FixturePath("samples/tracking_minimal.csv")));
  item.config = config_;
  const JobResult filed = RunFileJob(
      FileJobDeps{*ledger_, connection_->caller(), clock_, files_}, item, {});
  ASSERT_EQ(filed.end, JobEnd::kFiled) << filed.why;
  ledger::FileEntry e = **ledger_->GetFile(filed.ledger_id);
  const std::string report = ReadWholeFile(e.report_json);
  e.state = FileState::kClaimed;  // the final update never happened
  e.path = item.path;
  ASSERT_OK(ledger_->UpdateFile(e));
  const int64_t requests = shop_->Counters()["total"].get<int64_t>();

  const std::vector<RecoveredFiling> recovered = Recover();
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_FALSE(recovered[0].rebuilt);
  EXPECT_EQ(recovered[0].path, filed.path);
  EXPECT_EQ(recovered[0].report_json, e.report_json);
  EXPECT_EQ(ReadWholeFile(e.report_json), report);  // not rewritten
  EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), requests);
  const ledger::FileEntry after = **ledger_->GetFile(filed.ledger_id);
  EXPECT_EQ(after.state, FileState::kProcessed);
  EXPECT_EQ(after.path, filed.path);
  EXPECT_EQ(after.applied, 3u);
  EXPECT_GT(after.finished_at_ms, 0);
}

TEST_F(FilingRecoveryTest, LeavesAFileThatALiveDaemonIsStillFiling) {
  const JobResult filed =
      FileThenCrash("drop.csv", "samples/tracking_minimal.csv");
  auto held = inbox::WorkLock::TryLock(files_, filed.path);
  ASSERT_OK(held);
  ASSERT_TRUE(held->has_value());
  EXPECT_TRUE(Recover().empty());
  EXPECT_FALSE(fs::exists(filed.path + ".report.json"));
  EXPECT_EQ((**ledger_->GetFile(filed.ledger_id)).state, FileState::kClaimed);
}

TEST_F(FilingRecoveryTest, LeavesAnEntryWhoseFileIsNowhere) {
  const JobResult filed =
      FileThenCrash("drop.csv", "samples/tracking_minimal.csv");
  fs::remove(filed.path);
  EXPECT_TRUE(Recover().empty());
  EXPECT_EQ((**ledger_->GetFile(filed.ledger_id)).state, FileState::kClaimed);
}

TEST_F(FilingRecoveryTest, IgnoresAFileOfOtherContentUnderTheSameName) {
  const JobResult filed =
      FileThenCrash("drop.csv", "samples/tracking_minimal.csv");
  // Another drop's bytes under the name, with no report either.
  dir_.WriteFile("3pl/processed/drop.csv", "order_number,tracking_number\n");
  EXPECT_TRUE(Recover().empty());
  EXPECT_EQ((**ledger_->GetFile(filed.ledger_id)).state, FileState::kClaimed);
}

TEST_F(FilingRecoveryTest, LeavesAFileStillInWorkForTheDaemonToResume) {
  WorkItem item;
  item.path = dir_.WriteFile("3pl/work/drop.csv", "x\n");
  ledger::FileEntry e;
  e.profile = "3pl";
  e.name = "drop.csv";
  e.sha256 = "00";
  e.path = item.path;
  ASSERT_OK(ledger_->AddFile(e));
  EXPECT_TRUE(Recover().empty());
  EXPECT_TRUE(fs::exists(item.path));
}

}  // namespace
}  // namespace m2drop::app
