// SPDX-License-Identifier: Apache-2.0
// Decoding what read(2) returns from an inotify descriptor into FsEvents
// (STYLE.md §5 rule 8). Pure: no syscalls, so hand-built buffers test every
// case the kernel can produce.
//
// Mapping (inotify(7)):
//   IN_CLOSE_WRITE, IN_MOVED_TO                  → kHint
//   IN_CREATE                                    → kCreated
//   IN_DELETE, IN_MOVED_FROM                     → kRemoved
//   IN_DELETE_SELF, IN_MOVE_SELF, IN_UNMOUNT,
//   IN_IGNORED (on a known watch)                → kInboxGone
//   IN_Q_OVERFLOW, a watch not in `known`,
//   a truncated record, anything else            → kRescan with a reason
// Entries that are directories (IN_ISDIR) are not files: their create,
// delete and move events are dropped. Self events of the watched directory
// carry IN_ISDIR too and still mean kInboxGone.
//
// Thread-safety: a pure function. Never blocks.
#ifndef M2DROP_INBOX_INOTIFY_DECODER_H_
#define M2DROP_INBOX_INOTIFY_DECODER_H_

#include <set>
#include <string_view>
#include <vector>

#include "m2drop/inbox/watcher.h"

namespace m2drop::inbox {

// Decodes the struct inotify_event records in `bytes` (one or more reads'
// worth, as the kernel packs them: header, then `len` bytes of
// NUL-padded name). `known` holds the watch descriptors whose events are
// expected. A truncated trailing record ends decoding with a kRescan.
std::vector<FsEvent> DecodeInotify(std::string_view bytes,
                                   const std::set<int>& known);

}  // namespace m2drop::inbox

#endif  // M2DROP_INBOX_INOTIFY_DECODER_H_
