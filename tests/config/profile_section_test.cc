// SPDX-License-Identifier: Apache-2.0
// [[profile]] entries and the checks across profiles, through the loader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"
#include "m2drop/base/strings.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoadError;
using testing::LoadOk;
using ::testing::Not;
using ::testing::Pair;

class ProfileSectionTest : public ::testing::Test {
 protected:
  // A [[profile]] (4 lines) with `rest` appended.
  static std::string Profile(std::string_view name, std::string_view kind,
                             std::string_view inbox,
                             std::string_view rest = "") {
    return "[[profile]]\nname = \"" + std::string(name) + "\"\nkind = \"" +
           std::string(kind) + "\"\ninbox = \"" + std::string(inbox) + "\"\n" +
           std::string(rest);
  }
  static std::string Tracking(std::string_view rest = "") {
    return Profile("t", "tracking", "/srv/t/inbox", rest);
  }
  static std::string Stock(std::string_view rest = "") {
    return Profile("s", "stock", "/srv/s/inbox", rest);
  }
};

TEST_F(ProfileSectionTest, BadKindListsTheKinds) {
  std::string message = LoadError(Profile("t", "tracker", "/srv/in"));
  EXPECT_THAT(message, HasSubstr("profile[1].kind: expected \"tracking\" or "
                                 "\"stock\", got \"tracker\" (line 3)"));
}

TEST_F(ProfileSectionTest, RequiredKeysAreReportedTogether) {
  std::string message = LoadError("[[profile]]\npattern = \"*.csv\"\n");
  EXPECT_THAT(message, HasSubstr("profile[1].name: required key is missing "
                                 "(line 1)"));
  EXPECT_THAT(message, HasSubstr("profile[1].kind: required key is missing"));
  EXPECT_THAT(message, HasSubstr("profile[1].inbox: required key is missing"));
}

TEST_F(ProfileSectionTest, NameCharactersAreChecked) {
  std::string message = LoadError(Profile("3pl tracking", "tracking", "/in"));
  EXPECT_THAT(message, HasSubstr("profile[1].name: use only letters, digits, "
                                 "'.', '_' and '-', got \"3pl tracking\""));
}

TEST_F(ProfileSectionTest, DirectoriesDefaultToSiblingsOfTheNormalInbox) {
  Config config = LoadOk(Profile("t", "tracking", "/srv/x/../3pl/inbox/"));
  const config::Profile& p = config.profiles[0];
  EXPECT_EQ(p.inbox, "/srv/3pl/inbox");
  EXPECT_EQ(p.work_dir, "/srv/3pl/work");
  EXPECT_EQ(p.processed_dir, "/srv/3pl/processed");
  EXPECT_EQ(p.failed_dir, "/srv/3pl/failed");

  config = LoadOk(
      Profile("t", "tracking", "/inbox", "failed_dir = \"/quarantine\"\n"));
  EXPECT_EQ(config.profiles[0].work_dir, "/work");
  EXPECT_EQ(config.profiles[0].failed_dir, "/quarantine");
}

TEST_F(ProfileSectionTest, DirectoriesMustBeAbsoluteAndNotRoot) {
  std::string message =
      LoadError(Profile("t", "tracking", "inbox", "work_dir = \"./work\"\n") +
                Profile("u", "tracking", "/"));
  EXPECT_THAT(message, HasSubstr("profile[1].inbox: must be an absolute path"));
  EXPECT_THAT(message,
              HasSubstr("profile[1].work_dir: must be an absolute path"));
  EXPECT_THAT(message, HasSubstr("profile[2].inbox: must not be /"));
}

TEST_F(ProfileSectionTest, DuplicateNamesAreRefused) {
  std::string message = LoadError(Profile("dup", "tracking", "/a/inbox") +
                                  Profile("dup", "stock", "/b/inbox"));
  EXPECT_THAT(message, HasSubstr("profile[2].name: duplicate profile name "
                                 "\"dup\", already used by profile[1] "
                                 "(line 5)"));
}

TEST_F(ProfileSectionTest, ADirectoryServesOneRoleOnly) {
  std::string message = LoadError(
      Profile("a", "tracking", "/srv/in") +
      Profile("b", "stock", "/srv/in", "failed_dir = \"/srv/work\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[2].inbox: \"/srv/in\" is already "
                                 "used as profile[1].inbox"));
  EXPECT_THAT(message, HasSubstr("profile[2].work_dir: \"/srv/work\" is "
                                 "already used as profile[1].work_dir"));
  EXPECT_THAT(message, HasSubstr("profile[2].failed_dir: \"/srv/work\" is "
                                 "already used as profile[1].work_dir"));
}

TEST_F(ProfileSectionTest, TrackingKeyOnAStockProfileNamesTheKind) {
  std::string message = LoadError(Stock(
      "notify_customer = false\n[profile.carriers]\n\"UPS*\" = \"ups\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].notify_customer: only tracking "
                                 "profiles accept this key; this profile has "
                                 "kind = \"stock\" (line 5)"));
  EXPECT_THAT(message, HasSubstr("profile[1].carriers: only tracking"));
}

TEST_F(ProfileSectionTest, StockKeyOnATrackingProfileNamesTheKind) {
  std::string message = LoadError(Tracking("batch_size = 10\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].batch_size: only stock profiles "
                                 "accept this key; this profile has kind = "
                                 "\"tracking\""));
}

TEST_F(ProfileSectionTest, UnknownColumnFieldListsTheValidOnes) {
  std::string message =
      LoadError(Tracking("[profile.columns]\nordr = \"Bestellnummer\"\n"));
  EXPECT_THAT(message,
              HasSubstr("profile[1].columns.ordr: unknown field for a "
                        "tracking profile; valid fields: order, tracking, "
                        "carrier, title, sku, qty, notify; did you mean "
                        "\"order\"? (line 6)"));
  message = LoadError(Stock("[profile.columns]\norder = \"x\"\n"));
  EXPECT_THAT(message, HasSubstr("unknown field for a stock profile; valid "
                                 "fields: sku, quantity, source, status, "
                                 "version"));
}

