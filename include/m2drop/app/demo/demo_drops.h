// SPDX-License-Identifier: Apache-2.0
// The demo's side of the inbox contract (README "Running the daemon"):
// dropping a file the way a producer should, and finding where the daemon
// filed it, from the NAME.report.json it wrote beside the file under
// PROFILE_DIR/processed/ or PROFILE_DIR/failed/.
//
// Thread-safe (no shared state); blocks on the file system only.
#ifndef M2DROP_APP_DEMO_DEMO_DROPS_H_
#define M2DROP_APP_DEMO_DEMO_DROPS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "m2drop/base/status.h"

namespace m2drop::app {

// Copies `source` into `inbox` as ".NAME.part" (a name the daemon ignores),
// then renames it to NAME: the daemon never sees half a file. kIo naming
// the file when the copy or the rename fails (the temporary is removed).
// REQUIRES: `inbox` exists.
Status DropLikeAProducer(const std::string& source, const std::string& inbox,
                         const std::string& name);

// A drop the daemon has filed.
struct FiledDrop {
  std::string outcome;      // "processed/" or "failed/"
  std::string report_path;  // its NAME.report.json
  nlohmann::json report;    // that file, parsed
};

// The report files (paths) under PROFILE_DIR/processed/ and failed/ now;
// missing directories hold none.
std::set<std::string> FiledReports(const std::string& profile_dir);

// The filing of the drop called `name` (the last part of the report's
// "file", which may be the path it was imported from) whose report
// is not in `before`, once complete: its report.json parses and, when rows
// failed, its errors.csv is beside it (the JSON is put in place first).
// std::nullopt while there is none yet.
std::optional<FiledDrop> FindFiled(const std::string& profile_dir,
                                   const std::string& name,
                                   const std::set<std::string>& before);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DEMO_DEMO_DROPS_H_
