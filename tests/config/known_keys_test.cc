// SPDX-License-Identifier: Apache-2.0
// The example configuration must load, and must document every key the
// loader knows, so config.example.toml never rots.
#include "m2drop/config/known_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "m2drop/base/strings.h"
#include "m2drop/config/fields.h"
#include "m2drop/config/loader.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::Pair;

const std::string kExamplePath =
    std::string(M2DROP_SOURCE_DIR) + "/config.example.toml";

class KnownKeysTest : public ::testing::Test {
 protected:
  // "table.key" for every `key =` line, commented out or not, under each
  // table header ("[magento]", "[[profile]]", "# [retry]"); and "table.sub"
  // for every "[table.sub]" header. Root keys are "" + "." + key.
  static std::set<std::string> DocumentedKeys(const std::string& text) {
    static const std::regex kHeader(R"(^\s*#?\s*\[\[?([A-Za-z_.]+)\]\]?\s*$)");
    static const std::regex kKey(R"(^\s*#?\s*([A-Za-z_]+)\s*=)");
    std::set<std::string> keys;
    std::string table;
    std::istringstream lines(text);
    std::string line;
    std::smatch match;
    while (std::getline(lines, line)) {
      if (std::regex_match(line, match, kHeader)) {
        std::string name = match[1];
        size_t dot = name.find('.');
        if (dot == std::string::npos) {
          keys.insert("." + name);  // A top-level table is a root key.
          table = name;
        } else {
          keys.insert(name);  // "profile.columns": a key of "profile".
          table = name;
        }
      } else if (std::regex_search(line, match, kKey)) {
        keys.insert(table + "." + std::string(match[1]));
      }
    }
    return keys;
  }
};

TEST_F(KnownKeysTest, ExampleConfigLoads) {
  Result<Config> loaded = LoadFile(kExamplePath);
  ASSERT_OK(loaded);
  const Config& config = *loaded;
  EXPECT_TRUE(config.has_magento);
  EXPECT_EQ(config.magento.base_url, "https://shop.example.com");
  ASSERT_EQ(config.profiles.size(), 2u);

  const Profile& tracking = config.profiles[0];
  EXPECT_EQ(tracking.kind, ProfileKind::kTracking);
  EXPECT_EQ(tracking.work_dir, "/srv/sftp/3pl/work");
  EXPECT_THAT(tracking.columns.at("order"),
              ElementsAre("Bestellnummer", "order_number"));
  EXPECT_THAT(tracking.tracking.carriers.front(), Pair("DHL*", "dhl"));
  EXPECT_THAT(tracking.tracking.carriers.back(), Pair("*", "custom"));

  const Profile& stock = config.profiles[1];
  EXPECT_EQ(stock.kind, ProfileKind::kStock);
  EXPECT_EQ(stock.delimiter, '\t');
  EXPECT_EQ(stock.settle, config.daemon.settle);
}

// The ERP profile of the example maps every header of the sample export.
TEST_F(KnownKeysTest, ExampleStockProfileCoversTheErpSampleHeaders) {
  Result<Config> loaded = LoadFile(kExamplePath);
  ASSERT_OK(loaded);
  const Profile* stock = FindProfile(*loaded, "erp-stock");
  ASSERT_NE(stock, nullptr);
  std::string sample = m2drop::testing::ReadWholeFile(
      m2drop::testing::FixturePath("samples/stock_erp_export.tsv"));
  std::string header = sample.substr(0, sample.find('\n'));
  std::set<std::string> aliases;
  for (const FieldDef& field : EffectiveFields(*stock)) {
    aliases.insert(field.aliases.begin(), field.aliases.end());
  }
  for (std::string_view column : Split(header, '\t')) {
    EXPECT_TRUE(aliases.count(std::string(column))) << column;
  }
}

TEST_F(KnownKeysTest, ExampleDocumentsEveryKnownKey) {
  std::string text = m2drop::testing::ReadWholeFile(kExamplePath);
  ASSERT_FALSE(text.empty()) << kExamplePath;
  std::set<std::string> documented = DocumentedKeys(text);
  for (const KnownKey& key : KnownKeys()) {
    std::string path = std::string(key.table) + "." + std::string(key.name);
    EXPECT_TRUE(documented.count(path))
        << path << " is not documented in config.example.toml";
  }
}

TEST_F(KnownKeysTest, LookupByTable) {
  ASSERT_NE(FindKnownKey("magento", "token_file"), nullptr);
  EXPECT_EQ(FindKnownKey("magento", "token"), nullptr);  // Never inline.
  const KnownKey* carriers = FindKnownKey("profile", "carriers");
  ASSERT_NE(carriers, nullptr);
  EXPECT_EQ(carriers->only_for, ProfileKind::kTracking);
  EXPECT_THAT(KnownKeyNames("limits"),
              ElementsAre("max_file_size", "max_line_length", "max_fields",
                          "max_errors_reported"));
}

}  // namespace
}  // namespace m2drop::config
