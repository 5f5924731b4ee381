// SPDX-License-Identifier: Apache-2.0
// FileJob against the simulator on loopback (testing/loopback_shop.h) with
// a :memory: ledger and real directories under a temp dir.
#include "m2drop/app/daemon/file_job.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fakes/fake_file_system.h"
#include "m2drop/app/daemon/profile_dirs.h"
#include "m2drop/config/loader.h"
#include "m2drop/fs/content_hash.h"
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

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";

std::set<std::string> FilesIn(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

class DaemonFileJobTest : public testing::LoopbackShopTest {
 protected:
  void SetUp() override { StartShop(testing::ShopSeed()); }

  // Loads the configuration (connection `s`, profile "3pl" under the temp
  // dir, `daemon_toml` in [daemon]) and opens the connection and ledger.
  void Configure(const testing::ConnectionSettings& s = {},
                 const std::string& daemon_toml = "") {
    dir_.WriteFile("3pl/inbox/.keep", "");
    ConfigureOn(m2drop::fs::PosixFileSystem::Instance(), dir_.Join("3pl"), s,
                daemon_toml);
  }

  // The same with the profile's directories under `root` on `files`, which
  // the job then works on. REQUIRES: `root`/inbox exists.
  void ConfigureOn(m2drop::fs::FileSystem& files, const std::string& root,
                   const testing::ConnectionSettings& s = {},
                   const std::string& daemon_toml = "") {
    files_ = &files;
    const std::string toml =
        testing::ConnectionToml(shop_->base_url(), s, dir_) + "[daemon]\n" +
        daemon_toml + "state_dir = \"" + dir_.Join("state") + "\"\n" +
        "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" + root +
        "/inbox\"\n";
    Result<config::Config> loaded = config::LoadString(toml, "<test>");
    ASSERT_OK(loaded);
    config_ = std::make_shared<const config::Config>(std::move(*loaded));
    ASSERT_OK(PrepareProfileDirs(files, config_->profiles[0]));
    auto connection = MagentoConnection::Create(*config_, clock_);
    ASSERT_OK(connection);
    connection_ = std::move(*connection);
    if (!ledger_) {
      auto ledger = ledger::SqliteLedger::Open(":memory:", clock_);
      ASSERT_OK(ledger);
      ledger_ = std::move(*ledger);
    }
  }

  // `content` as work/`name`, as the claim leaves it.
  WorkItem InWork(const std::string& name, const std::string& content) {
    WorkItem item;
    item.profile = "3pl";
    item.name = name;
    item.path = dir_.WriteFile("3pl/work/" + name, content);
    item.config = config_;
    return item;
  }

  JobResult Run(const WorkItem& item, std::stop_token stop = {}) {
    FileJobDeps deps{*ledger_, connection_->caller(), clock_, *files_};
    return RunFileJob(deps, item, stop);
  }

  ledger::FileEntry Entry(int64_t id) {
    auto entry = ledger_->GetFile(id);
    EXPECT_OK(entry);
    EXPECT_TRUE(entry.ok() && *entry);
    return entry.ok() && *entry ? **entry : ledger::FileEntry{};
  }

  nlohmann::json Report(const std::string& path) {
    nlohmann::json j =
        nlohmann::json::parse(ReadWholeFile(path), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path;
    return j;
  }

  fs::path Dir(const std::string& name) const {
    return dir_.path() / "3pl" / name;
  }

  m2drop::fs::FileSystem* files_ = &m2drop::fs::PosixFileSystem::Instance();
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<MagentoConnection> connection_;
  std::unique_ptr<ledger::Ledger> ledger_;
  const std::string minimal_ =
      ReadWholeFile(FixturePath("samples/tracking_minimal.csv"));
};

TEST_F(DaemonFileJobTest, AppliedFileEndsInProcessedWithReportAndLedger) {
  Configure();
  JobResult r = Run(InWork("drop.csv", minimal_));
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kProcessed);
  EXPECT_EQ(r.path, (Dir("processed") / "drop.csv").string());
  EXPECT_EQ(FilesIn(Dir("processed")),
            (std::set<std::string>{"drop.csv", "drop.csv.report.json"}));
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  const ledger::FileEntry e = Entry(r.ledger_id);
  EXPECT_EQ(e.state, FileState::kProcessed);
  EXPECT_EQ(e.path, r.path);
  EXPECT_EQ(e.rows_total, 3u);
  EXPECT_EQ(e.applied, 3u);
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.report_json,
            (Dir("processed") / "drop.csv.report.json").string());
  EXPECT_EQ(e.sha256, m2drop::fs::Sha256Hex(minimal_));
  auto rows = ledger_->Rows(r.ledger_id);
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 2u);
  EXPECT_EQ((*rows)[0].state, "applied");
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
}

