// SPDX-License-Identifier: Apache-2.0
// [profile.pull], through the loader.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "load_helpers.h"

namespace m2drop::config {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoadError;
using testing::LoadOk;
using ::testing::Not;

// A tracking profile (line 1-5) with a [profile.pull] table (line 6) of
// `keys`.
std::string WithPull(std::string_view keys,
                     std::string_view profile_keys = "") {
  return "[[profile]]\nname = \"t\"\nkind = \"tracking\"\n"
         "inbox = \"/srv/t/inbox\"\npattern = [\"*.csv\", \"*.txt\"]\n" +
         std::string(profile_keys) + "[profile.pull]\n" + std::string(keys);
}

constexpr char kMinimal[] =
    "url = \"sftp://threepl@sftp.example.net/out\"\n"
    "key_file = \"/etc/m2drop/3pl_key\"\n"
    "known_hosts = \"/etc/m2drop/known_hosts\"\n";

TEST(PullSectionTest, AbsentMeansNoPull) {
  Config config = LoadOk(
      "[[profile]]\nname = \"t\"\nkind = \"tracking\"\ninbox = \"/in/x\"\n");
  EXPECT_FALSE(config.profiles[0].pull.has_value());
}

TEST(PullSectionTest, MinimalTableTakesTheDefaults) {
  Config config = LoadOk(WithPull(kMinimal));
  ASSERT_TRUE(config.profiles[0].pull.has_value());
  const PullConfig& pull = *config.profiles[0].pull;
  EXPECT_EQ(pull.url, "sftp://threepl@sftp.example.net/out");
  EXPECT_EQ(pull.user, "threepl");
  EXPECT_EQ(pull.host, "sftp.example.net");
  EXPECT_EQ(pull.port, 22);
  EXPECT_EQ(pull.dir, "/out");
  EXPECT_EQ(pull.key_file, "/etc/m2drop/3pl_key");
  EXPECT_FALSE(pull.key_passphrase.configured());
  EXPECT_FALSE(pull.password.configured());
  EXPECT_EQ(pull.known_hosts, "/etc/m2drop/known_hosts");
  EXPECT_THAT(pull.patterns, ElementsAre("*.csv", "*.txt"));  // the profile's
  EXPECT_EQ(pull.every, milliseconds(60'000));
  EXPECT_EQ(pull.after, PullAfter::kKeep);
  EXPECT_EQ(pull.timeout, milliseconds(30'000));
  EXPECT_EQ(pull.alert_after, milliseconds(3'600'000));
}

TEST(PullSectionTest, EveryKeySet) {
  Config config = LoadOk(WithPull(
      "url = \"sftp://u@[::1]:2222/~/out\"\n"
      "key_file = \"/k\"\nkey_passphrase_file = \"/kp\"\n"
      "password_file = \"/pw\"\nknown_hosts = \"/kh\"\n"
      "pattern = \"*.tsv\"\nevery = \"5s\"\nafter = \"move:/~/done/\"\n"
      "timeout = \"10s\"\nalert_after = \"0\"\n"));
  const PullConfig& pull = *config.profiles[0].pull;
  EXPECT_EQ(pull.host, "::1");
  EXPECT_EQ(pull.port, 2222);
  EXPECT_EQ(pull.dir, "out");
  EXPECT_EQ(pull.key_passphrase.location, "/kp");
  EXPECT_EQ(pull.key_passphrase.key, "profile[1].pull.key_passphrase_file");
  EXPECT_EQ(pull.password.source, SecretRef::Source::kFile);
  EXPECT_THAT(pull.patterns, ElementsAre("*.tsv"));
  EXPECT_EQ(pull.every, milliseconds(5'000));
  EXPECT_EQ(pull.after, PullAfter::kMove);
  EXPECT_EQ(pull.move_dir, "done");
  EXPECT_EQ(pull.timeout, milliseconds(10'000));
  EXPECT_EQ(pull.alert_after, milliseconds(0));
}

TEST(PullSectionTest, AfterDelete) {
  Config config =
      LoadOk(WithPull(std::string(kMinimal) + "after = \"delete\"\n"));
  EXPECT_EQ(config.profiles[0].pull->after, PullAfter::kDelete);
  EXPECT_EQ(PullAfterName(PullAfter::kDelete), "delete");
  EXPECT_EQ(PullAfterName(PullAfter::kMove), "move");
}

TEST(PullSectionTest, ProblemsNameKeyAndLine) {
  std::string message = LoadError(
      WithPull("url = \"sftp://u:pw@h/out\"\nknown_hosts = \"kh\"\n"
               "every = \"500ms\"\nafter = \"archive\"\ntimeout = \"0\"\n"
               "colour = \"red\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.url: must not hold a "
                                 "password (user:password@): put it in a "
                                 "file named by password_file (line 7)"));
  EXPECT_THAT(message, Not(HasSubstr("u:pw")));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.key_file: name how to log "
                                 "in: key_file (a private key) or "
                                 "password_file"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.known_hosts: must be an "
                                 "absolute path (the daemon runs from /) "
                                 "(line 8)"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.every: must be at least 1s"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.after: expected \"keep\", "
                                 "\"delete\" or \"move:DIR\""));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.timeout: must be more "
                                 "than 0"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.colour: unknown key"));
}

TEST(PullSectionTest, UrlAndKnownHostsAreRequired) {
  std::string message = LoadError(WithPull("key_file = \"/k\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.url: required key is "
                                 "missing"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.known_hosts: required key "
                                 "is missing: an OpenSSH known_hosts file"));
  EXPECT_THAT(message, HasSubstr("never trusts a key on first use"));
}

TEST(PullSectionTest, SecretsAreNeverInline) {
  std::string message = LoadError(WithPull(std::string(kMinimal) +
                                           "password = \"hunter2\"\n"
                                           "key_passphrase = \"swordfish\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.password: secrets are not "
                                 "accepted inline; write it to a file"));
  EXPECT_THAT(message, HasSubstr("name that with key_passphrase_file"));
  EXPECT_THAT(message, Not(HasSubstr("hunter2")));
  EXPECT_THAT(message, Not(HasSubstr("swordfish")));
  EXPECT_THAT(message, Not(HasSubstr("unknown key")));
}

TEST(PullSectionTest, PassphraseNeedsAKey) {
  std::string message = LoadError(
      WithPull("url = \"sftp://u@h/o\"\npassword_file = \"/pw\"\n"
               "key_passphrase_file = \"/kp\"\nknown_hosts = \"/kh\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.key_passphrase_file: is the "
                                 "passphrase of key_file, which is not set"));
}

TEST(PullSectionTest, MoveNeedsAnAbsoluteOrHomeDirectory) {
  std::string message =
      LoadError(WithPull(std::string(kMinimal) + "after = \"move:done\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].pull.after: move:DIR: DIR must "
                                 "start with '/'"));
}

TEST(PullSectionTest, MarkerIsRefusedBesideAPull) {
  std::string message = LoadError(WithPull(kMinimal, "marker = \".ok\"\n"));
  EXPECT_THAT(message, HasSubstr("profile[1].marker: a pulled file lands in "
                                 "the inbox complete"));
}

TEST(PullSectionTest, PullMustBeATable) {
  std::string message = LoadError(
      "[[profile]]\nname = \"t\"\nkind = \"tracking\"\n"
      "inbox = \"/in/x\"\npull = \"sftp://u@h/o\"\n");
  EXPECT_THAT(message, HasSubstr("profile[1].pull: expected a table "
                                 "[profile.pull], got \"sftp://u@h/o\""));
}

}  // namespace
}  // namespace m2drop::config
