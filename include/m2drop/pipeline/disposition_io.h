// SPDX-License-Identifier: Apache-2.0
// The names and times a filed drop and its reports are given (docs/design.md
// §4): the names a taken name falls back to, which names are such
// fallbacks, and UTC time stamps. The file operations themselves go
// through the fs::FileSystem seam (report_files.h).
//
// Pure; thread-safe.
#ifndef M2DROP_PIPELINE_DISPOSITION_IO_H_
#define M2DROP_PIPELINE_DISPOSITION_IO_H_

#include <string>
#include <string_view>

#include "m2drop/base/clock.h"

namespace m2drop::pipeline {

// The `attempt`-th name to try for `name` when earlier ones are taken, with
// the UTC time `t` before the extension (fs::SplitName):
//   0 -> "drop.csv", 1 -> "drop.20261122T070501Z.csv",
//   2 -> "drop.20261122T070501Z-2.csv", 3 -> "…-3.csv"; "README" ->
//   "README.20261122T070501Z". Always within NAME_MAX: a stem that would
//   not fit is shortened (fs::FitName), so a 255-byte name that is taken
//   still has a free name to go to.
std::string CandidateName(std::string_view name, WallTime t, int attempt);

// Whether `candidate` is CandidateName(name, t, attempt) for some time t and
// attempt: `name` itself, or its stem (or that stem shortened to fit) with
// ".YYYYMMDDTHHMMSSZ" and optionally "-N" before its extension.
bool IsCandidateName(std::string_view name, std::string_view candidate);

// `t` as a compact UTC timestamp, "20261122T070501Z".
std::string CompactUtc(WallTime t);

// `t` as UTC ISO 8601, "2026-11-22T07:05:01Z".
std::string IsoUtc(WallTime t);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_DISPOSITION_IO_H_