TEST_F(DaemonFileJobTest, RowErrorsFileItUnderFailedWithTheRowsToFix) {
  Configure();
  JobResult r = Run(
      InWork("bad.csv",
             ReadWholeFile(FixturePath("samples/tracking_with_errors.csv"))));
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kFailed);
  EXPECT_EQ(FilesIn(Dir("failed")),
            (std::set<std::string>{"bad.csv", "bad.csv.report.json",
                                   "bad.csv.errors.csv"}));
  const ledger::FileEntry e = Entry(r.ledger_id);
  EXPECT_EQ(e.state, FileState::kFailed);
  EXPECT_GT(e.failed, 0u);
  EXPECT_EQ(e.errors_csv, (Dir("failed") / "bad.csv.errors.csv").string());
}

TEST_F(DaemonFileJobTest, MissingColumnFailsTheFileWithAReportNamingIt) {
  Configure();
  JobResult r = Run(InWork("cols.csv", "order_number,carrier_code\n1,ups\n"));
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kFailed);
  const nlohmann::json report =
      Report((Dir("failed") / "cols.csv.report.json").string());
  ASSERT_EQ(report["errors"].size(), 1u) << report.dump();
  EXPECT_EQ(report["errors"][0]["code"], "unreadable_file");
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("tracking"),
            std::string::npos)
      << report.dump();
  EXPECT_FALSE(Entry(r.ledger_id).note.empty());
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 0);
}

TEST_F(DaemonFileJobTest, DuplicateContentIsFiledWithoutCallingMagento) {
  Configure();
  JobResult first = Run(InWork("drop.csv", minimal_));
  ASSERT_EQ(first.state, FileState::kProcessed) << first.why;
  const int64_t calls = shop_->Counters()["total"].get<int64_t>();
  JobResult again = Run(InWork("again.csv", minimal_));
  ASSERT_EQ(again.end, JobEnd::kFiled) << again.why;
  EXPECT_EQ(again.state, FileState::kDuplicate);
  EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), calls);
  const nlohmann::json report =
      Report((Dir("processed") / "again.csv.report.json").string());
  EXPECT_EQ(report["mode"], "duplicate");
  EXPECT_EQ(report["duplicate_of"], "drop.csv");
  const std::string message = report["message"];
  EXPECT_EQ(message.rfind("duplicate of drop.csv processed at ", 0), 0u)
      << message;
  EXPECT_NE(message.find("; nothing applied"), std::string::npos);
  EXPECT_EQ(Entry(again.ledger_id).state, FileState::kDuplicate);
  EXPECT_EQ(Entry(again.ledger_id).note, message);
}

TEST_F(DaemonFileJobTest, ReprocessImportsDuplicateContentAgain) {
  Configure({}, "on_duplicate = \"reprocess\"\n");
  ASSERT_EQ(Run(InWork("drop.csv", minimal_)).state, FileState::kProcessed);
  JobResult again = Run(InWork("again.csv", minimal_));
  EXPECT_EQ(again.state, FileState::kProcessed) << again.why;
  EXPECT_EQ(Entry(again.ledger_id).already_present, 3u);
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
}

TEST_F(DaemonFileJobTest, ResumeDoesNotResendRowsTheLedgerDecided) {
  Configure();
  WorkItem item = InWork("drop.csv", minimal_);
  ledger::FileEntry before;
  before.profile = "3pl";
  before.name = "drop.csv";
  before.sha256 = m2drop::fs::Sha256Hex(minimal_);
  before.path = item.path;
  before.attempts = 1;
  auto id = ledger_->AddFile(before);
  ASSERT_OK(id);
  const ledger::RowEntry decided{2, "applied", "", "shipped before the crash"};
  ASSERT_OK(ledger_->RecordRows(*id, std::span(&decided, 1)));

  JobResult r = Run(item);
  ASSERT_EQ(r.state, FileState::kProcessed) << r.why;
  EXPECT_EQ(r.ledger_id, *id);
  // Line 2's order was never shipped in the simulator: it was not sent.
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 2);
  const ledger::FileEntry e = Entry(*id);
  EXPECT_EQ(e.attempts, 2);
  EXPECT_EQ(e.applied, 3u);
  const nlohmann::json report =
      Report((Dir("processed") / "drop.csv.report.json").string());
  ASSERT_EQ(report["rows"].size(), 3u);
  EXPECT_EQ(report["rows"][0]["message"], "shipped before the crash");
}

