// SPDX-License-Identifier: Apache-2.0
#include "m2drop/inbox/name_rules.h"

#include <array>
#include <utility>

#include "m2drop/base/check.h"
#include "m2drop/base/strings.h"

namespace m2drop::inbox {
namespace {

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

bool IsTemporaryName(std::string_view name) {
  // A leading dot covers dotfiles, ".in.NAME." (vsftpd, proftpd) and
  // ".pureftpd-upload.*"; "." and ".." are not files either.
  if (name.empty() || name.front() == '.') return true;
  if (name.starts_with("~$")) return true;  // Office owner/lock files
  static constexpr std::array<std::string_view, 3> kSuffixes = {
      ".filepart", ".part", ".tmp"};
  for (std::string_view suffix : kSuffixes) {
    if (EndsWithIgnoreCase(name, suffix)) return true;
  }
  return false;
}

NameRules::NameRules(std::vector<std::string> patterns, std::string marker)
    : patterns_(std::move(patterns)), marker_(std::move(marker)) {}

NameKind NameRules::Classify(std::string_view name) const {
  if (IsTemporaryName(name)) return NameKind::kIgnored;
  if (uses_markers() && name.size() > marker_.size() &&
      name.ends_with(marker_)) {
    return NameKind::kMarker;
  }
  return MatchesPattern(name) ? NameKind::kDrop : NameKind::kIgnored;
}

std::string_view NameRules::MarkedName(std::string_view marker_name) const {
  M2DROP_CHECK(uses_markers() && marker_name.size() > marker_.size());
  return marker_name.substr(0, marker_name.size() - marker_.size());
}

std::string NameRules::MarkerFor(std::string_view drop_name) const {
  if (!uses_markers()) return "";
  return std::string(drop_name) + marker_;
}

bool NameRules::MatchesPattern(std::string_view name) const {
  for (const std::string& pattern : patterns_) {
    if (GlobMatch(pattern, name, /*ignore_case=*/true)) return true;
  }
  return false;
}

}  // namespace m2drop::inbox