TEST_F(ProfileSectionTest, ColumnValuesMustBeNonEmptyStrings) {
  std::string message = LoadError(Tracking(
      "[profile.columns]\norder = []\ntracking = [\"a\", 1]\ncarrier = 5\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].columns.order: must name at "
                                 "least one value"));
  EXPECT_THAT(message, HasSubstr("profile[1].columns.tracking: expected "
                                 "strings in the array, got 1"));
  EXPECT_THAT(message, HasSubstr("profile[1].columns.carrier: expected a "
                                 "string or an array of strings, got 5"));
}

TEST_F(ProfileSectionTest, CarriersKeepFileOrder) {
  Config config = LoadOk(
      Tracking("[profile.carriers]\n\"UPS*\" = \"ups\"\n\"DHL*\" = \"dhl\"\n"
               "\"*\" = \"custom\"\n\"A*\" = \"a\"\n"));
  EXPECT_THAT(config.profiles[0].tracking.carriers,
              ElementsAre(Pair("UPS*", "ups"), Pair("DHL*", "dhl"),
                          Pair("*", "custom"), Pair("A*", "a")));
}

TEST_F(ProfileSectionTest, CarrierCodesAreChecked) {
  std::string message =
      LoadError(Tracking("[profile.carriers]\n\"UPS*\" = \"\"\n\"X\" = 1\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].carriers.\"UPS*\": expected a "
                                 "Magento carrier code"));
  EXPECT_THAT(message, HasSubstr("profile[1].carriers.X: expected a string, "
                                 "got 1"));
}

TEST_F(ProfileSectionTest, KeysWithNewlinesAreQuotedInMessages) {
  std::string message =
      LoadError(Tracking("[profile.columns]\n\"ord\\ner\" = \"x\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].columns.\"ord\\ner\": unknown "
                                 "field"));
  EXPECT_EQ(Split(message, '\n').size(), 2u) << message;
}

TEST_F(ProfileSectionTest, PatternIsAStringOrAnArray) {
  Config config = LoadOk(Tracking("pattern = \"*.txt\"\n"));
  EXPECT_THAT(config.profiles[0].patterns, ElementsAre("*.txt"));
  std::string message = LoadError(Tracking("pattern = \"\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pattern: must name at least one "
                                 "value, and no empty ones"));
}

TEST_F(ProfileSectionTest, DelimiterSpellings) {
  struct Case {
    std::string_view text;
    char delimiter;
  };
  for (const Case& c : {Case{"", '\0'}, Case{",", ','}, Case{";", ';'},
                        Case{"|", '|'}, Case{"\\t", '\t'}, Case{"TAB", '\t'}}) {
    Config config =
        LoadOk(Tracking("delimiter = \"" + std::string(c.text) + "\"\n"));
    EXPECT_EQ(config.profiles[0].delimiter, c.delimiter) << c.text;
  }
  std::string message = LoadError(Tracking("delimiter = \":\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].delimiter: expected"));
}

TEST_F(ProfileSectionTest, SettleDefaultsToTheDaemonsAndCanBeOverridden) {
  Config config = LoadOk("[daemon]\nsettle = \"7s\"\n" + Tracking() +
                         Profile("u", "stock", "/u/in", "settle = \"1s\"\n"));
  EXPECT_EQ(config.profiles[0].settle, milliseconds(7'000));
  EXPECT_EQ(config.profiles[1].settle, milliseconds(1'000));
}

TEST_F(ProfileSectionTest, ExpectFileEveryIsOffWhenEmpty) {
  Config config = LoadOk(Tracking("expect_file_every = \"\"\n"));
  EXPECT_EQ(config.profiles[0].expect_file_every, milliseconds(0));
  std::string message = LoadError(Tracking("expect_file_every = \"daily\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].expect_file_every: invalid "
                                 "duration \"daily\""));
}

TEST_F(ProfileSectionTest, EnumsAndMarkerAreChecked) {
  std::string message = LoadError(Stock(
      "encoding = \"latin1\"\nwatch = \"fanotify\"\nmarker = \"done/ok\"\n"
      "stock_api = \"rest\"\nbatch_size = 5001\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].encoding: expected one of "
                                 "\"auto\", \"utf-8\", \"windows-1252\", "
                                 "\"utf-16\", got \"latin1\""));
  EXPECT_THAT(message, HasSubstr("profile[1].watch: expected one of"));
  EXPECT_THAT(message, HasSubstr("profile[1].marker: a suffix like \".ok\""));
  EXPECT_THAT(message, HasSubstr("profile[1].stock_api: expected \"msi\" or "
                                 "\"legacy\", got \"rest\""));
  EXPECT_THAT(message,
              HasSubstr("profile[1].batch_size: must be from 1 to 5000"));
}

TEST_F(ProfileSectionTest, BadKindSkipsKindSpecificChecks) {
  std::string message =
      LoadError(Profile("t", "tracker", "/in", "batch_size = 10\n"));
  EXPECT_THAT(message, HasSubstr("1 problem in"));
  EXPECT_THAT(message, Not(HasSubstr("batch_size")));
}

TEST_F(ProfileSectionTest, UnknownProfileKeySuggestsAKnownOne) {
  std::string message = LoadError(Tracking("patern = \"*.csv\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].patern: unknown key; did you "
                                 "mean \"pattern\"? (line 5)"));
}

}  // namespace
}  // namespace m2drop::config