TEST_F(DaemonFileJobTest, MagentoDownLeavesTheFileWaitingInWork) {
  testing::ConnectionSettings s;
  s.max_attempts = 2;
  s.give_up_after = "200ms";
  Configure(s);
  ASSERT_OK(shop_->UpdateFaults({{"outage", true}}));
  WorkItem item = InWork("drop.csv", minimal_);
  JobResult r = Run(item);
  EXPECT_EQ(r.end, JobEnd::kWaiting);
  EXPECT_EQ(r.state, FileState::kWaiting);
  EXPECT_EQ(r.why.code(), StatusCode::kUnavailable) << r.why;
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"drop.csv"});
  EXPECT_TRUE(FilesIn(Dir("failed")).empty());
  EXPECT_EQ(Entry(r.ledger_id).state, FileState::kWaiting);

  ASSERT_OK(shop_->UpdateFaults({{"outage", false}}));
  JobResult later = Run(item);
  EXPECT_EQ(later.state, FileState::kProcessed) << later.why;
  EXPECT_EQ(later.ledger_id, r.ledger_id);
  EXPECT_EQ(Entry(r.ledger_id).attempts, 2);
}

TEST_F(DaemonFileJobTest, ShutdownLeavesTheFileWaitingInWork) {
  Configure();
  std::stop_source stop;
  stop.request_stop();
  JobResult r = Run(InWork("drop.csv", minimal_), stop.get_token());
  EXPECT_EQ(r.end, JobEnd::kWaiting) << r.why;
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"drop.csv"});
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 0);
}

TEST_F(DaemonFileJobTest, RefusedCredentialsLeaveTheFileWaiting) {
  testing::ConnectionSettings s;
  s.token = "wrong-token";
  Configure(s);
  JobResult r = Run(InWork("drop.csv", minimal_));
  EXPECT_EQ(r.end, JobEnd::kWaiting);
  EXPECT_EQ(r.why.code(), StatusCode::kUnauthenticated) << r.why;
  EXPECT_EQ(r.why.message().find("wrong-token"), std::string::npos);
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"drop.csv"});
}

TEST_F(DaemonFileJobTest, FileLockedByAnotherProcessIsLeftAlone) {
  Configure();
  WorkItem item = InWork("drop.csv", minimal_);
  auto lock = inbox::WorkLock::TryLock(*files_, item.path);
  ASSERT_OK(lock);
  ASSERT_TRUE(lock->has_value());
  // flock locks belong to the open file description: the job's own open
  // conflicts with the test's even within one process.
  JobResult r = Run(item);
  EXPECT_EQ(r.end, JobEnd::kNotMine);
  EXPECT_EQ(FilesIn(Dir("work")), std::set<std::string>{"drop.csv"});
  EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), 0);
}

TEST_F(DaemonFileJobTest, OversizedFileIsRefusedWithoutBeingHashed) {
  Configure();
  auto config = std::make_shared<config::Config>(*config_);
  config->limits.max_file_size = 64;
  config_ = config;
  JobResult r = Run(InWork("big.csv", minimal_));
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kFailed);
  const ledger::FileEntry e = Entry(r.ledger_id);
  EXPECT_EQ(e.sha256, "");  // not hashed
  EXPECT_EQ(e.size, minimal_.size());
  const nlohmann::json report = Report(e.report_json);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_EQ(report["errors"][0]["code"], "unreadable_file");
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 0);
}

TEST_F(DaemonFileJobTest, EveryStateChangeReachesTheObserver) {
  Configure();
  std::vector<FileEvent> events;
  FileJobDeps deps{*ledger_, connection_->caller(), clock_, *files_,
                   [&events](const FileEvent& e) { events.push_back(e); }};
  JobResult r = RunFileJob(deps, InWork("drop.csv", minimal_), {});
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].state, "claimed");
  EXPECT_EQ(events[1].state, "processed");
  EXPECT_EQ(events[1].profile, "3pl");
  EXPECT_EQ(events[1].applied, 3u);
  EXPECT_EQ(events[1].path, r.path);
  EXPECT_EQ(events[1].report, Entry(r.ledger_id).report_json);
}

