// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/drop.h"

#include "m2drop/kinds/registry.h"
#include "m2drop/pipeline/validate.h"

namespace m2drop::kinds {

Result<pipeline::ImportResult> ImportDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const pipeline::DropImportOptions& options) {
  Result<pipeline::ImportResult> result = ImportKindOf(profile).import(
      path, profile, limits, caller, client_options, clock, options);
  if (result.ok() && !options.source_name.empty()) {
    result->summary.file = options.source_name;
  }
  return result;
}

Result<pipeline::FileSummary> ValidateDrop(const std::string& path,
                                           const config::Profile& profile,
                                           const config::LimitsConfig& limits,
                                           const Clock& clock) {
  return pipeline::ValidateDrop(path, profile, limits, clock,
                                ImportKindOf(profile).make_check);
}

}  // namespace m2drop::kinds
