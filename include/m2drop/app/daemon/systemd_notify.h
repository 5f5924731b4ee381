// SPDX-License-Identifier: Apache-2.0
// systemd's service notification protocol (sd_notify(3)) for `m2drop
// watch` under packaging/systemd/m2drop.service (Type=notify): READY=1 once
// the inboxes are watched, RELOADING=1 around a SIGHUP reload, STOPPING=1 at
// shutdown, STATUS= lines for `systemctl status`, and WATCHDOG=1 pings while
// the watch loop turns (WatchdogSec= restarts a daemon whose loop hangs).
//
// A thin wrapper over libsystemd's sd_notify when the build found it
// (M2DROP_HAVE_SYSTEMD), a no-op otherwise; every call is also a no-op when
// NOTIFY_SOCKET is unset (not started by systemd). Thread-safe.
#ifndef M2DROP_APP_DAEMON_SYSTEMD_NOTIFY_H_
#define M2DROP_APP_DAEMON_SYSTEMD_NOTIFY_H_

#include <chrono>
#include <optional>
#include <string>

namespace m2drop::app {

void NotifyReady(const std::string& status);
void NotifyReloading();
void NotifyStopping();
void NotifyStatus(const std::string& status);
void NotifyWatchdog();

// The watchdog interval systemd expects pings within (WATCHDOG_USEC for
// this process), or nullopt when the watchdog is off. Ping at half of it.
std::optional<std::chrono::microseconds> WatchdogInterval();

}  // namespace m2drop::app

#endif  // M2DROP_APP_DAEMON_SYSTEMD_NOTIFY_H_
