// SPDX-License-Identifier: Apache-2.0
// The SHA-256 of a file's content, the identity the ledger keys drops on
// (a re-drop of the same bytes under any name is recognised). Streams the
// file in 1 MiB blocks: memory stays flat for any size. Thread-safe; blocks
// on the disk.
#ifndef M2DROP_FS_CONTENT_HASH_H_
#define M2DROP_FS_CONTENT_HASH_H_

#include <string>
#include <string_view>

#include "m2drop/base/result.h"
#include "m2drop/fs/file_system.h"

namespace m2drop::fs {

// Lower-case hex SHA-256 of the file at `path` (opened with
// fs.OpenRegular: never through a symbolic link). kNotFound /
// kInvalidInput / kIo as OpenRegular, kIo on a failed read.
Result<std::string> Sha256OfFile(FileSystem& fs, const std::string& path);

// Lower-case hex SHA-256 of everything `file` holds, read from offset 0
// (the open file's bytes, whatever its path names by now). kIo.
Result<std::string> Sha256Of(const ReadableFile& file);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace m2drop::fs

#endif  // M2DROP_FS_CONTENT_HASH_H_
