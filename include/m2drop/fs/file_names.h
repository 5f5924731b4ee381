// SPDX-License-Identifier: Apache-2.0
// The names m2drop gives files it creates or moves (docs/design.md §4): a suffix
// for a name taken in work/, a timestamp for one taken in processed/ or
// failed/, NAME.report.json and NAME.errors.csv beside a filed drop, and
// hidden temp names. Each must fit NAME_MAX (255 bytes on Linux's file
// systems), also for a drop whose own name already has 255 bytes: otherwise
// a report or a second drop of that name fails with "File name too long"
// on every attempt.
//
// The rule: a name that fits is kept as it is; a longer one keeps its
// extension and every suffix added to it, and its stem becomes its first
// bytes (cut at a UTF-8 character boundary), "~" and the first 8 hex digits
// of the SHA-256 of the whole stem. The shortening is a pure function of
// the name, so the same drop always gets the same short name, and a report
// still says which drop it belongs to in its "file" field.
//
// Pure; thread-safe.
#ifndef M2DROP_FS_FILE_NAMES_H_
#define M2DROP_FS_FILE_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace m2drop::fs {

// NAME_MAX of the file systems m2drop runs on (ext4, xfs, tmpfs, btrfs).
inline constexpr size_t kNameMax = 255;

// A name's stem and extension: "drop.csv" -> {"drop", ".csv"}; "a.b.tsv" ->
// {"a.b", ".tsv"}; "README" and ".hidden" -> {name, ""}. An "extension" of
// more than 16 bytes is taken as part of the stem (it is no file type, and
// keeping it whole could leave no room for the stem).
struct NameParts {
  std::string_view stem;
  std::string_view ext;
};
NameParts SplitName(std::string_view name);

// stem + middle + ext in at most `max_bytes` bytes: the stem shortened as
// described above when the whole does not fit. REQUIRES: middle and ext
// leave room for the 9-byte "~hash" (they are short suffixes).
std::string FitName(std::string_view stem, std::string_view middle,
                    std::string_view ext, size_t max_bytes = kNameMax);

// `name` with `middle` inserted before its extension, fitted:
// ("drop.csv", ".2") -> "drop.2.csv".
std::string NameWith(std::string_view name, std::string_view middle,
                     size_t max_bytes = kNameMax);

}  // namespace m2drop::fs

#endif  // M2DROP_FS_FILE_NAMES_H_
