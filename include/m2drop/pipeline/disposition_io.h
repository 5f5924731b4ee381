// SPDX-License-Identifier: Apache-2.0
// The POSIX file operations that filing a drop away and writing its reports
// rest on (docs/design.md §4): moves that never overwrite, atomic writes, and
// the names a taken name falls back to.
//
// Thread-safe (no shared state); the functions block on file system calls.
// All take and return plain paths; errors are Status values naming the path.
#ifndef M2DROP_PIPELINE_DISPOSITION_IO_H_
#define M2DROP_PIPELINE_DISPOSITION_IO_H_

#include <string>
#include <string_view>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/base/status.h"

namespace m2drop::pipeline {

// The `attempt`-th name to try for `name` when earlier ones are taken, with
// the UTC time `t` before the extension (the text after the last '.', unless
// that '.' starts the name):
//   0 -> "drop.csv", 1 -> "drop.20261122T070501Z.csv",
//   2 -> "drop.20261122T070501Z-2.csv", 3 -> "…-3.csv"; "README" ->
//   "README.20261122T070501Z". Pure.
std::string CandidateName(std::string_view name, WallTime t, int attempt);

// Whether `candidate` is CandidateName(name, t, attempt) for some time t and
// attempt: `name` itself, or its stem with ".YYYYMMDDTHHMMSSZ" and
// optionally "-N" before its extension. Pure.
bool IsCandidateName(std::string_view name, std::string_view candidate);

// `t` as a compact UTC timestamp, "20261122T070501Z". Pure.
std::string CompactUtc(WallTime t);

// `t` as UTC ISO 8601, "2026-11-22T07:05:01Z". Pure.
std::string IsoUtc(WallTime t);

// The message for a move that failed with EXDEV: names both places and says
// they must be on one filesystem (a copy would not be atomic). Pure.
std::string CrossDeviceMessage(std::string_view from,
                               std::string_view dest_dir);

// Renames `from` to `to` unless `to` exists: returns true when moved, false
// when `to` is taken (nothing changed). Atomic: two callers racing for one
// name never both win (renameat2 RENAME_NOREPLACE; link + unlink where the
// filesystem lacks it, so only for regular files). kInvalidInput with
// CrossDeviceMessage on EXDEV; kNotFound when `from` is gone; kIo otherwise.
Result<bool> RenameNoReplace(const std::string& from, const std::string& to);

// Creates `dir` and its missing parents (like mkdir -p). kIo naming the
// directory when it cannot.
Status MakeDirs(const std::string& dir);

// Writes `content` to a new hidden temp file in `dir` (".NAME.tmp-XXXXXX",
// skipped by the inbox as a temporary name) and fsyncs it; returns its path.
// kIo naming the directory on failure (nothing is left behind then).
Result<std::string> WriteTempFile(const std::string& dir, std::string_view name,
                                  std::string_view content);

// fsyncs the directory so that renames into it survive a crash. kIo.
Status SyncDir(const std::string& dir);

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_DISPOSITION_IO_H_
