// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/config.h"

#include <span>

#include "enum_names.h"

namespace m2drop::config {

using internal::NameOf;

const Profile* FindProfile(const Config& config, std::string_view name) {
  for (const Profile& profile : config.profiles) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

std::string_view AuthMethodName(AuthMethod value) {
  return NameOf<AuthMethod>(internal::kAuthMethods, value);
}
std::string_view LogFormatName(LogFormat value) {
  return NameOf<LogFormat>(internal::kLogFormats, value);
}
std::string_view LogLevelName(LogLevel value) {
  return NameOf<LogLevel>(internal::kLogLevels, value);
}
std::string_view OnDuplicateName(OnDuplicate value) {
  return NameOf<OnDuplicate>(internal::kOnDuplicates, value);
}
std::string_view EncodingName(Encoding value) {
  return NameOf<Encoding>(internal::kEncodings, value);
}
std::string_view WatchModeName(WatchMode value) {
  return NameOf<WatchMode>(internal::kWatchModes, value);
}
std::string_view StockApiName(StockApi value) {
  return NameOf<StockApi>(internal::kStockApis, value);
}
std::string_view PullAfterName(PullAfter value) {
  switch (value) {
    case PullAfter::kKeep:
      return "keep";
    case PullAfter::kDelete:
      return "delete";
    case PullAfter::kMove:
      return "move";
  }
  return "?";
}

}  // namespace m2drop::config
