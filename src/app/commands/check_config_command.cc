// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/check_config_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "m2drop/app/commands/acl_probes.h"
#include "m2drop/app/commands/pull_check.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/loader.h"
#include "m2drop/config/warnings.h"
#include "m2drop/magento/url.h"

namespace m2drop::app {
namespace {

// The nearest ancestor of `path` that exists, or "" when none does.
std::string NearestExistingParent(std::filesystem::path path) {
  struct stat st;
  for (int i = 0; i < 64 && path.has_relative_path(); ++i) {
    path = path.parent_path();
    if (stat(path.c_str(), &st) == 0) return path.string();
  }
  return "";
}

// What is wrong with the directory `path` that is missing (`err` from
// stat), or nullopt when the daemon will create it. The inbox is never
// created (PrepareProfileDirs): a typo would swallow every drop.
std::optional<std::string> MissingDirectory(const std::string& path,
                                            const char* role, bool may_create,
                                            int err) {
  const std::string what = std::string(role) + " " + path;
  if (err == EACCES) {
    return what +
           " cannot be reached by this user: a directory above it is not "
           "searchable (x) for it";
  }
  if (err != ENOENT) return what + ": " + std::strerror(err);
  if (!may_create) {
    return what +
           " does not exist: create it (m2drop never creates an inbox; README, "
           "\"SFTP inbox\", shows how)";
  }
  const std::string parent = NearestExistingParent(path);
  if (!parent.empty() && access(parent.c_str(), W_OK | X_OK) == 0) {
    return std::nullopt;  // The daemon creates it at start.
  }
  return what + " does not exist, and this user cannot create it in " + parent +
         ": create it, owned by the user m2drop runs as";
}

// A problem with a directory, or nullopt when it is usable. Work, processed
// and failed directories that do not exist yet are fine where this user
// could create them: the daemon does at start.
std::optional<std::string> CheckDirectory(const std::string& path,
                                          const char* role, bool may_create) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return MissingDirectory(path, role, may_create, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return std::string(role) + " " + path + " is not a directory";
  }
  if (access(path.c_str(), W_OK | X_OK) != 0) {
    return std::string(role) + " " + path +
           " is not writable by this user (files are moved in and out of it)";
  }
  return std::nullopt;
}

// The device of `path`, or of its nearest existing ancestor.
std::optional<dev_t> DeviceOf(std::filesystem::path path) {
  struct stat st;
  for (int i = 0; i < 64 && !path.empty(); ++i) {
    if (stat(path.c_str(), &st) == 0) return st.st_dev;
    path = path.parent_path();
  }
  return std::nullopt;
}

bool CheckProfile(const config::Profile& p, std::ostream& out) {
  std::vector<std::string> problems;
  const std::pair<const std::string*, const char*> dirs[] = {
      {&p.inbox, "inbox"},
      {&p.work_dir, "work_dir"},
      {&p.processed_dir, "processed_dir"},
      {&p.failed_dir, "failed_dir"}};
  for (const auto& [path, role] : dirs) {
    bool may_create = path != &p.inbox;
    if (auto problem = CheckDirectory(*path, role, may_create)) {
      problems.push_back(*problem);
    }
  }
  auto inbox_dev = DeviceOf(p.inbox);
  for (const auto& [path, role] : dirs) {
    auto dev = DeviceOf(*path);
    if (inbox_dev && dev && *dev != *inbox_dev) {
      problems.push_back(std::string(role) + " " + *path +
                         " is on another filesystem than the inbox: moving "
                         "files there would not be atomic");
    }
  }
  out << "profile " << p.name << " (" << p.kind->name << "): ";
  if (problems.empty()) {
    out << "directories ok (inbox " << p.inbox << ")\n";
    return true;
  }
  out << problems.size() << (problems.size() == 1 ? " problem" : " problems")
      << "\n";
  for (const std::string& problem : problems) out << "  - " << problem << "\n";
  return false;
}

// Whether `r`, the answer to `probe`, shows the resource is granted: a 2xx,
// or the refusal the probe is built to get once past Magento's ACL check
// (which runs first: RequestValidator::checkPermissions).
bool Held(const AclProbe& probe, const magento::ApiResult& r) {
  if (r.ok()) return true;
  return r.status.code() == StatusCode::kRejected &&
         r.http_status == probe.held_status &&
         r.error.raw_message.find("does not match any route") ==
             std::string::npos;
}

std::string TotalCount(const magento::ApiResult& r) {
  if (!r.ok() || !r.body.is_object() || !r.body.contains("total_count")) {
    return "";
  }
  const auto& count = r.body["total_count"];
  return " (" + (count.is_string() ? count.get<std::string>() : count.dump()) +
         " in the shop)";
}

// Sends every probe and prints what it shows: every resource that is not
// granted is named. When no probe got through at all, the credentials
// themselves are refused, and the first refusal says why; Magento not
// answering stops at once.
int RunProbes(MagentoConnection& c, const std::vector<AclProbe>& probes,
              std::ostream& out) {
  std::vector<std::string> lines;
  std::string first_refusal;
  bool any_held = false;
  for (const AclProbe& probe : probes) {
    magento::ApiResult r = c.caller().Call(probe.request, std::stop_token());
    if (Held(probe, r)) {
      any_held = true;
      lines.push_back("can " + probe.what + TotalCount(r));
      continue;
    }
    const std::string cannot =
        "cannot " + probe.what + ": " + EscapeControls(r.status.message());
    if (CheckExitCode(r.status) != kExitUnauthorized) {
      for (const std::string& line : lines) out << "  - " << line << "\n";
      out << "  - " << cannot << "\n";
      return CheckExitCode(r.status);
    }
    if (first_refusal.empty()) first_refusal = cannot;
    lines.push_back("cannot " + probe.what + " (" + probe.resource +
                    " is not granted): " + EscapeControls(r.status.message()));
  }
  if (!any_held && !first_refusal.empty()) {
    out << "  - " << first_refusal << "\n";
    return kExitUnauthorized;
  }
  for (const std::string& line : lines) out << "  - " << line << "\n";
  return first_refusal.empty() ? kExitOk : kExitUnauthorized;
}

int CheckMagento(const config::Config& config, std::ostream& out) {
  // A check answers within seconds: no long retry budget, no breaker wait.
  config::Config quick = config;
  quick.retry.max_attempts = std::min(quick.retry.max_attempts, 2);
  quick.retry.give_up_after =
      std::min(quick.retry.give_up_after, std::chrono::milliseconds(15'000));
  quick.retry.breaker_failures = 1000;
  out << "magento " << config.magento.base_url
      << " (auth = " << config::AuthMethodName(config.magento.auth) << "):\n";
  auto connection = MagentoConnection::Create(quick, RealClock::Instance());
  if (!connection.ok()) {
    out << "  - " << EscapeControls(connection.status().message()) << "\n";
    return kExitUnauthorized;
  }
  int code = RunProbes(**connection, AclProbesFor(config), out);
  if (code == kExitOk) out << "  - reachable, credentials accepted\n";
  return code;
}

bool IsExampleDomain(std::string_view host) {
  for (std::string_view domain :
       {"example.com", "example.net", "example.org"}) {
    if (host == domain) return true;
    if (host.size() > domain.size() && host.ends_with(domain) &&
        host[host.size() - domain.size() - 1] == '.') {
      return true;
    }
  }
  return host == "example" || host.ends_with(".example");
}

std::string ConfigPath(const CheckConfigOptions& options) {
  return options.config_path.empty() ? config::DefaultConfigPath()
                                     : options.config_path;
}

}  // namespace

int CheckExitCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
      return kExitUnauthorized;
    case StatusCode::kUnavailable:
    case StatusCode::kCancelled:
      return kExitUnavailable;
    default:
      return kExitUsage;
  }
}

