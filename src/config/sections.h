// SPDX-License-Identifier: Apache-2.0
// Module-private: reading each table of the configuration into its struct.
//
// Each function reads the keys it knows from `reader`, validates them, leaves
// absent keys at their defaults, records every problem in the reader's
// Problems and finally reports the table's unknown keys. Not thread-safe.
#ifndef M2DROP_SRC_CONFIG_SECTIONS_H_
#define M2DROP_SRC_CONFIG_SECTIONS_H_

#include "m2drop/config/config.h"
#include "table_reader.h"

namespace m2drop::config::internal {

// [magento]: including the secrets the chosen auth needs.
void ReadMagento(TableReader& reader, MagentoConfig* out);

// [retry], [daemon], [limits].
void ReadRetry(TableReader& reader, RetryConfig* out);
void ReadDaemon(TableReader& reader, DaemonConfig* out);
void ReadLimits(TableReader& reader, LimitsConfig* out);

// One [[profile]] entry. `daemon` supplies defaults (settle). Checks that
// involve several profiles (unique names and directories) are the loader's.
void ReadProfile(TableReader& reader, const DaemonConfig& daemon, Profile* out);

// [profile.pull] of `profile` (whose patterns are the default).
void ReadPull(TableReader& reader, const Profile& profile, PullConfig* out);

}  // namespace m2drop::config::internal

#endif  // M2DROP_SRC_CONFIG_SECTIONS_H_
