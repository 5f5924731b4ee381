// SPDX-License-Identifier: Apache-2.0
// TOML text -> Config: parsing (the one place toml::parse_error is caught),
// dispatch to the table readers, and the checks across profiles.
#include "m2drop/config/loader.h"

#include <sys/stat.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "m2drop/base/strings.h"
#include "problems.h"
#include "sections.h"
#include "table_reader.h"

namespace m2drop::config {
namespace {

using internal::DescribeValue;
using internal::LineOf;
using internal::Problems;
using internal::TableReader;

// The table `name` of the root, or nullptr when absent or (reported) not a
// table.
const toml::table* SubTable(TableReader& root, std::string_view name) {
  const toml::node* node = root.Get(name);
  if (node == nullptr) return nullptr;
  if (const toml::table* table = node->as_table()) return table;
  root.Problem(name, "expected a table [" + std::string(name) + "], got " +
                         DescribeValue(*node));
  return nullptr;
}

// Names must be unique; each directory may serve one role of one profile,
// or two profiles would claim, move and requeue each other's files.
void CheckAcrossProfiles(const std::vector<Profile>& profiles,
                         const std::vector<int>& lines, Problems* problems) {
  std::map<std::string, size_t> names;
  std::map<std::string, std::string> dirs;  // path -> "profile[i].key"
  for (size_t i = 0; i < profiles.size(); ++i) {
    const Profile& p = profiles[i];
    std::string path = "profile[" + std::to_string(i + 1) + "]";
    if (!p.name.empty()) {
      auto [it, inserted] = names.emplace(p.name, i);
      if (!inserted) {
        problems->Add(path + ".name",
                      "duplicate profile name " + QuoteForMessage(p.name) +
                          ", already used by profile[" +
                          std::to_string(it->second + 1) + "]",
                      lines[i]);
      }
    }
    for (const auto& [key, dir] :
         {std::pair<std::string, const std::string*>{"inbox", &p.inbox},
          {"work_dir", &p.work_dir},
          {"processed_dir", &p.processed_dir},
          {"failed_dir", &p.failed_dir}}) {
      if (dir->empty()) continue;
      auto [it, inserted] = dirs.emplace(*dir, path + "." + key);
      if (!inserted) {
        problems->Add(path + "." + key,
                      QuoteForMessage(*dir) + " is already used as " +
                          it->second + "; every directory needs its own path",
                      lines[i]);
      }
    }
  }
}

void ReadProfiles(TableReader& root, const DaemonConfig& daemon,
                  Problems* problems, std::vector<Profile>* out) {
  const toml::node* node = root.Get("profile");
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array != nullptr && array->empty()) return;  // "profile = []": none.
  if (array == nullptr || !array->is_array_of_tables()) {
    root.Problem("profile", "write each profile as an [[profile]] table, got " +
                                DescribeValue(*node));
    return;
  }
  std::vector<int> lines;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table& table = *array->get(i)->as_table();
    TableReader reader(table, "profile[" + std::to_string(i + 1) + "]",
                       "profile", problems);
    Profile profile;
    internal::ReadProfile(reader, daemon, &profile);
    out->push_back(std::move(profile));
    lines.push_back(LineOf(table));
  }
  CheckAcrossProfiles(*out, lines, problems);
}

void ReadRoot(const toml::table& root_table, Problems* problems,
              Config* config) {
  TableReader root(root_table, "", "", problems);
  if (const toml::table* t = SubTable(root, "magento")) {
    TableReader reader(*t, "magento", "magento", problems);
    internal::ReadMagento(reader, &config->magento);
    config->has_magento = true;
  }
  if (const toml::table* t = SubTable(root, "retry")) {
    TableReader reader(*t, "retry", "retry", problems);
    internal::ReadRetry(reader, &config->retry);
  }
  // Before the profiles, which inherit daemon.settle.
  if (const toml::table* t = SubTable(root, "daemon")) {
    TableReader reader(*t, "daemon", "daemon", problems);
    internal::ReadDaemon(reader, &config->daemon);
  }
  if (const toml::table* t = SubTable(root, "limits")) {
    TableReader reader(*t, "limits", "limits", problems);
    internal::ReadLimits(reader, &config->limits);
  }
  ReadProfiles(root, config->daemon, problems, &config->profiles);
  root.CheckUnknownKeys();
}

}  // namespace

Result<Config> LoadString(std::string_view toml_text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& error) {
    const toml::source_position& at = error.source().begin;
    return Status::InvalidInput(
        std::string(origin) + ": TOML syntax error at line " +
        std::to_string(at.line) + ", column " + std::to_string(at.column) +
        ": " + std::string(error.description()));
  }
  Problems problems;
  Config config;
  config.source = std::string(origin);
  ReadRoot(root, &problems, &config);
  M2DROP_RETURN_IF_ERROR(problems.ToStatus(origin));
  return config;
}

Result<Config> LoadFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    int err = errno;
    std::string what = "cannot read the configuration file " +
                       QuoteForMessage(path) + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(what) : Status::Io(what);
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::Io("the configuration path " + QuoteForMessage(path) +
                      " is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return Status::Io("cannot read the configuration file " +
                      QuoteForMessage(path) + ": " + std::strerror(errno));
  }
  std::string text{std::istreambuf_iterator<char>(in),
                   std::istreambuf_iterator<char>()};
  if (in.bad()) {
    return Status::Io("cannot read the configuration file " +
                      QuoteForMessage(path));
  }
  return LoadString(text, path);
}

std::string DefaultConfigPath() {
  const char* env = std::getenv("M2DROP_CONFIG");
  if (env != nullptr && *env != '\0') return env;
  return "/etc/m2drop/config.toml";
}

}  // namespace m2drop::config
