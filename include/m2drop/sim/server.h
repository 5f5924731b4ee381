// SPDX-License-Identifier: Apache-2.0
// Server: puts a Simulator on a loopback HTTP port (cpp-httplib) and acts on
// the faults its FaultInjector decides: latency, 503, 429 + Retry-After,
// connection resets (nothing applied) and lost responses (applied, then the
// answer lost in one of faults.h's three wire ways). Not Magento behaviour:
// this is how networks, proxies and dying PHP workers fail in front of it.
//
// Runs its own accept thread and worker pool; Stop() (or the destructor)
// ends them and interrupts injected latency. Thread-safe. Owns the
// Simulator; the Simulator's Clock must outlive the Server.
#ifndef M2DROP_SIM_SERVER_H_
#define M2DROP_SIM_SERVER_H_

#include <memory>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/sim/simulator.h"

namespace m2drop::sim {

struct ServerOptions {
  // Loopback only: 127.0.0.0/8, ::1 or "localhost"; anything else is
  // refused.
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = an ephemeral port, see Server::port()
  int threads = 8;
};

// True for the loopback hosts ServerOptions accepts.
bool IsLoopbackHost(std::string_view host);

class Server {
 public:
  // Binds and starts serving. kInvalidInput for a non-loopback host or a bad
  // port; kIo when the port cannot be bound (e.g. in use).
  static Result<std::unique_ptr<Server>> Start(
      const ServerOptions& options, std::unique_ptr<Simulator> simulator);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT", the base URL clients use.
  std::string base_url() const;
  Simulator& simulator() { return *simulator_; }

  // Stops accepting, ends the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  Server(std::unique_ptr<Simulator> simulator, std::unique_ptr<Impl> impl,
         std::string host, int port);

  std::unique_ptr<Simulator> simulator_;
  std::unique_ptr<Impl> impl_;
  std::string host_;
  int port_ = 0;
};

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_SERVER_H_