// Issue 17 item 5: a name of NAME_MAX bytes is filed with its reports (the
// report names shortened to fit, the report naming the original), and a
// second drop of that name is filed too instead of waiting forever.
TEST_F(DaemonFileJobTest, LongNamesAreFiledWithReportsThatFit) {
  Configure();
  const std::string name = std::string(251, 'L') + ".csv";
  JobResult first = Run(InWork(name, minimal_));
  ASSERT_EQ(first.end, JobEnd::kFiled) << first.why;
  const ledger::FileEntry e = Entry(first.ledger_id);
  ASSERT_FALSE(e.report_json.empty()) << e.note;
  EXPECT_LE(fs::path(e.report_json).filename().string().size(), 255u);
  EXPECT_EQ(Report(e.report_json)["file"], name);

  JobResult second = Run(InWork(name,
                                "order_number,tracking_number,"
                                "carrier_code\n000000101,X1,ups\n"));
  ASSERT_EQ(second.end, JobEnd::kFiled) << second.why;
  EXPECT_NE(second.path, first.path);
  EXPECT_LE(fs::path(second.path).filename().string().size(), 255u);
  const ledger::FileEntry e2 = Entry(second.ledger_id);
  ASSERT_FALSE(e2.report_json.empty()) << e2.note;
  EXPECT_EQ(Report(e2.report_json)["file"], name);
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
}

// Issue 17 item 6: the job runs on FakeFileSystem, whose processed/ is
// full. The file must not be filed without its report: it waits in work/
// (unfiled, so the daemon alerts), and once there is room again it is
// filed with its report, rebuilt from the ledger without calling Magento.
class DaemonFileJobFullDiskTest : public DaemonFileJobTest {
 protected:
  void SetUp() override {
    DaemonFileJobTest::SetUp();
    fake_.AddDir("/srv/3pl/inbox");
    ConfigureOn(fake_, "/srv/3pl");
  }

  JobResult Run(const std::string& name) {
    WorkItem item;
    item.profile = "3pl";
    item.name = name;
    item.path = "/srv/3pl/work/" + name;
    item.config = config_;
    return DaemonFileJobTest::Run(item);
  }

  m2drop::fs::FakeFileSystem fake_{clock_};
};

TEST_F(DaemonFileJobFullDiskTest, FileWaitsInWorkUntilItsReportCanBeWritten) {
  fake_.WriteFile("/srv/3pl/work/drop.csv", minimal_);
  fake_.FailNext(m2drop::fs::FakeFileSystem::Op::kNewTempFile,
                 "/srv/3pl/processed",
                 Status::Io("cannot create a file in \"/srv/3pl/processed\": "
                            "No space left on device"));
  JobResult full = Run("drop.csv");
  EXPECT_EQ(full.end, JobEnd::kWaiting);
  EXPECT_TRUE(full.unfiled);
  EXPECT_NE(full.why.message().find("No space left on device"),
            std::string::npos)
      << full.why;
  EXPECT_TRUE(fake_.Exists("/srv/3pl/work/drop.csv"));
  EXPECT_FALSE(fake_.Exists("/srv/3pl/processed/drop.csv"));
  EXPECT_FALSE(fake_.Exists("/srv/3pl/processed/drop.csv.report.json"));
  const int64_t ships = shop_->Count(kShipRoute, 200);
  EXPECT_EQ(ships, 3);

  const int64_t requests = shop_->Counters()["total"].get<int64_t>();
  JobResult later = Run("drop.csv");
  ASSERT_EQ(later.end, JobEnd::kFiled) << later.why;
  EXPECT_EQ(later.state, FileState::kProcessed);
  EXPECT_EQ(later.ledger_id, full.ledger_id);
  EXPECT_FALSE(later.unfiled);
  EXPECT_TRUE(fake_.Exists("/srv/3pl/processed/drop.csv"));
  const std::optional<std::string> report =
      fake_.Contents("/srv/3pl/processed/drop.csv.report.json");
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(nlohmann::json::parse(*report)["applied"], 3);
  // Nothing was sent again: every row's outcome came from the ledger.
  EXPECT_EQ(shop_->Counters()["total"].get<int64_t>(), requests);
}

