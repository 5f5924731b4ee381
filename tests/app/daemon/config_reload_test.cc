// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/config_reload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace m2drop::app {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

config::Profile Profile(const std::string& name) {
  config::Profile p;
  p.name = name;
  p.inbox = "/srv/" + name + "/inbox";
  p.work_dir = "/srv/" + name + "/work";
  return p;
}

config::Config With(std::vector<config::Profile> profiles) {
  config::Config c;
  c.profiles = std::move(profiles);
  return c;
}

TEST(DaemonConfigReloadTest, SameConfigurationChangesNothing) {
  const config::Config c = With({Profile("a"), Profile("b")});
  ProfileDiff diff = DiffProfiles(c, c);
  EXPECT_TRUE(diff.empty());
  EXPECT_THAT(diff.need_restart, IsEmpty());
}

TEST(DaemonConfigReloadTest, FindsAddedAndRemovedProfiles) {
  ProfileDiff diff = DiffProfiles(With({Profile("a"), Profile("b")}),
                                  With({Profile("b"), Profile("c")}));
  EXPECT_THAT(diff.added, ElementsAre("c"));
  EXPECT_THAT(diff.removed, ElementsAre("a"));
  EXPECT_THAT(diff.rewatch, IsEmpty());
}

TEST(DaemonConfigReloadTest, WatchSettingsChangedMeansRewatch) {
  config::Profile settle = Profile("settle");
  config::Profile marker = Profile("marker");
  config::Profile columns = Profile("columns");
  config::Config old_config = With({settle, marker, columns});
  settle.settle = std::chrono::milliseconds(10);
  marker.marker = ".ok";
  columns.columns["order"] = {"Bestellnummer"};  // no re-add needed
  ProfileDiff diff = DiffProfiles(old_config, With({settle, marker, columns}));
  EXPECT_THAT(diff.rewatch, ElementsAre("settle", "marker"));
  EXPECT_TRUE(SameWatch(Profile("columns"), columns));
}

TEST(DaemonConfigReloadTest, NamesSettingsThatNeedARestart) {
  config::Config a = With({Profile("a")});
  config::Config b = a;
  b.magento.base_url = "https://other.example";
  b.daemon.workers = 9;
  b.retry.max_attempts = 2;
  EXPECT_THAT(DiffProfiles(a, b).need_restart,
              ElementsAre("[magento]", "[retry]", "daemon.workers"));
}

}  // namespace
}  // namespace m2drop::app
