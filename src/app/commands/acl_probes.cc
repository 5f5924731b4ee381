// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/acl_probes.h"

#include <set>
#include <string>

#include "m2drop/kinds/registry.h"

namespace m2drop::app {

std::vector<AclProbe> AclProbesFor(const config::Config& config) {
  std::vector<AclProbe> probes;
  std::set<std::string> resources;
  for (const config::Profile& p : config.profiles) {
    std::vector<AclProbe> own;
    kinds::ImportKindOf(p).acl_probes(p, &own);
    for (AclProbe& probe : own) {
      if (resources.insert(probe.resource).second) {
        probes.push_back(std::move(probe));
      }
    }
  }
  return probes;
}

}  // namespace m2drop::app
