// SPDX-License-Identifier: Apache-2.0
// Module-private: the TOML spelling of every configuration enum, shared by the
// *Name() functions (config.cc) and the loader, so the two cannot disagree.
// The first spelling of a value is its canonical name.
#ifndef M2DROP_SRC_CONFIG_ENUM_NAMES_H_
#define M2DROP_SRC_CONFIG_ENUM_NAMES_H_

#include <span>
#include <string_view>

#include "m2drop/config/config.h"

namespace m2drop::config::internal {

template <typename E>
struct Spelling {
  std::string_view name;
  E value;
};

inline constexpr Spelling<AuthMethod> kAuthMethods[] = {
    {"token", AuthMethod::kToken},
    {"admin", AuthMethod::kAdmin},
    {"oauth1", AuthMethod::kOAuth1},
};
inline constexpr Spelling<LogFormat> kLogFormats[] = {
    {"text", LogFormat::kText},
    {"json", LogFormat::kJson},
};
inline constexpr Spelling<LogLevel> kLogLevels[] = {
    {"trace", LogLevel::kTrace}, {"debug", LogLevel::kDebug},
    {"info", LogLevel::kInfo},   {"warn", LogLevel::kWarn},
    {"error", LogLevel::kError},
};
inline constexpr Spelling<OnDuplicate> kOnDuplicates[] = {
    {"skip", OnDuplicate::kSkip},
    {"reprocess", OnDuplicate::kReprocess},
};
inline constexpr Spelling<Encoding> kEncodings[] = {
    {"auto", Encoding::kAuto},
    {"utf-8", Encoding::kUtf8},
    {"windows-1252", Encoding::kWindows1252},
    {"utf-16", Encoding::kUtf16},
};
inline constexpr Spelling<WatchMode> kWatchModes[] = {
    {"auto", WatchMode::kAuto},
    {"inotify", WatchMode::kInotify},
    {"poll", WatchMode::kPoll},
};
inline constexpr Spelling<StockApi> kStockApis[] = {
    {"msi", StockApi::kMsi},
    {"legacy", StockApi::kLegacy},
};

// The canonical spelling of `value`; "?" for a value missing from the table
// (a bug caught by the tests of every *Name function).
template <typename E>
std::string_view NameOf(std::span<const Spelling<E>> spellings, E value) {
  for (const Spelling<E>& s : spellings) {
    if (s.value == value) return s.name;
  }
  return "?";
}

}  // namespace m2drop::config::internal

#endif  // M2DROP_SRC_CONFIG_ENUM_NAMES_H_
