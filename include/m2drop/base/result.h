// SPDX-License-Identifier: Apache-2.0
// Result<T>: a value of type T or the Status saying why there is none.
//
// A small std::variant wrapper standing in for C++23 std::expected. Reading
// the value of a failed Result (or the status of a successful one is fine: it
// is OK) is a bug and aborts through M2DROP_CHECK. Not thread-safe beyond what
// T itself offers.
#ifndef M2DROP_BASE_RESULT_H_
#define M2DROP_BASE_RESULT_H_

#include <type_traits>
#include <utility>
#include <variant>

#include "m2drop/base/check.h"
#include "m2drop/base/status.h"

namespace m2drop {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Status>, "use Status directly");

 public:
  // REQUIRES: !status.ok(). A failed Result must say why.
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit
    M2DROP_CHECK(!std::get<Status>(data_).ok());
  }
  Result(const T& value) : data_(value) {}        // NOLINT: implicit
  Result(T&& value) : data_(std::move(value)) {}  // NOLINT: implicit
  template <typename U>
  requires(std::is_constructible_v<T, U&&> &&
           !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Status> &&
           !std::is_same_v<std::decay_t<U>, Result<T>>)
      Result(U&& value)  // NOLINT: implicit
      : data_(std::in_place_index<0>, std::forward<U>(value)) {}

  bool ok() const { return data_.index() == 0; }

  // OK when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(data_); }

  // REQUIRES: ok().
  T& value() & {
    M2DROP_CHECK(ok());
    return std::get<0>(data_);
  }
  const T& value() const& {
    M2DROP_CHECK(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    M2DROP_CHECK(ok());
    return std::get<0>(std::move(data_));
  }
  T value_or(T fallback) const& {
    return ok() ? std::get<0>(data_) : std::move(fallback);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace m2drop

#define M2DROP_INTERNAL_CONCAT2(a, b) a##b
#define M2DROP_INTERNAL_CONCAT(a, b) M2DROP_INTERNAL_CONCAT2(a, b)
#define M2DROP_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  if (!tmp.ok()) return tmp.status();                    \
  lhs = std::move(tmp).value()

// `M2DROP_ASSIGN_OR_RETURN(auto x, Foo());` declares x from Foo()'s value, or
// returns Foo()'s Status from the enclosing function.
#define M2DROP_ASSIGN_OR_RETURN(lhs, expr) \
  M2DROP_INTERNAL_ASSIGN_OR_RETURN(        \
      M2DROP_INTERNAL_CONCAT(m2drop_result_, __LINE__), lhs, expr)

#endif  // M2DROP_BASE_RESULT_H_
