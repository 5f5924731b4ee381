// SPDX-License-Identifier: Apache-2.0
// The systemd unit's start condition, run as the unit runs it (its
// ExecCondition line from packaging/systemd/m2drop.service, with the built
// binary and a test configuration): the shipped example configuration is
// refused, so an enabled but unconfigured m2drop does not start at boot, and
// an edited one passes. packaging/check-deb.sh checks the installed unit
// the same way.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "m2drop/base/strings.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace m2drop {
namespace {

const std::string kUnitPath =
    std::string(M2DROP_SOURCE_DIR) + "/packaging/systemd/m2drop.service";
const std::string kExamplePath =
    std::string(M2DROP_SOURCE_DIR) + "/config.example.toml";
constexpr char kInstalledBinary[] = "/usr/bin/m2drop";
constexpr char kInstalledConfig[] = "/etc/m2drop/config.toml";

class UnitStartConditionTest : public ::testing::Test {
 protected:
  // The words of the unit's `key=` line, or none when it has none.
  static std::vector<std::string> UnitCommand(const std::string& key) {
    std::istringstream lines(testing::ReadWholeFile(kUnitPath));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind(key + "=", 0) != 0) continue;
      const std::string command = line.substr(key.size() + 1);
      std::vector<std::string> words;
      for (std::string_view word : Split(command, ' ')) {
        if (!word.empty()) words.emplace_back(word);
      }
      return words;
    }
    return {};
  }

  // The unit's ExecCondition, run on the configuration at `config`.
  static testing::ProcessResult RunCondition(const std::string& config) {
    std::vector<std::string> argv = UnitCommand("ExecCondition");
    EXPECT_FALSE(argv.empty()) << kUnitPath << " has no ExecCondition";
    for (std::string& word : argv) {
      if (word == kInstalledBinary) word = M2DROP_BINARY;
      if (word == kInstalledConfig) word = config;
    }
    return testing::RunProcess(argv, std::chrono::seconds(30));
  }

  testing::ScopedTempDir dir_;
};

TEST_F(UnitStartConditionTest, ChecksTheFileTheDaemonReads) {
  std::vector<std::string> condition = UnitCommand("ExecCondition");
  std::vector<std::string> start = UnitCommand("ExecStart");
  ASSERT_GE(condition.size(), 2u);
  ASSERT_GE(start.size(), 2u);
  EXPECT_EQ(condition.front(), start.front());
  EXPECT_EQ(condition.back(), kInstalledConfig);
  EXPECT_EQ(start.back(), kInstalledConfig);
}

TEST_F(UnitStartConditionTest, TheShippedExampleIsSkippedWithWhatToDo) {
  testing::ProcessResult r = RunCondition(kExamplePath);
  // 1..254 make systemd skip the start without marking the unit failed.
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("still the example configuration"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("systemctl start m2drop"), std::string::npos) << r.err;
}

TEST_F(UnitStartConditionTest, AnEditedExamplePasses) {
  std::string text = testing::ReadWholeFile(kExamplePath);
  const std::string from = "https://shop.example.com";
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "https://shop.mycompany.de");
  testing::ProcessResult r = RunCondition(dir_.WriteFile("config.toml", text));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace m2drop
