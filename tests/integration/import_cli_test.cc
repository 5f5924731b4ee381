// SPDX-License-Identifier: Apache-2.0
// `m2drop import` as the real binary against `m2drop sim` as a child process
// (docs/design.md §3–§4): every tracking sample dropped into a profile inbox
// ends with the right Magento state (read back through GET /_sim/state and GET
// /_sim/requests), the right JSON summary, report files and exit code, and the
// file filed where it belongs. Re-imports and dry runs write nothing; lost
// write answers never duplicate; every failure class has its exit code and
// leaves the file where a retry finds it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "testing/loopback_shop.h"
#include "testing/sim_process.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::FixturePath;
using testing::ProcessResult;
using testing::ReadWholeFile;
using testing::SimProcess;

constexpr char kShipRoute[] = "POST /V1/order/{id}/ship";
constexpr char kTrackRoute[] = "POST /V1/shipment/track";
constexpr char kEmailsRoute[] = "POST /V1/shipment/{id}/emails";

// The names of the regular files in `dir` ("" entries never; none when
// `dir` does not exist).
std::set<std::string> FilesIn(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) names.insert(entry.path().filename());
  }
  return names;
}

json ParseJson(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << what << " is not JSON: " << text;
  return j.is_discarded() ? json::object() : j;
}

class ImportCliTest : public ::testing::Test {
 protected:
  // Starts `m2drop sim` with the demo seed (or `args`) and writes a
  // configuration reaching it.
  void StartSim(std::vector<std::string> args = {},
                const std::string& token = "demo-token",
                const std::string& retry_toml =
                    "[retry]\ninitial_backoff = \"10ms\"\n"
                    "max_backoff = \"50ms\"\n") {
    if (args.empty()) args = {"--seed", FixturePath("sim/demo-seed.json")};
    sim_ = std::make_unique<SimProcess>(args);
    ASSERT_TRUE(sim_->started());
    config_ =
        testing::ImportConfigToml(dir_, sim_->base_url(), token, retry_toml);
  }

  // A copy of fixtures/samples/`name` in `profile`'s inbox.
  std::string DropSample(const std::string& name,
                         const std::string& profile = "3pl") {
    return dir_.WriteFile(profile + "/inbox/" + name,
                          ReadWholeFile(FixturePath("samples/" + name)));
  }

