// SPDX-License-Identifier: Apache-2.0
// `m2drop demo` as the real binary: it runs every sample through the real
// import path against its own simulator and prints what a person evaluating
// m2drop reads first — the outcome table and the rows to fix.
#include <gtest/gtest.h>

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

TEST(DemoCliTest, ImportsEverySampleAndShowsTheRowsToFix) {
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
  EXPECT_NE(LineOf(r.out, "tracking_minimal.csv (again)").find("processed/"),
            std::string::npos)
      << r.out;
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
}

}  // namespace
}  // namespace m2drop