// Issue 17 item 1: a producer with write access to work/ renames another
// entry over the claimed file while it is imported. The bytes imported and
// filed must be the bytes claimed; the replacement is neither read nor
// filed under the claimed name, and the claimed drop is not lost.
class DaemonFileJobSwapTest : public DaemonFileJobTest {
 protected:
  // Runs `item`, replacing work/NAME with `replacement` (a path renamed
  // over it) right after the job logged "claimed".
  JobResult RunSwapping(const WorkItem& item, const std::string& replacement) {
    FileJobDeps deps{*ledger_, connection_->caller(), clock_, *files_,
                     [&](const FileEvent& e) {
                       if (e.state != "claimed") return;
                       swapped_ =
                           rename(replacement.c_str(), item.path.c_str()) == 0;
                     }};
    return RunFileJob(deps, item, {});
  }

  // Every entry under `dir` that is a symbolic link.
  static std::set<std::string> SymlinksIn(const fs::path& dir) {
    std::set<std::string> links;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_symlink()) links.insert(entry.path().filename().string());
    }
    return links;
  }

  bool swapped_ = false;
};

TEST_F(DaemonFileJobSwapTest, SymlinkSwappedInIsNeverReadNorFiledAsTheDrop) {
  Configure();
  const std::string secret = dir_.WriteFile(
      "private/secret.csv",
      "order_number,tracking_number,carrier_code\nSECRET-LINE,T1,ups\n");
  const std::string link = dir_.Join("3pl/work/.link");
  ASSERT_EQ(symlink(secret.c_str(), link.c_str()), 0);
  WorkItem item = InWork("big.csv", minimal_);
  JobResult r = RunSwapping(item, link);
  ASSERT_TRUE(swapped_);
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kProcessed);
  // The claimed rows went to Magento, nothing of the private file did.
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
  const fs::path filed = Dir("processed") / "big.csv";
  EXPECT_FALSE(fs::is_symlink(filed));
  EXPECT_EQ(ReadWholeFile(filed.string()), minimal_);
  const ledger::FileEntry e = Entry(r.ledger_id);
  EXPECT_EQ(e.sha256, m2drop::fs::Sha256Hex(minimal_));
  EXPECT_EQ(ReadWholeFile(e.report_json).find("SECRET"), std::string::npos);
  // The link is set aside where a person sees it, never under the name.
  EXPECT_TRUE(SymlinksIn(Dir("processed")).empty());
  EXPECT_FALSE(SymlinksIn(Dir("failed")).contains("big.csv"));
  EXPECT_EQ(SymlinksIn(Dir("failed")).size(), 1u);
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
  EXPECT_NE(ReadWholeFile(secret).find("SECRET-LINE"), std::string::npos);
}

TEST_F(DaemonFileJobSwapTest, RegularFileSwappedInIsNotImportedUnderTheName) {
  Configure();
  const std::string other = dir_.WriteFile(
      "3pl/work/.other",
      "order_number,tracking_number,carrier_code\n000000101,OTHER1,ups\n");
  WorkItem item = InWork("a.csv", minimal_);
  JobResult r = RunSwapping(item, other);
  ASSERT_TRUE(swapped_);
  ASSERT_EQ(r.end, JobEnd::kFiled) << r.why;
  EXPECT_EQ(r.state, FileState::kProcessed);
  EXPECT_EQ(shop_->Count(kShipRoute, 200), 3);
  EXPECT_EQ(ReadWholeFile((Dir("processed") / "a.csv").string()), minimal_);
  EXPECT_EQ(Entry(r.ledger_id).sha256, m2drop::fs::Sha256Hex(minimal_));
  // The replacement was not imported (its track is not on the order) and
  // sits in failed/ under another name, for a person to look at.
  EXPECT_EQ(shop_->State().dump().find("OTHER1"), std::string::npos);
  std::set<std::string> failed = FilesIn(Dir("failed"));
  EXPECT_EQ(failed.size(), 1u);
  EXPECT_FALSE(failed.contains("a.csv"));
  for (const std::string& name : failed) {
    EXPECT_NE(ReadWholeFile((Dir("failed") / name).string()).find("OTHER1"),
              std::string::npos);
  }
  EXPECT_TRUE(FilesIn(Dir("work")).empty());
}

}  // namespace
}  // namespace m2drop::app