  ProcessResult Import(const std::string& file,
                       std::vector<std::string> extra = {},
                       const std::string& profile = "3pl") {
    std::vector<std::string> argv = {M2DROP_BINARY, "import", file,
                                     "--profile",   profile,  "--config",
                                     config_,       "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::RunProcess(argv, std::chrono::seconds(30));
  }

  static json Summary(const ProcessResult& r) {
    return ParseJson(r.out, "the --json summary");
  }

  json Report(const std::string& path) {
    EXPECT_TRUE(fs::exists(path)) << path;
    return ParseJson(ReadWholeFile(path), path);
  }

  fs::path Processed() const { return dir_.path() / "3pl/processed"; }
  fs::path Failed() const { return dir_.path() / "3pl/failed"; }
  fs::path Inbox() const { return dir_.path() / "3pl/inbox"; }

  // Every row in `report` has `outcome`; returns the rows.
  static json ExpectRows(const json& report, size_t rows,
                         const std::string& outcome) {
    EXPECT_EQ(report["rows"].size(), rows) << report.dump();
    for (const json& row : report["rows"]) {
      EXPECT_EQ(row["outcome"], outcome) << row.dump();
    }
    return report["rows"];
  }

  // The order's single shipment with its single track, checked against
  // `number`, `carrier` and `title`; every item shipped in full.
  void ExpectShippedWithTrack(const std::string& order,
                              const std::string& number,
                              const std::string& carrier,
                              const std::string& title) {
    json o = sim_->Order(order);
    ASSERT_EQ(o["shipments"].size(), 1u) << order;
    const json& tracks = o["shipments"][0]["tracks"];
    ASSERT_EQ(tracks.size(), 1u) << order;
    EXPECT_EQ(tracks[0]["track_number"], number) << order;
    EXPECT_EQ(tracks[0]["carrier_code"], carrier) << order;
    EXPECT_EQ(tracks[0]["title"], title) << order;
    for (const json& item : o["items"]) {
      EXPECT_EQ(item["qty_shipped"], item["qty_ordered"])
          << order << " " << item["sku"];
    }
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<SimProcess> sim_;
  std::string config_;
};

TEST_F(ImportCliTest, MinimalSampleShipsEachOrderAndMovesToProcessed) {
  StartSim();
  ProcessResult r = Import(DropSample("tracking_minimal.csv"));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["mode"], "import");
  EXPECT_EQ(s["rows_total"], 3);
  EXPECT_EQ(s["applied"], 3);
  EXPECT_EQ(s["failed"], 0);
  ExpectShippedWithTrack("000000101", "1Z999AA10123456784", "ups", "UPS");
  ExpectShippedWithTrack("000000102", "9400111899223197428490", "usps", "USPS");
  ExpectShippedWithTrack("000000103", "794698547421", "fedex", "FedEx");
  json requests = sim_->Requests();
  EXPECT_EQ(SimProcess::Count(requests, kShipRoute, 200), 3);
  EXPECT_EQ(SimProcess::Count(requests, kTrackRoute, 200), 0);
  EXPECT_EQ(FilesIn(Inbox()), std::set<std::string>{".keep"});
  EXPECT_EQ(FilesIn(Processed()),
            (std::set<std::string>{"tracking_minimal.csv",
                                   "tracking_minimal.csv.report.json"}));
  json report = Report((Processed() / "tracking_minimal.csv.report.json"));
  for (const json& row : ExpectRows(report, 3, "applied")) {
    EXPECT_NE(row["message"].get<std::string>().find("customer notified"),
              std::string::npos)
        << row.dump();
  }
  // notify_customer defaults to true: Magento sent each shipment's e-mail.
  for (const char* order : {"000000101", "000000102", "000000103"}) {
    const json state = sim_->Order(order);
    ASSERT_EQ(state["shipments"].size(), 1u) << order;
    EXPECT_EQ(state["shipments"][0]["email_sent"], 1) << order;
  }
  EXPECT_EQ(report["rows"][0]["line"], 2);
}

TEST_F(ImportCliTest, NotifyColumnOverridesTheProfilePerRow) {
  StartSim();
  const std::string file =
      dir_.WriteFile("3pl/inbox/notify.csv",
                     "order_number,tracking_number,carrier,notify\n"
                     "000000101,1Z999AA10123456784,UPS,no\n"
                     "000000102,9400111899223197428490,USPS,yes\n");
  ProcessResult r = Import(file);
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(sim_->Order("000000101")["shipments"][0]["email_sent"], 0);
  EXPECT_EQ(sim_->Order("000000102")["shipments"][0]["email_sent"], 1);
}

TEST_F(ImportCliTest, ShipStationCarriersMapToCodesAndTitles) {
  StartSim();
  ProcessResult r = Import(DropSample("shipstation_shipments.csv"));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["applied"], 4);
  // The title comes from the Service column (a default alias of title).
  ExpectShippedWithTrack("000000104", "1Z999AA10123456785", "ups",
                         "UPS\u00ae Ground");
  ExpectShippedWithTrack("000000105", "9405511899223197428491", "usps",
                         "USPS Priority Mail");
  ExpectShippedWithTrack("000000106", "794698547422", "fedex",
                         "FedEx Home Delivery\u00ae");
  ExpectShippedWithTrack("000000107", "1234567890", "dhl",
                         "DHL Express Worldwide");
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 4);
  EXPECT_TRUE(FilesIn(Processed()).count("shipstation_shipments.csv"));
  ExpectRows(Report(Processed() / "shipstation_shipments.csv.report.json"), 4,
             "applied");
}

TEST_F(ImportCliTest, GermanExcelSampleWithTheMappedProfile) {
  StartSim();
  ProcessResult r =
      Import(DropSample("excel_de_semicolon_bom.csv", "3pl-de"), {}, "3pl-de");
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["dialect"]["delimiter"], ";");
  EXPECT_EQ(s["dialect"]["bom"], true);
  EXPECT_EQ(s["applied"], 3);
  ExpectShippedWithTrack("000000108", "00340434161094042557", "dhl", "DHL");
  ExpectShippedWithTrack("000000109", "00340434161094042558", "dhl", "DHL");
  ExpectShippedWithTrack("000000110", "1Z999AA10123456786", "ups", "UPS");
  const fs::path processed = dir_.path() / "3pl-de/processed";
  EXPECT_EQ(FilesIn(processed),
            (std::set<std::string>{"excel_de_semicolon_bom.csv",
                                   "excel_de_semicolon_bom.csv.report.json"}));
}

