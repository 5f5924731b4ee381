// SPDX-License-Identifier: Apache-2.0
// m2drop's command line: CLI11 parses, app/ does the work (DESIGN.md §3).
#include <CLI/CLI.hpp>
#include <iostream>

#include "m2drop/base/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{
      "m2drop: turns file drops (3PL tracking, ERP stock) into Magento 2 "
      "updates",
      "m2drop"};
  app.set_version_flag("--version", std::string("m2drop ") + M2DROP_VERSION);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? m2drop::kExitOk : m2drop::kExitUsage;
  }
  return m2drop::kExitOk;
}
