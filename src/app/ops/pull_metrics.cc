// SPDX-License-Identifier: Apache-2.0
// DaemonMetrics' series of [profile.pull] (metrics.h): described when the
// first pulling profile is added, so a daemon without pulls exports none.
#include "m2drop/app/ops/metrics.h"

namespace m2drop::app {
namespace {

using Type = MetricsRegistry::Type;

constexpr char kListings[] = "m2drop_pull_listings_total";
constexpr char kLastListing[] = "m2drop_pull_last_listing_timestamp_seconds";
constexpr char kFailures[] = "m2drop_pull_failures_total";
constexpr char kPulledFiles[] = "m2drop_pull_files_total";
constexpr char kPulledBytes[] = "m2drop_pull_bytes_total";

void DescribePullFamilies(MetricsRegistry& r) {
  r.Describe(kListings, Type::kCounter,
             "Listings of the profile's SFTP directory that worked.");
  r.Describe(kLastListing, Type::kGauge,
             "Unix time of the last listing that worked (0: none yet).");
  r.Describe(kFailures, Type::kCounter,
             "Failed connections, listings, transfers and deletes or moves "
             "of the profile's pull.");
  r.Describe(kPulledFiles, Type::kCounter,
             "Files fetched from the SFTP server into the inbox.");
  r.Describe(kPulledBytes, Type::kCounter,
             "Bytes fetched from the SFTP server into the inbox.");
}

}  // namespace

void DaemonMetrics::AddPullProfile(const std::string& profile) {
  DescribePullFamilies(registry_);
  const Labels labels{{"profile", profile}};
  for (const char* counter :
       {kListings, kFailures, kPulledFiles, kPulledBytes}) {
    registry_.Add(counter, labels, 0);
  }
  registry_.Set(kLastListing, labels, 0);
}

void DaemonMetrics::ForgetPullProfile(const std::string& profile) {
  const Labels labels{{"profile", profile}};
  for (const char* name :
       {kListings, kLastListing, kFailures, kPulledFiles, kPulledBytes}) {
    registry_.Remove(name, labels);
  }
}

void DaemonMetrics::PullListed(const std::string& profile,
                               double unix_seconds) {
  registry_.Add(kListings, {{"profile", profile}}, 1);
  registry_.Set(kLastListing, {{"profile", profile}}, unix_seconds);
}

void DaemonMetrics::PullFailed(const std::string& profile) {
  registry_.Add(kFailures, {{"profile", profile}}, 1);
}

void DaemonMetrics::FilePulled(const std::string& profile, uint64_t bytes) {
  registry_.Add(kPulledFiles, {{"profile", profile}}, 1);
  registry_.Add(kPulledBytes, {{"profile", profile}},
                static_cast<double>(bytes));
}

}  // namespace m2drop::app
