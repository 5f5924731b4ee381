// SPDX-License-Identifier: Apache-2.0
// The hostile-input corpus (issue 8, fixtures/bad/README.md) through the real
// binary: every file through `m2drop validate` gets its documented exit code
// and a message naming what is wrong (line and column where it applies),
// never a crash, a hang or a sanitizer report; and all of them dropped at
// once into the inbox of a running `m2drop watch` against `m2drop sim` end in
// processed/ or failed/ with a report (a FIFO and a symlink are never opened
// and stay in the inbox, logged once), the daemon keeps running and imports
// a good file dropped afterwards, and nothing outside the profile's
// directories is created or changed. Formula cells are imported as plain
// text and escaped in errors.csv.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "testing/subprocess.h"
#include "testing/watch_process.h"

namespace m2drop {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using testing::FixturePath;
using ::testing::HasSubstr;
using testing::PollUntil;
using testing::ProcessResult;
using testing::ReadWholeFile;
using testing::WatchProcess;
using testing::WatchSetup;

struct HostileCase {
  std::string file;     // in fixtures/bad/
  std::string profile;  // 3pl, strict or erp (see HostileValidateTest)
  int exit_code;
  std::vector<std::string> says;  // substrings of stdout + stderr
};

// The table of fixtures/bad/README.md.
const std::vector<HostileCase>& Cases() {
  static const auto* cases = new std::vector<HostileCase>{
      {"binary_garbage.bin", "3pl", 65, {"binary_garbage.bin", "not a text"}},
      {"nul_at_start.csv", "3pl", 65, {"not a text file"}},
      {"nul_in_row.csv", "3pl", 1, {"line 17003, column 2", "NUL byte"}},
      {"invalid_utf8.csv", "3pl", 0, {"windows-1252"}},
      {"invalid_utf8.csv",
       "strict",
       1,
       {"line 3, column 2", "not valid UTF-8"}},
      {"utf8_overlong.csv", "3pl", 0, {"windows-1252"}},
      {"utf8_overlong.csv",
       "strict",
       1,
       {"line 3, column 2", "not valid UTF-8 (byte 0xC0)"}},
      {"utf16le_no_bom.csv", "3pl", 65, {"UTF-16 text without a byte-order"}},
      {"utf16le_lone_surrogate.csv",
       "3pl",
       1,
       {"line 2, column 2", "unpaired surrogate"}},
      {"utf16le_odd_length.csv", "3pl", 1, {"line 3", "expected 4 fields"}},
      {"bom_only.csv", "3pl", 65, {"bom_only.csv", "no header line"}},
      {"bom_twice.csv", "3pl", 65, {"missing required column"}},
      {"empty.csv", "3pl", 65, {"empty.csv", "no header line"}},
      {"whitespace_only.csv", "3pl", 65, {"has no column names"}},
      {"header_only.csv", "3pl", 0, {"0 rows"}},
      {"header_only_delimiters.csv", "3pl", 65, {"has no column names"}},
      {"sep_line_only.csv", "3pl", 65, {"no header line"}},
      {"sep_line_bad.csv", "3pl", 65, {"missing required column \"order\""}},
      {"duplicate_headers.csv",
       "3pl",
       65,
       {"columns 2 (\"tracking_number\") and 3"}},
      {"missing_required_column.csv",
       "3pl",
       65,
       {"missing required column \"tracking\""}},
      {"html_page.csv", "3pl", 65, {"missing required column \"order\""}},
      {"gzip_magic.csv", "3pl", 65, {"not a text file"}},
      {"xlsx_zip.csv", "3pl", 65, {"not a text file"}},
      {"columns_100000.csv", "3pl", 65, {"more than 1000 fields"}},
      {"row_2000_fields.csv",
       "3pl",
       1,
       {"line 3, column 1001", "more than 1000 fields"}},
      {"wrong_field_count.csv",
       "3pl",
       1,
       {"line 2, column 4: expected 4 fields", "line 3, column 5"}},
      {"unbalanced_quote_eof.csv",
       "3pl",
       1,
       {"line 3, column 2: unterminated quote"}},
      {"many_quotes.csv", "3pl", 1, {"line 2, column 1: unterminated quote"}},
      {"quote_inside_unquoted.csv", "3pl", 0, {"2 rows, 2 valid"}},
      {"quoted_line_breaks_in_id.csv", "3pl", 0, {"1 row, 1 valid"}},
      {"cr_only_line_endings.csv", "3pl", 0, {"CR line endings"}},
      {"mixed_line_endings.csv", "3pl", 0, {"mixed line endings"}},
      {"long_field.csv", "3pl", 0, {"2 rows, 2 valid"}},
      {"excel_blank_rows.csv", "3pl", 1, {"line 3, column 2: expected 4"}},
      {"control_chars.csv", "3pl", 0, {"2 rows, 2 valid"}},
      {"injection_strings.csv", "3pl", 0, {"4 rows, 4 valid"}},
      {"formula_cells.csv", "3pl", 0, {"5 rows, 5 valid"}},
      {"stock_hostile_quantities.csv",
       "erp",
       1,
       {"line 2, column 2: \"NaN\" is not a quantity",
        "line 3, column 2: \"inf\"", "line 4, column 2: \"1e309\"",
        "line 6, column 2: \"1,000\"", "9 rows, 4 valid, 5 failed"}},
  };
  return *cases;
}

// What a sanitizer or a crash leaves on stderr.
void ExpectNoCrash(const ProcessResult& r, const std::string& what) {
  EXPECT_EQ(r.signal, 0) << what << " died of signal " << r.signal << r.err;
  EXPECT_FALSE(r.timed_out) << what << " hung";
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("Sanitizer"))) << what;
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("runtime error"))) << what;
}

class HostileValidateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.WriteFile(
        "m2drop.toml",
        "[limits]\nmax_file_size = \"20MiB\"\n"
        "[[profile]]\nname = \"3pl\"\nkind = \"tracking\"\ninbox = \"" +
            dir_.Join("3pl/inbox") +
            "\"\n[[profile]]\nname = \"strict\"\nkind = \"tracking\"\n"
            "encoding = \"utf-8\"\ninbox = \"" +
            dir_.Join("strict/inbox") +
            "\"\n[[profile]]\nname = \"erp\"\nkind = \"stock\"\ninbox = \"" +
            dir_.Join("erp/inbox") + "\"\n");
  }

  ProcessResult Validate(const std::string& path, const std::string& profile) {
    ProcessResult r =
        testing::RunProcess({M2DROP_BINARY, "validate", path, "--profile",
                             profile, "--config", config_},
                            seconds(60));
    ExpectNoCrash(r, path);
    return r;
  }

  testing::ScopedTempDir dir_;
  std::string config_;
};

TEST_F(HostileValidateTest, EveryCorpusFileGetsItsDocumentedOutcome) {
  for (const HostileCase& c : Cases()) {
    SCOPED_TRACE(c.file + " with profile " + c.profile);
    ProcessResult r = Validate(FixturePath("bad/" + c.file), c.profile);
    EXPECT_EQ(r.exit_code, c.exit_code) << r.out << r.err;
    for (const std::string& s : c.says) {
      EXPECT_THAT(r.out + r.err, HasSubstr(s));
    }
  }
}

TEST_F(HostileValidateTest, EveryCorpusFileIsInTheTable) {
  std::set<std::string> listed;
  for (const HostileCase& c : Cases()) listed.insert(c.file);
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(FixturePath("bad"))) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md") continue;
    ++files;
    EXPECT_TRUE(listed.count(name)) << name << " has no expected outcome";
  }
  EXPECT_GE(files, 30u);
}

TEST_F(HostileValidateTest, TenMegabyteLineIsOneRowErrorNotAnOutage) {
  const std::string path = dir_.WriteFile(
      "long.csv", "order_number,tracking_number,carrier_code,title\n" +
                      std::string(10 << 20, 'x') + "\n200000001,T,ups,UPS\n");
  ProcessResult r = Validate(path, "3pl");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("line 2"));
  EXPECT_THAT(r.out, HasSubstr("2 rows, 1 valid, 1 failed"));
}

TEST_F(HostileValidateTest, SparseGigabyteFileIsRefusedBySize) {
  const std::string path = dir_.WriteFile("sparse.csv", "");
  ASSERT_EQ(::truncate(path.c_str(), off_t{1} << 30), 0);
  ProcessResult r = Validate(path, "3pl");
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_THAT(r.err, HasSubstr("more than the limit of 20971520"));
}

TEST_F(HostileValidateTest, FifoIsRefusedWithoutWaitingForAWriter) {
  const std::string path = dir_.Join("pipe.csv");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  ProcessResult r = Validate(path, "3pl");
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_THAT(r.err, HasSubstr("pipe.csv\" is not a regular file"));
}

// --- The corpus dropped into a running daemon
// ---------------------------------

// Every path under `root` with its size and modification time, except those
// under `skip` (the profile's directories and the daemon's state).
std::map<std::string, std::string> Snapshot(const fs::path& root,
                                            const std::vector<fs::path>& skip) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    bool skipped = false;
    for (const fs::path& s : skip) skipped |= p == s;
    if (skipped) {
      it.disable_recursion_pending();
      continue;
    }
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) continue;
    out[p.string()] = std::to_string(st.st_size) + "@" +
                      std::to_string(st.st_mtim.tv_sec) + "." +
                      std::to_string(st.st_mtim.tv_nsec);
  }
  return out;
}

class HostileWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = testing::StartSeededSim(dir_, 20);
    ASSERT_TRUE(sim_->started());
    WatchSetup setup;
    setup.retry_toml += "\n[limits]\nmax_file_size = \"20MiB\"\n";
    setup.settle = "200ms";
    config_ = testing::WatchConfigToml(dir_, sim_->base_url(), setup);
  }

  fs::path Dir(const std::string& name) { return dir_.path() / "3pl" / name; }

  // Writes `content` as a dot-file in the inbox and renames it into place,
  // so the daemon sees it whole.
  void Drop(const std::string& name, const std::string& content) {
    const std::string tmp = dir_.WriteFile("3pl/inbox/." + name, content);
    ASSERT_EQ(::rename(tmp.c_str(), (Dir("inbox") / name).c_str()), 0);
  }

  bool Filed(const std::string& name) {
    for (const char* where : {"processed", "failed"}) {
      if (fs::exists(Dir(where) / name) &&
          fs::exists(Dir(where) / (name + ".report.json"))) {
        return true;
      }
    }
    return false;
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<testing::SimProcess> sim_;
  std::string config_;
};

TEST_F(HostileWatchTest, DaemonFilesEveryDropLeavesTheRestAloneAndGoesOn) {
  const std::string outside = dir_.WriteFile(
      "outside/secret.csv", testing::TrackingCsv(19, 19));  // must not run
  const std::vector<fs::path> profile_dirs = {Dir("inbox"), Dir("work"),
                                              Dir("processed"), Dir("failed"),
                                              dir_.path() / "state"};
  WatchProcess daemon(config_);
  ASSERT_TRUE(daemon.WaitStarted());
  const auto before = Snapshot(dir_.path(), profile_dirs);

  std::vector<std::string> names;
  for (const HostileCase& c : Cases()) {
    // The profile picks up *.csv only: the .bin file goes in as one.
    const std::string name =
        c.file.ends_with(".csv") ? c.file : c.file + ".csv";
    if (fs::exists(Dir("inbox") / name)) continue;  // listed twice
    Drop(name, ReadWholeFile(FixturePath("bad/" + c.file)));
    names.push_back(name);
  }
  const std::string formula = "=HYPERLINK(\"\"http://evil/\"\",\"\"x\"\")";
  Drop("formulas.csv", "order_number,tracking_number,carrier_code,title\n" +
                           testing::GeneratedOrderNumber(1) + ",\"" + formula +
                           "\",ups,UPS\n999999999,\"" + formula +
                           "\",ups,UPS\n");
  names.push_back("formulas.csv");
  Drop("ten_mb_line.csv", "order_number,tracking_number,carrier_code,title\n" +
                              std::string(10 << 20, 'x') + "\n");
  names.push_back("ten_mb_line.csv");
  Drop("sparse.csv", "");
  ASSERT_EQ(::truncate((Dir("inbox") / "sparse.csv").c_str(), off_t{1} << 30),
            0);
  names.push_back("sparse.csv");
  ASSERT_EQ(::mkfifo((Dir("inbox") / "pipe.csv").c_str(), 0600), 0);
  fs::create_symlink(outside, Dir("inbox") / "link.csv");

  auto unfiled = [&] {
    std::string missing;
    for (const std::string& n : names) {
      if (!Filed(n)) missing += " " + n;
    }
    return missing;
  };
  ASSERT_TRUE(
      PollUntil([&] { return unfiled().empty(); }, seconds(60), {&daemon}))
      << "not filed with a report:" << unfiled() << "\n"
      << daemon.log();

  // The daemon runs on and imports a good file dropped afterwards.
  Drop("good.csv", testing::TrackingCsv(10, 11));
  ASSERT_TRUE(PollUntil(
      [&] { return fs::exists(Dir("processed") / "good.csv.report.json"); },
      seconds(20), {&daemon}))
      << daemon.log();
  int wait_status = 0;
  EXPECT_EQ(::waitpid(daemon.child().pid(), &wait_status, WNOHANG), 0)
      << "the daemon exited";

  // The FIFO and the symlink stay where they are, logged once each; the
  // file the link points to was never imported.
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(Dir("inbox") / "pipe.csv")));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(Dir("inbox") / "link.csv")));
  EXPECT_EQ(daemon.CountInLog("pipe.csv"), 1u) << daemon.log();
  EXPECT_EQ(daemon.CountInLog("link.csv"), 1u) << daemon.log();
  EXPECT_TRUE(
      sim_->Order(testing::GeneratedOrderNumber(19))["shipments"].empty());
  EXPECT_TRUE(fs::exists(Dir("failed") / "sparse.csv"));

  // Formula cells: sent as the text they are; escaped in errors.csv.
  const auto order = sim_->Order(testing::GeneratedOrderNumber(1));
  ASSERT_EQ(order["shipments"].size(), 1u) << order.dump();
  EXPECT_EQ(order["shipments"][0]["tracks"][0]["track_number"],
            "=HYPERLINK(\"http://evil/\",\"x\")");
  EXPECT_THAT(
      ReadWholeFile((Dir("failed") / "formulas.csv.errors.csv").string()),
      HasSubstr("999999999,\"'" + formula + "\","));

  EXPECT_EQ(Snapshot(dir_.path(), profile_dirs), before)
      << "something outside the profile's directories changed";
  EXPECT_THAT(daemon.log(), ::testing::Not(HasSubstr("Sanitizer")));
}

}  // namespace
}  // namespace m2drop
