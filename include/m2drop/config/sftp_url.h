// SPDX-License-Identifier: Apache-2.0
// The URL of a [profile.pull] server, "sftp://user@host[:port]/dir", and the
// remote paths it and `after = "move:DIR"` name (docs/design.md §5).
//
// A remote path is absolute ("/out"), or relative to the login's home
// directory when written "/~/out" ("/~" alone is the home itself): the
// parsed form drops the "/~/", as SFTP servers resolve relative paths
// against the home directory. Percent-escapes (%20) are decoded in the user
// and the path. A password in the URL ("user:secret@") is refused: it would
// sit in a file that is shared and logged.
//
// Pure functions; thread-safe.
#ifndef M2DROP_CONFIG_SFTP_URL_H_
#define M2DROP_CONFIG_SFTP_URL_H_

#include <string>
#include <string_view>

#include "m2drop/base/result.h"

namespace m2drop::config {

struct SftpUrl {
  std::string user;
  std::string host;  // a name, an IPv4 address, or an IPv6 one without []
  int port = 22;
  std::string dir;  // a remote path, see RemotePath
};

// Parses "sftp://user@host[:port]/path". kInvalidInput, saying what is
// wrong (not repeating the URL), for another scheme, a missing user, host
// or path, a password, a query or fragment, a bad port or escape.
Result<SftpUrl> ParseSftpUrl(std::string_view url);

// "/out" -> "/out"; "/~/out" -> "out"; "/~" and "/~/" -> "" (the home
// directory). Trailing slashes are dropped. kInvalidInput for a path that
// does not start with '/', or holds a NUL or a ".." part.
Result<std::string> RemotePath(std::string_view path);

// A remote path as a person writes it: "out" -> "/~/out", "" -> "/~".
std::string DisplayRemotePath(std::string_view path);

}  // namespace m2drop::config

#endif  // M2DROP_CONFIG_SFTP_URL_H_
