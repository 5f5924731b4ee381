// SPDX-License-Identifier: Apache-2.0
// One drop of any kind: the entry points the commands and the daemon's
// workers share, so that `validate`, `import` and `watch` treat a file the
// same way. Each looks the profile's kind up in the table (registry.h) and
// runs that kind's check or import.
//
// Thread-safety: as the kinds' imports (pipeline/import_drop.h).
#ifndef M2DROP_KINDS_DROP_H_
#define M2DROP_KINDS_DROP_H_

#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/summary.h"

namespace m2drop::kinds {

// Imports `path` under `profile` with its kind's ImportFn (see ImportFn for
// the Status codes). The reports' "file" is options.source_name when set.
Result<pipeline::ImportResult> ImportDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const pipeline::DropImportOptions& options);

// Checks every row of `path` under `profile` without calling Magento
// (pipeline::ValidateDrop with the kind's check).
Result<pipeline::FileSummary> ValidateDrop(const std::string& path,
                                           const config::Profile& profile,
                                           const config::LimitsConfig& limits,
                                           const Clock& clock);

}  // namespace m2drop::kinds

#endif  // M2DROP_KINDS_DROP_H_
