// SPDX-License-Identifier: Apache-2.0
// `m2drop demo`: the whole import path on the sample drops, against the
// Magento simulator, with nothing leaving the machine. Starts the simulator
// with the demo catalog on a free loopback port, writes a temporary
// configuration, drops every sample (tracking and stock) into a profile inbox
// and imports it with the real engine (`import`), re-imports one file to show
// that nothing is applied twice, prints a table of the outcomes, the error
// report of the failing sample and the stock rows skipped as stale (the ERP
// file's older update), then stops everything it started and removes its
// temporary directory.
#ifndef M2DROP_APP_DEMO_COMMAND_H_
#define M2DROP_APP_DEMO_COMMAND_H_

#include <ostream>
#include <string>

namespace m2drop::app {

struct DemoOptions {
  // The fixtures directory holding samples/ and sim/demo-seed.json.
  std::string fixtures_dir;
  // Keep the temporary directory (config, processed/, failed/, reports).
  bool keep = false;
};

// Returns 0 when every sample ended as expected, 1 otherwise.
int RunDemo(const DemoOptions& options, std::ostream& out, std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_DEMO_COMMAND_H_
