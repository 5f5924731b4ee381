// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/route_context.h"

#include <charconv>
#include <cmath>
#include <ctime>

#include "m2drop/base/strings.h"
#include "m2drop/sim/data_objects.h"

namespace m2drop::sim {

std::string RouteContext::Timestamp() const {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

const Json* BodyParam(const Json& body, std::string_view camel_name) {
  if (!body.is_object()) return nullptr;
  std::string snake;
  for (char c : camel_name) {
    if (c >= 'A' && c <= 'Z') {
      snake += '_';
      snake += static_cast<char>(c - 'A' + 'a');
    } else {
      snake += c;
    }
  }
  for (const std::string& name : {std::string(camel_name), snake}) {
    auto it = body.find(name);
    if (it != body.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

std::optional<SearchCriteria> SearchCriteriaOrError(const RouteContext& ctx,
                                                    Response* error) {
  Result<SearchCriteria> parsed = ParseSearchCriteria(ctx.request.query);
  if (!parsed.ok()) {
    *error = parsed.status().code() == StatusCode::kNotFound
                 ? RequiredFieldError("searchCriteria")
                 : ErrorResponse(400, parsed.status().message());
    return std::nullopt;
  }
  SearchCriteria criteria = std::move(parsed).value();
  const Flags& flags = ctx.store.flags;
  if (flags.input_limits) {
    if (!criteria.page_size) criteria.page_size = flags.default_page_size;
    if (criteria.page_size_camel && *criteria.page_size > flags.max_page_size) {
      *error = ErrorResponse(400, "Maximum SearchCriteria pageSize is %max",
                             {{"max", flags.max_page_size}});
      return std::nullopt;
    }
  }
  return criteria;
}

std::optional<Response> CheckArrayLimit(const Flags& flags, const Json* array,
                                        std::string_view type) {
  if (!flags.input_limits || array == nullptr || !array->is_array() ||
      array->size() <= static_cast<size_t>(flags.input_array_limit)) {
    return std::nullopt;
  }
  return ErrorResponse(400, "Maximum items of type \"%type\" is %max",
                       {{"type", type}, {"max", flags.input_array_limit}});
}

std::optional<double> NumberValue(const Json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  return PhpNumeric(value.get_ref<const std::string&>());
}

bool PhpBool(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  std::string text;
  if (value.is_number_integer()) {
    text = std::to_string(value.get<int64_t>());
  } else if (value.is_number()) {
    text = value.get<double>() == 1.0 ? "1" : "";  // PHP prints 1.0 as "1"
  } else if (value.is_string()) {
    text = AsciiLower(Trim(value.get_ref<const std::string&>()));
  }
  return text == "1" || text == "true" || text == "on" || text == "yes";
}

std::optional<int64_t> PathId(const RouteContext& ctx, size_t index,
                              bool zero_needs_id, Response* error) {
  const std::string& text = ctx.params.at(index);
  if (auto refusal = CheckScalarParam(Json(text), FieldType::kInt)) {
    *error = std::move(*refusal);
    return std::nullopt;
  }
  // settype($value, 'int') of numeric text truncates toward zero.
  const double value = std::trunc(PhpNumeric(text).value_or(0));
  if (zero_needs_id && value == 0) {
    *error = ErrorResponse(400, "An ID is needed. Set the ID and try again.");
    return std::nullopt;
  }
  return static_cast<int64_t>(value);
}

}  // namespace m2drop::sim
