// SPDX-License-Identifier: Apache-2.0
// `m2drop inspect FILE [--json]`: shows what the CSV reader sees in a file
// (docs/design.md §3), so a person can tell why a drop is read the way it is.
//
// With `json`, prints one JSON object to `out`:
//   {"file", "encoding", "bom", "delimiter", "line_ending",
//    "header": [...], "records": [{"line": N, "fields": [...]}, ...],
//    "errors": [{"line", "column", "message"}, ...]}
// encoding is "utf-8", "utf-16le", "utf-16be" or "windows-1252"; delimiter
// is the character itself; line_ending "LF", "CRLF", "CR", "mixed" or
// "none". Without `json`, prints a dialect line, an aligned table (long
// cells cut with "…", line breaks shown as \n) and the record errors.
//
// The file is read twice, streaming both times: once to learn the final
// dialect (the line ending and an encoding not fixed by a BOM are known only
// at the end) and the column widths, once to print. Memory stays flat
// whatever the file's size, except for the record errors, which are kept.
//
// Blocks on file reads and on writing to `out`; keeps no state.
#ifndef M2DROP_APP_COMMANDS_INSPECT_COMMAND_H_
#define M2DROP_APP_COMMANDS_INSPECT_COMMAND_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "m2drop/csv/reader.h"

namespace m2drop::app {

struct InspectOptions {
  std::string file;
  bool json = false;
  // Limits and forced dialect, as a profile would set them.
  csv::ReaderOptions reader;
  // Table mode: cells wider than this many characters are cut with "…".
  size_t max_cell_width = 32;
};

// Prints what the reader sees in options.file to `out`; a file-level
// failure goes to `err` as one line. Returns kExitOk when every record is
// well-formed, kExitRowsFailed when some record errors were found, and
// kExitUnreadable when the file as a whole cannot be read (missing,
// unreadable, not text, too large, no header).
int RunInspect(const InspectOptions& options, std::ostream& out,
               std::ostream& err);

}  // namespace m2drop::app

#endif  // M2DROP_APP_COMMANDS_INSPECT_COMMAND_H_
