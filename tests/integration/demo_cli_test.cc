// SPDX-License-Identifier: Apache-2.0
// `m2drop demo` as the real binary: it runs every sample through the real
// daemon (`m2drop watch`, a child of the demo) against its own simulator and
// prints what a person evaluating m2drop reads first — the outcome table,
// the duplicate drop, the rows to fix — and where the daemon's log is.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "m2drop/base/exit_codes.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

using testing::ProcessResult;

// The table line naming `file` (up to its end), or "" when missing.
std::string LineOf(const std::string& out, const std::string& file) {
  size_t at = out.find("\n" + file + " ");
  if (at == std::string::npos) return "";
  size_t end = out.find('\n', at + 1);
  return out.substr(at + 1, end - at - 1);
}

// The daemon's log, whose path the demo prints last, has a claimed and a
// processed (or failed) line for every sample. Removes the log's directory.
void ExpectDaemonLogShowsTheDrops(const std::string& out) {
  const std::string marker = "its log: ";
  const size_t at = out.find(marker);
  ASSERT_NE(at, std::string::npos) << out;
  const size_t end = out.find('\n', at);
  const std::string path =
      out.substr(at + marker.size(), end - at - marker.size());
  const std::string log = testing::ReadWholeFile(path);
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  EXPECT_NE(log.find("m2drop watch started"), std::string::npos) << log;
  for (const char* line :
       {"file=tracking_minimal.csv profile=3pl state=claimed",
        "file=tracking_minimal.csv profile=3pl state=processed",
        "file=tracking_minimal.csv profile=3pl state=duplicate",
        "file=stock_erp_export.tsv profile=erp state=claimed",
        "file=stock_erp_export.tsv profile=erp state=processed",
        "file=tracking_with_errors.csv profile=3pl state=claimed",
        "file=tracking_with_errors.csv profile=3pl state=failed"}) {
    EXPECT_NE(log.find(line), std::string::npos) << line << " in\n" << log;
  }
}

TEST(DemoCliTest, RunsEverySampleThroughTheDaemonAndShowsTheRowsToFix) {
  ProcessResult r = testing::RunProcess(
      {M2DROP_BINARY, "demo", "--fixtures", testing::FixturePath("")},
      std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, kExitOk) << r.out << r.err;
  EXPECT_EQ(r.out.find("(!)"), std::string::npos) << "unexpected outcome:\n"
                                                  << r.out;
  for (const char* sample :
       {"tracking_minimal.csv", "shipstation_shipments.csv",
        "excel_de_semicolon_bom.csv", "multi_package_items.csv"}) {
    std::string line = LineOf(r.out, sample);
    EXPECT_NE(line.find("processed/"), std::string::npos) << sample << " in\n"
                                                          << r.out;
  }
  EXPECT_NE(LineOf(r.out, "tracking_with_errors.csv").find("failed/"),
            std::string::npos)
      << r.out;
  // The same content again: filed as a duplicate, no Magento call.
  const std::string again = LineOf(r.out, "tracking_minimal.csv (again)");
  EXPECT_NE(again.find("processed/ duplicate"), std::string::npos) << r.out;
  EXPECT_TRUE(again.ends_with(" 0")) << "calls of the duplicate: " << again;
  EXPECT_NE(r.out.find("tracking_minimal.csv (again): duplicate of "
                       "tracking_minimal.csv processed at "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("; nothing applied\n"), std::string::npos) << r.out;
  for (const char* stock : {"stock_sources_msi.csv", "stock_erp_export.tsv"}) {
    EXPECT_NE(LineOf(r.out, stock).find("processed/"), std::string::npos)
        << stock << " in\n"
        << r.out;
  }
  // The ERP file's older update for MH01-XS-Black is shown as stale.
  EXPECT_NE(r.out.find("stock_erp_export.tsv.report.json, line 3: stale: "
                       "line 2 has a newer update"),
            std::string::npos)
      << r.out;
  const size_t fix = r.out.find("The rows to fix");
  ASSERT_NE(fix, std::string::npos) << r.out;
  const std::string rows = r.out.substr(fix);
  EXPECT_NE(rows.find("order_number,tracking_number,carrier_code,title,errors"),
            std::string::npos)
      << rows;
  EXPECT_NE(rows.find("999999999,1Z999AA10123456789,ups,UPS,"),
            std::string::npos)
      << rows;
  EXPECT_NE(rows.find("order 999999999 does not exist in Magento"),
            std::string::npos)
      << rows;
  ExpectDaemonLogShowsTheDrops(r.out);
}

}  // namespace
}  // namespace m2drop