TEST_F(ImportCliTest, MultiPackageSampleShipsEachPackageItsItems) {
  StartSim();
  ProcessResult r = Import(DropSample("multi_package_items.csv"));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["applied"], 4);
  json o111 = sim_->Order("000000111");
  ASSERT_EQ(o111["shipments"].size(), 2u);  // one per tracking number
  std::set<std::string> numbers;
  for (const json& shipment : o111["shipments"]) {
    ASSERT_EQ(shipment["tracks"].size(), 1u);
    numbers.insert(shipment["tracks"][0]["track_number"]);
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"1Z999AA10123456787",
                                            "1Z999AA10123456788"}));
  json o112 = sim_->Order("000000112");
  ASSERT_EQ(o112["shipments"].size(), 1u);  // one number, two items
  EXPECT_EQ(o112["shipments"][0]["tracks"].size(), 1u);
  EXPECT_EQ(o112["shipments"][0]["tracks"][0]["carrier_code"], "usps");
  for (const json& order : {o111, o112}) {
    for (const json& item : order["items"]) {
      EXPECT_EQ(item["qty_shipped"], item["qty_ordered"]) << item.dump();
    }
  }
  EXPECT_EQ(sim_->Count(kShipRoute, 200), 3);
  ExpectRows(Report(Processed() / "multi_package_items.csv.report.json"), 4,
             "applied");
}

TEST_F(ImportCliTest, RowsWithErrorsGoToFailedWithTheRowsToFix) {
  StartSim();
  ProcessResult r = Import(DropSample("tracking_with_errors.csv"));
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["failed"], 4);
  EXPECT_EQ(s["errors"].size(), 4u);
  EXPECT_EQ(sim_->Posts(), 0);
  EXPECT_EQ(FilesIn(Inbox()), std::set<std::string>{".keep"});
  EXPECT_EQ(FilesIn(Failed()),
            (std::set<std::string>{"tracking_with_errors.csv",
                                   "tracking_with_errors.csv.report.json",
                                   "tracking_with_errors.csv.errors.csv"}));
  EXPECT_TRUE(FilesIn(Processed()).empty());
  json rows = ExpectRows(
      Report(Failed() / "tracking_with_errors.csv.report.json"), 4, "failed");
  EXPECT_EQ(rows[1]["code"], "unknown_order");
  EXPECT_EQ(rows[2]["code"], "malformed_record");
  const std::string errors =
      ReadWholeFile(Failed() / "tracking_with_errors.csv.errors.csv");
  std::vector<std::string> lines;
  for (size_t at = 0; at < errors.size();) {
    size_t end = errors.find('\n', at);
    if (end == std::string::npos) end = errors.size();
    lines.push_back(errors.substr(at, end - at));
    at = end + 1;
  }
  ASSERT_EQ(lines.size(), 5u) << errors;
  EXPECT_EQ(lines[0], "order_number,tracking_number,carrier_code,title,errors");
  EXPECT_EQ(lines[1].rfind("000000101,,ups,UPS,\"line 2", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("999999999,1Z999AA10123456789,ups,UPS,\"", 0), 0u)
      << lines[2];
  EXPECT_NE(lines[2].find("order 999999999 does not exist in Magento"),
            std::string::npos)
      << lines[2];
  EXPECT_EQ(lines[4].rfind("000000114,1Z999AA10123456790,,,\"", 0), 0u)
      << lines[4];
}