std::optional<std::string> ExampleShopHost(const config::Config& config) {
  if (!config.has_magento) return std::nullopt;
  auto url = magento::ParseHttpUrl(config.magento.base_url);
  if (!url.ok() || !IsExampleDomain(url->host)) return std::nullopt;
  return url->host;
}

int RunStartCondition(const CheckConfigOptions& options, std::ostream& err) {
  const std::string path = ConfigPath(options);
  auto config = config::LoadFile(path);
  if (!config.ok()) return kExitOk;  // `watch` reports it, and fails.
  std::optional<std::string> host = ExampleShopHost(*config);
  if (!host) return kExitOk;
  err << "m2drop: not starting: " << path
      << " is still the example configuration ([magento] base_url names "
      << *host
      << "). Set the shop's base_url, the credentials and the profiles' "
         "inboxes (/usr/share/doc/m2drop/README.md, \"Install and first "
         "import\"), check them with `runuser -u m2drop -- m2drop "
         "check-config`, then `systemctl start m2drop`\n";
  return 1;  // ExecCondition: 1..254 skip the start without a failure.
}

int RunCheckConfig(const CheckConfigOptions& options, std::ostream& out,
                   std::ostream& err) {
  if (options.start_condition) return RunStartCondition(options, err);
  const std::string path = ConfigPath(options);
  auto config = config::LoadFile(path);
  if (!config.ok()) {
    err << "m2drop check-config: " << config.status().message() << "\n";
    return kExitUsage;
  }
  out << "config " << path << ": syntax and values ok, "
      << config->profiles.size()
      << (config->profiles.size() == 1 ? " profile\n" : " profiles\n");
  for (const std::string& warning : config::ConfigWarnings(*config)) {
    out << "  - warning: " << warning << "\n";
  }
  bool dirs_ok = true;
  for (const config::Profile& p : config->profiles) {
    dirs_ok = CheckProfile(p, out) && dirs_ok;
  }
  int code = dirs_ok ? kExitOk : kExitUsage;
  if (options.offline) {
    out << "magento: not checked (--offline)\n";
  } else if (!config->has_magento) {
    out << "magento: no [magento] table; imports cannot run without one\n";
    code = kExitUsage;
  } else {
    int magento_code = CheckMagento(*config, out);
    if (magento_code != kExitOk) code = magento_code;
  }
  for (const config::Profile& p : config->profiles) {
    if (!p.pull) continue;
    if (options.offline) {
      out << "profile " << p.name << " pull: not checked (--offline)\n";
      continue;
    }
    if (int pull_code = CheckPull(p, out); pull_code != kExitOk) {
      code = pull_code;
    }
  }
  out << (code == kExitOk ? "all checks passed\n" : "some checks failed\n");
  return code;
}

}  // namespace m2drop::app
