// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/client_policy.h"

#include <charconv>
#include <string>

#include "m2drop/base/check.h"

namespace m2drop::magento {
namespace {

// A positive int from a JSON number or a string of digits.
std::optional<int> PositiveInt(const nlohmann::json& value) {
  int parsed = 0;
  if (value.is_number_integer()) {
    auto n = value.get<int64_t>();
    if (n <= 0 || n > 1'000'000) return std::nullopt;
    return static_cast<int>(n);
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
    if (ec == std::errc() && end == s.data() + s.size() && parsed > 0) {
      return parsed;
    }
  }
  return std::nullopt;
}

// The number after the last space of a filled message ("... is 20").
std::optional<int> TrailingInt(std::string_view message) {
  size_t space = message.find_last_of(' ');
  if (space == std::string_view::npos) return std::nullopt;
  return PositiveInt(std::string(message.substr(space + 1)));
}

// The limit from a 400 whose template (or filled message) starts with
// `prefix`, e.g. "Maximum items of type".
std::optional<int> LimitFromError(const ApiResult& result,
                                  std::string_view prefix) {
  if (result.ok() || result.http_status != 400) return std::nullopt;
  const MagentoError& error = result.error;
  const std::string& filled =
      error.message.empty() ? result.status.message() : error.message;
  const std::string& text =
      error.raw_message.empty() ? filled : error.raw_message;
  if (text.find(prefix) == std::string::npos) return std::nullopt;
  if (error.parameters.is_object() && error.parameters.contains("max")) {
    return PositiveInt(error.parameters["max"]);
  }
  return TrailingInt(filled);
}

}  // namespace

std::optional<int> ArrayLimitFromError(const ApiResult& result) {
  return LimitFromError(result, "Maximum items of type");
}

std::optional<int> PageSizeLimitFromError(const ApiResult& result) {
  return LimitFromError(result, "Maximum SearchCriteria pageSize is");
}

bool IsNothingLeftToShip(std::string_view message) {
  return message.find("does not allow a shipment to be created") !=
             std::string_view::npos ||
         message.find("create a shipment without products") !=
             std::string_view::npos;
}

WriteStep NextWriteStep(const Status& status,
                        bool rejection_may_follow_own_write) {
  switch (status.code()) {
    case StatusCode::kOk:
      return WriteStep::kSucceeded;
    case StatusCode::kUnavailable:
      return WriteStep::kReread;
    case StatusCode::kRejected:
      return rejection_may_follow_own_write ? WriteStep::kReread
                                            : WriteStep::kFailed;
    default:
      return WriteStep::kFailed;
  }
}

int64_t PageCount(int64_t total_count, int page_size) {
  M2DROP_CHECK(page_size >= 1);
  if (total_count <= 0) return 1;
  return (total_count + page_size - 1) / page_size;
}

}  // namespace m2drop::magento
