// SPDX-License-Identifier: Apache-2.0
// The example configuration must load, must document every key the loader
// knows, and must set each key it sets outside the profiles to the loader's
// default, saying so in its "# Default ..." comment, so config.example.toml
// never rots.
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
  EXPECT_EQ(tracking.kind, &KindNamed("tracking"));
  EXPECT_EQ(tracking.work_dir, "/srv/sftp/threepl/work");
  EXPECT_THAT(tracking.columns.at("order"),
              ElementsAre("Bestellnummer", "order_number"));
  EXPECT_THAT(tracking.tracking.carriers.front(), Pair("DHL*", "dhl"));
  EXPECT_THAT(tracking.tracking.carriers.back(), Pair("*", "custom"));

  const Profile& stock = config.profiles[1];
  EXPECT_EQ(stock.kind, &KindNamed("stock"));
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

// What config.example.toml sets and documents for one key.
struct ExampleLine {
  std::string table;
  std::string key;
  std::string value;       // as written, comment stripped
  std::string documented;  // the value after "# Default ", or ""
  int line = 0;
};

// Every key line that is not commented out, with the value its comment
// block calls the default: a quoted string, or a word ending at a space,
// '.', ',', ';' or '('.
std::vector<ExampleLine> ExampleLines(const std::string& text) {
  static const std::regex kHeader(R"(^\[\[?([A-Za-z_.]+)\]\]?\s*$)");
  static const std::regex kKey(R"(^([A-Za-z_]+)\s*=\s*(.*?)\s*(#.*)?$)");
  static const std::regex kDefault(R"(^#\s*Default ("[^"]*"|[^ .,;(]+))");
  std::vector<ExampleLine> lines;
  std::string table, documented;
  std::istringstream in(text);
  std::string line;
  std::smatch match;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) {
      documented.clear();
    } else if (std::regex_search(line, match, kDefault)) {
      documented = match[1];
    } else if (std::regex_match(line, match, kHeader)) {
      table = match[1];
      documented.clear();
    } else if (line[0] != '#' && std::regex_match(line, match, kKey)) {
      lines.push_back({table, match[1], match[2], documented, number});
      documented.clear();
    }
  }
  return lines;
}

TEST_F(KnownKeysTest, ExampleSetsTheDefaultsItDocuments) {
  std::string text = m2drop::testing::ReadWholeFile(kExamplePath);
  int checked = 0;
  for (const ExampleLine& l : ExampleLines(text)) {
    if (l.documented.empty() || l.table == "profile") continue;
    EXPECT_EQ(l.value, l.documented)
        << "config.example.toml line " << l.line << ": " << l.table << "."
        << l.key << " is set to " << l.value << " but documented as Default "
        << l.documented;
    ++checked;
  }
  EXPECT_GT(checked, 30) << "the \"# Default\" comments were not found";
}

// The loader's defaults are what the example sets: loading its global
// tables gives a default Config, but for what has no default (the shop's
// URL and where the secrets live).
TEST_F(KnownKeysTest, ExampleDefaultsAreTheLoadersDefaults) {
  Result<Config> loaded = LoadFile(kExamplePath);
  ASSERT_OK(loaded);
  MagentoConfig magento = loaded->magento;
  MagentoConfig defaults;
  defaults.base_url = magento.base_url;
  for (SecretRef MagentoConfig::*secret :
       {&MagentoConfig::token, &MagentoConfig::password,
        &MagentoConfig::consumer_key, &MagentoConfig::consumer_secret,
        &MagentoConfig::access_token, &MagentoConfig::access_token_secret}) {
    defaults.*secret = magento.*secret;
  }
  EXPECT_TRUE(magento == defaults) << "a [magento] default differs";
  EXPECT_EQ(magento.auth, AuthMethod::kOAuth1);
  EXPECT_TRUE(magento.consumer_key.configured());
  EXPECT_TRUE(loaded->retry == RetryConfig()) << "a [retry] default differs";
  EXPECT_TRUE(loaded->daemon == DaemonConfig()) << "a [daemon] default differs";
  EXPECT_TRUE(loaded->limits == LimitsConfig()) << "a [limits] default differs";
  const Profile* stock = FindProfile(*loaded, "erp-stock");
  ASSERT_NE(stock, nullptr);
  EXPECT_TRUE(stock->stock == StockSettings()) << "a stock default differs";
}

// A retired key is refused with its replacement, so it must not be known
// too, and the example must not set it.
TEST_F(KnownKeysTest, RetiredKeysAreNotKnownNorInTheExample) {
  std::string text = m2drop::testing::ReadWholeFile(kExamplePath);
  std::set<std::string> documented = DocumentedKeys(text);
  ASSERT_FALSE(RetiredKeys().empty());
  for (const RetiredKey& key : RetiredKeys()) {
    EXPECT_EQ(FindKnownKey(key.table, key.name), nullptr) << key.name;
    EXPECT_FALSE(
        documented.count(std::string(key.table) + "." + std::string(key.name)))
        << key.name << " is retired but config.example.toml sets it";
    EXPECT_FALSE(key.instead.empty());
  }
  ASSERT_NE(FindRetiredKey("magento", "array_limit"), nullptr);
}

TEST_F(KnownKeysTest, LookupByTable) {
  ASSERT_NE(FindKnownKey("magento", "token_file"), nullptr);
  EXPECT_EQ(FindKnownKey("magento", "token"), nullptr);  // Never inline.
  const KnownKey* carriers = FindKnownKey("profile", "carriers");
  ASSERT_NE(carriers, nullptr);
  EXPECT_EQ(carriers->only_for, "tracking");
  EXPECT_THAT(KnownKeyNames("limits"),
              ElementsAre("max_file_size", "max_line_length", "max_fields",
                          "max_errors_reported"));
}

}  // namespace
}  // namespace m2drop::config