TEST_F(ImportCliTest, TrackForAShippedOrderIsAddedAndTheCustomerEmailed) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "3pl/inbox/late.csv",
      "order_number,tracking_number,carrier_code\n000000117,T-117,dhl\n");
  ProcessResult r = Import(file);
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json shipments = sim_->Order("000000117")["shipments"];
  ASSERT_EQ(shipments.size(), 1u);
  ASSERT_EQ(shipments[0]["tracks"].size(), 2u);
  EXPECT_EQ(shipments[0]["tracks"][1]["track_number"], "T-117");
  EXPECT_EQ(shipments[0]["tracks"][1]["carrier_code"], "dhl");
  EXPECT_EQ(shipments[0]["email_sent"], 1);
  json requests = sim_->Requests();
  EXPECT_EQ(SimProcess::Count(requests, kTrackRoute, 200), 1);
  EXPECT_EQ(SimProcess::Count(requests, kEmailsRoute, 200), 1);
  EXPECT_EQ(SimProcess::Count(requests, kShipRoute, 200), 0);
}

TEST_F(ImportCliTest, ReimportWritesNothingAndNeverOverwritesProcessed) {
  StartSim();
  ASSERT_EQ(Import(DropSample("tracking_minimal.csv")).exit_code, kExitOk);
  const int64_t posts = sim_->Posts();
  ASSERT_GT(posts, 0);
  ProcessResult r = Import(DropSample("tracking_minimal.csv"));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  json s = Summary(r);
  EXPECT_EQ(s["already_present"], 3);
  EXPECT_EQ(s["applied"], 0);
  EXPECT_EQ(sim_->Posts(), posts);
  // The second copy got a timestamped name beside the first one.
  std::set<std::string> processed = FilesIn(Processed());
  ASSERT_EQ(processed.size(), 4u);
  std::string second;
  for (const std::string& name : processed) {
    if (name != "tracking_minimal.csv" && name.ends_with(".csv")) second = name;
  }
  EXPECT_TRUE(second.starts_with("tracking_minimal.") &&
              second.ends_with("Z.csv"))
      << second;
  EXPECT_EQ(ReadWholeFile(Processed() / second),
            ReadWholeFile(FixturePath("samples/tracking_minimal.csv")));
  ExpectRows(Report(Processed() / (second + ".report.json")), 3,
             "already_present");
  ExpectRows(Report(Processed() / "tracking_minimal.csv.report.json"), 3,
             "applied");
}

TEST_F(ImportCliTest, DryRunWritesNothingAndTheFileStays) {
  StartSim();
  const std::string file = DropSample("multi_package_items.csv");
  ProcessResult r = Import(file, {"--dry-run"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["mode"], "dry-run");
  EXPECT_EQ(sim_->Posts(), 0);
  EXPECT_TRUE(sim_->Order("000000111")["shipments"].empty());
  EXPECT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(Processed() / "multi_package_items.csv"));
  // No report in the inbox, where NAME.errors.csv would look like a drop.
  EXPECT_EQ(FilesIn(Inbox()),
            (std::set<std::string>{".keep", "multi_package_items.csv"}));
  const std::string reports = dir_.Join("reports");
  fs::create_directories(reports);
  r = Import(file, {"--dry-run", "--report-dir", reports});
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  ExpectRows(Report(reports + "/multi_package_items.csv.report.json"), 4,
             "would_apply");
  EXPECT_EQ(sim_->Posts(), 0);
}

TEST_F(ImportCliTest, FileOutsideTheInboxStaysWithItsReportBesideIt) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "elsewhere/tracking_minimal.csv",
      ReadWholeFile(FixturePath("samples/tracking_minimal.csv")));
  ProcessResult r = Import(file);
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(FilesIn(dir_.path() / "elsewhere"),
            (std::set<std::string>{"tracking_minimal.csv",
                                   "tracking_minimal.csv.report.json"}));
  EXPECT_TRUE(FilesIn(Processed()).empty());
}

TEST_F(ImportCliTest, ReportDirTakesTheReportsOfAFileLeftInPlace) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "elsewhere/tracking_with_errors.csv",
      ReadWholeFile(FixturePath("samples/tracking_with_errors.csv")));
  const std::string reports = dir_.Join("reports");
  fs::create_directories(reports);
  ProcessResult r = Import(file, {"--report-dir", reports});
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  EXPECT_EQ(FilesIn(dir_.path() / "elsewhere"),
            std::set<std::string>{"tracking_with_errors.csv"});
  EXPECT_EQ(FilesIn(reports),
            (std::set<std::string>{"tracking_with_errors.csv.report.json",
                                   "tracking_with_errors.csv.errors.csv"}));
  EXPECT_TRUE(FilesIn(Failed()).empty());
}

