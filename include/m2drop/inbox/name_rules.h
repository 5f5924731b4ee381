// SPDX-License-Identifier: Apache-2.0
// Which names in an inbox are drops, which are marker files and which are
// ignored (docs/design.md §4, STYLE.md §5 rule 4).
//
// Uploaders write under a temporary name and rename when done: dotfiles
// (".x.csv", which also covers vsftpd/proftpd ".in.x.csv." and pure-ftpd
// ".pureftpd-upload.*"), WinSCP "*.filepart", "*.part", "*.tmp" and
// Office lock files "~$*". Such names are never drops, markers or anything
// else, whatever the patterns say. Suffixes are compared ignoring ASCII
// case ("X.CSV.PART" is temporary too).
//
// With a marker suffix (".ok"), "x.csv.ok" marks "x.csv" as complete and is
// never a drop itself, even when a pattern such as "*" matches it. The
// marker suffix is compared exactly (case-sensitive), so that the marker
// the claim removes is the one that was seen.
//
// Pure functions and an immutable value type: thread-safe, never block.
#ifndef M2DROP_INBOX_NAME_RULES_H_
#define M2DROP_INBOX_NAME_RULES_H_

#include <string>
#include <string_view>
#include <vector>

namespace m2drop::inbox {

// True for a name an uploader is still writing under (see above), and for
// "", "." and "..".
bool IsTemporaryName(std::string_view name);

enum class NameKind {
  kIgnored,  // temporary, or matches no pattern
  kDrop,     // a file to import once complete
  kMarker,   // NAME<marker>: says NAME is complete
};

// The rules of one inbox: its patterns and its marker suffix.
class NameRules {
 public:
  // `patterns` are shell globs (base/strings.h GlobMatch) on the bare name,
  // matched ignoring ASCII case ("*.csv" takes "X.CSV"); `marker` is "" for
  // none or a suffix such as ".ok" or ".done".
  NameRules(std::vector<std::string> patterns, std::string marker);

  NameKind Classify(std::string_view name) const;

  // REQUIRES: Classify(marker_name) == kMarker. The drop it marks:
  // "x.csv.ok" → "x.csv".
  std::string_view MarkedName(std::string_view marker_name) const;
  // The marker file name of a drop ("x.csv" → "x.csv.ok"); "" when the
  // inbox uses no markers.
  std::string MarkerFor(std::string_view drop_name) const;

  bool uses_markers() const { return !marker_.empty(); }
  const std::string& marker() const { return marker_; }

 private:
  bool MatchesPattern(std::string_view name) const;

  std::vector<std::string> patterns_;
  std::string marker_;
};

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_NAME_RULES_H_
