// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/daemon/systemd_notify.h"

#if M2DROP_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace m2drop::app {
namespace {

void Notify([[maybe_unused]] const std::string& state) {
#if M2DROP_HAVE_SYSTEMD
  sd_notify(0, state.c_str());
#endif
}

// systemd reads one line per field: a newline in a status would start a
// new field.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

void NotifyReady(const std::string& status) {
  Notify("READY=1\nSTATUS=" + OneLine(status));
}

void NotifyReloading() { Notify("RELOADING=1"); }

void NotifyStopping() { Notify("STOPPING=1"); }

void NotifyStatus(const std::string& status) {
  Notify("STATUS=" + OneLine(status));
}

void NotifyWatchdog() { Notify("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> WatchdogInterval() {
#if M2DROP_HAVE_SYSTEMD
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    return std::chrono::microseconds(usec);
  }
#endif
  return std::nullopt;
}

}  // namespace m2drop::app
