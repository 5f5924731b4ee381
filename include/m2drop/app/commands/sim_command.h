// SPDX-License-Identifier: Apache-2.0
// `m2drop sim`: runs the Magento simulator (sim/) in the foreground on a
// loopback port until SIGINT or SIGTERM.
//
// RunSim blocks SIGINT and SIGTERM in the calling thread before any server
// thread starts (so they inherit the mask), waits for them with sigwait (no
// work in a signal handler), stops the server and restores the mask. Call it
// from main's thread, or from a thread other threads do not signal.
#ifndef M2DROP_APP_COMMANDS_SIM_COMMAND_H_
#define M2DROP_APP_COMMANDS_SIM_COMMAND_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/sim/faults.h"

namespace m2drop::app {

// Every field is one CLI flag of `m2drop sim` (flag name in brackets).
struct SimOptions {
  // [--port N] TCP port; 0 picks a free ephemeral port, printed on start.
  int port = 0;
  // [--host H] Address to bind. Loopback only (127.0.0.1, ::1, localhost):
  // the simulator has fixed demo credentials and must never face a network.
  std::string host = "127.0.0.1";
  // [--seed FILE] Seed JSON (format: fixtures/sim/README.md), e.g.
  // fixtures/sim/demo-seed.json. Empty: an empty shop with no credentials.
  std::string seed_file;
  // [--latency-ms N] Delay added to every API answer, ms. Default 0.
  int latency_ms = 0;
  // [--jitter-ms N] Plus a uniform random 0..N ms. Default 0.
  int jitter_ms = 0;
  // [--error-rate P] Probability 0..1 that an API request gets a 503 from
  // a "proxy" (not applied). Default 0.
  double error_rate = 0;
  // [--reset-rate P] Probability 0..1 that the connection is dropped before
  // any answer (not applied). Default 0.
  double reset_rate = 0;
  // [--lost-response-rate P] Probability 0..1 that a request IS applied but
  // its answer is cut off (the client sees an error). Default 0.
  double lost_response_rate = 0;
  // [--lost-response-mode M] How a lost answer is lost: "before_bytes" (the
  // connection closed before any byte), "after_headers" (status line and
  // headers, then closed), "reset" (a TCP reset) or "mixed" (each at
  // random, the default).
  std::string lost_response_mode = "mixed";
  // [--rate-limit N] Requests per second above which the answer is 429
  // with Retry-After. 0 = no limit (Magento core has none). Default 0.
  int rate_limit = 0;
  // [--outage START-END] (repeatable) Seconds after start during which
  // every API request is answered 503, e.g. "30-45".
  std::vector<std::string> outages;
  // [--fault-seed N] Seed of the fault RNG, so a run repeats. Default 1.
  uint64_t fault_seed = 1;
  // [--threads N] Server worker threads. Default 8.
  int threads = 8;
};

// The fault settings `options` describe; kInvalidInput naming the flag when
// a value is out of range or an outage is not "START-END" with START < END.
Result<sim::FaultOptions> FaultOptionsFrom(const SimOptions& options);

// Starts the simulator and serves until SIGINT/SIGTERM. Prints exactly one
// line "m2drop sim listening on http://HOST:PORT" to `out` (flushed) once
// it accepts connections; errors go to `err`. Returns kExitOk after a
// signal, kExitUsage for bad options, a bad seed or a port that cannot be
// bound.
int RunSim(const SimOptions& options, std::ostream& out, std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_SIM_COMMAND_H_