// Issue 16 item 3: --report-dir is created like processed/ and failed/.
TEST_F(ImportCliTest, MissingReportDirIsCreated) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "elsewhere/tracking_with_errors.csv",
      ReadWholeFile(FixturePath("samples/tracking_with_errors.csv")));
  const std::string reports = dir_.Join("reports/2026/11");
  ProcessResult r = Import(file, {"--report-dir", reports});
  ASSERT_EQ(r.exit_code, kExitRowsFailed) << r.out << r.err;
  EXPECT_EQ(FilesIn(reports),
            (std::set<std::string>{"tracking_with_errors.csv.report.json",
                                   "tracking_with_errors.csv.errors.csv"}));
}

// A report that cannot be written after writes happened is never lost in
// silence: exit 74 with the reason, and the file is not moved (the next
// run finds its rows already present and writes the report).
TEST_F(ImportCliTest, UnwritableReportDirExits74AndSaysWhy) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "elsewhere/tracking_with_errors.csv",
      ReadWholeFile(FixturePath("samples/tracking_with_errors.csv")));
  dir_.WriteFile("blocker", "a file where a directory should be");
  const std::string reports = dir_.Join("blocker/reports");
  ProcessResult r = Import(file, {"--report-dir", reports});
  EXPECT_EQ(r.exit_code, kExitIoError) << r.out << r.err;
  EXPECT_NE(r.err.find("blocker/reports"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("report"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(file));
}

TEST_F(ImportCliTest, InboxFileStaysWhenItsReportCannotBeFiledBesideIt) {
  StartSim();
  const std::string file = DropSample("tracking_with_errors.csv");
  dir_.WriteFile("3pl/failed", "a file where failed/ should be");
  ProcessResult r = Import(file);
  EXPECT_EQ(r.exit_code, kExitIoError) << r.out << r.err;
  EXPECT_NE(r.err.find("failed"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(file));  // not moved without its report
}

// A full disk, as far as a non-root test can have one: RLIMIT_FSIZE makes
// every write past 512 bytes fail (EFBIG), so the reports cannot be
// written. The file must not be filed without them.
TEST_F(ImportCliTest, ReportsThatCannotBeWrittenKeepTheFileAndExit74) {
  StartSim();
  const std::string file = DropSample("tracking_with_errors.csv");
  ProcessResult r = testing::RunProcess(
      {"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"",
       M2DROP_BINARY, "import", file, "--profile", "3pl", "--config", config_,
       "--json"},
      std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, kExitIoError) << r.out << r.err;
  EXPECT_TRUE(fs::exists(file)) << "filed without its report";
  EXPECT_TRUE(FilesIn(Failed()).empty());
}

TEST_F(ImportCliTest, ArchiveMovesAFileFromOutsideTheInbox) {
  StartSim();
  const std::string file = dir_.WriteFile(
      "elsewhere/tracking_minimal.csv",
      ReadWholeFile(FixturePath("samples/tracking_minimal.csv")));
  ProcessResult r = Import(file, {"--archive"});
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_FALSE(fs::exists(file));
  EXPECT_EQ(FilesIn(Processed()),
            (std::set<std::string>{"tracking_minimal.csv",
                                   "tracking_minimal.csv.report.json"}));
}

TEST_F(ImportCliTest, LostWriteAnswersNeverDuplicateAShipmentOrTrack) {
  constexpr int kOrders = 40;
  const std::string seed =
      dir_.WriteFile("seed.json", testing::ShopSeed(kOrders).dump());
  StartSim(
      {"--seed", seed, "--lost-response-rate", "0.2", "--fault-seed", "7"});
  std::string csv = "order_number,tracking_number,carrier_code\n";
  for (int n = 1; n <= kOrders; ++n) {
    const std::string order = testing::GeneratedOrderNumber(n);
    csv += order + ",TRK-" + order + ",ups\n";
  }
  ProcessResult r = Import(dir_.WriteFile("3pl/inbox/lossy.csv", csv));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(Summary(r)["applied"], kOrders);
  json requests = sim_->Requests();
  EXPECT_GT(requests["faults"].value("lost_response", 0), 0) << requests.dump();
  json state = sim_->State();
  int checked = 0;
  for (const json& order : state["orders"]) {
    const std::string id = order["increment_id"];
    if (!id.starts_with("2")) continue;  // the generated orders
    ++checked;
    ASSERT_EQ(order["shipments"].size(), 1u) << id;
    ASSERT_EQ(order["shipments"][0]["tracks"].size(), 1u) << id;
    EXPECT_EQ(order["shipments"][0]["tracks"][0]["track_number"], "TRK-" + id);
  }
  EXPECT_EQ(checked, kOrders);
  ExpectRows(Report(Processed() / "lossy.csv.report.json"), kOrders, "applied");
}

TEST_F(ImportCliTest, FileMissingARequiredColumnExits65) {
  StartSim();
  const std::string file =
      dir_.WriteFile("3pl/inbox/no_tracking.csv",
                     "order_number,carrier_code\n000000101,ups\n");
  ProcessResult r = Import(file);
  EXPECT_EQ(r.exit_code, kExitUnreadable) << r.out << r.err;
  EXPECT_NE(r.err.find("tracking"), std::string::npos) << r.err;
  EXPECT_EQ(sim_->Posts(), 0);
}

TEST_F(ImportCliTest, WrongTokenExits77WithoutTheSecret) {
  const std::string token = "wrong-token-for-import";
  StartSim({}, token);
  const std::string file = DropSample("tracking_minimal.csv");
  ProcessResult r = Import(file);
  EXPECT_EQ(r.exit_code, kExitUnauthorized) << r.out << r.err;
  EXPECT_EQ((r.out + r.err).find(token), std::string::npos);
  EXPECT_TRUE(fs::exists(file));
  EXPECT_TRUE(FilesIn(Failed()).empty());
}

constexpr char kShortRetry[] =
    "[retry]\nmax_attempts = 3\ninitial_backoff = \"10ms\"\n"
    "max_backoff = \"50ms\"\ngive_up_after = \"2s\"\n"
    "breaker_cooldown = \"100ms\"\n";

TEST_F(ImportCliTest, UnreachableMagentoExits75AndTheFileWaits) {
  StartSim();  // only for the directories; the config points elsewhere
  config_ = testing::ImportConfigToml(
      dir_, "http://127.0.0.1:" + std::to_string(testing::ClosedLoopbackPort()),
      "demo-token", kShortRetry);
  const std::string file = DropSample("tracking_minimal.csv");
  ProcessResult r = Import(file);
  EXPECT_EQ(r.exit_code, kExitUnavailable) << r.out << r.err;
  EXPECT_EQ(FilesIn(Inbox()),
            (std::set<std::string>{".keep", "tracking_minimal.csv"}));
  EXPECT_TRUE(FilesIn(Failed()).empty());
  EXPECT_TRUE(FilesIn(Processed()).empty());
}

TEST_F(ImportCliTest, OutageExits75AndTheFileIsNotFailed) {
  StartSim({"--seed", FixturePath("sim/demo-seed.json"), "--outage", "0-30"},
           "demo-token", kShortRetry);
  const std::string file = DropSample("tracking_minimal.csv");
  ProcessResult r = Import(file);
  EXPECT_EQ(r.exit_code, kExitUnavailable) << r.out << r.err;
  EXPECT_EQ(FilesIn(Inbox()),
            (std::set<std::string>{".keep", "tracking_minimal.csv"}));
  EXPECT_TRUE(FilesIn(Failed()).empty());
  EXPECT_TRUE(FilesIn(Processed()).empty());
  EXPECT_TRUE(sim_->Order("000000101")["shipments"].empty());
}

TEST_F(ImportCliTest, UnknownProfileExits2) {
  StartSim();
  ProcessResult r = Import(DropSample("tracking_minimal.csv"), {}, "nope");
  EXPECT_EQ(r.exit_code, kExitUsage) << r.out << r.err;
  EXPECT_NE(r.err.find("no profile named"), std::string::npos) << r.err;
  EXPECT_EQ(sim_->Requests()["total"], 0);
}

}  // namespace
}  // namespace m2drop
