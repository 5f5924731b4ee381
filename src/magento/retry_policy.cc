// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/retry_policy.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <random>

#include "m2drop/base/strings.h"

namespace m2drop::magento {
namespace {

// Parses s[pos, pos+len) as a non-negative decimal number.
std::optional<int> Digits(std::string_view s, size_t pos, size_t len) {
  if (pos + len > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7 IMF-fixdate).
std::optional<WallTime> ParseImfFixdate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  size_t comma = s.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view rest = s.substr(comma + 2);  // "06 Nov 1994 08:49:37 GMT"
  if (rest.size() != 24 || rest[2] != ' ' || rest[6] != ' ' ||
      rest[11] != ' ' || rest[14] != ':' || rest[17] != ':' ||
      rest[20] != ' ' || rest.substr(21) != "GMT") {
    return std::nullopt;
  }
  auto month_it = std::find(kMonths.begin(), kMonths.end(), rest.substr(3, 3));
  auto day = Digits(rest, 0, 2), year = Digits(rest, 7, 4);
  auto hour = Digits(rest, 12, 2), minute = Digits(rest, 15, 2);
  auto second = Digits(rest, 18, 2);
  if (month_it == kMonths.end() || !day || !year || !hour || !minute ||
      !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day date{
      std::chrono::year(*year),
      std::chrono::month(static_cast<unsigned>(month_it - kMonths.begin() + 1)),
      std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  return sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second);
}

}  // namespace

RetryPolicy::Jitter RetryPolicy::RandomJitter() {
  return [](Duration max) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    if (max <= Duration::zero()) return Duration::zero();
    std::uniform_int_distribution<Duration::rep> dist(0, max.count());
    return Duration(dist(engine));
  };
}

RetryPolicy::RetryPolicy(RetryOptions options, Jitter jitter)
    : options_(options), jitter_(std::move(jitter)) {}

Duration RetryPolicy::BackoffCeiling(int attempt) const {
  Duration ceiling = options_.initial_backoff;
  for (int i = 0; i < attempt && ceiling < options_.max_backoff; ++i) {
    ceiling *= 2;
  }
  return std::min(ceiling, options_.max_backoff);
}

std::optional<Duration> RetryPolicy::NextDelay(
    int attempt, SteadyTime started, SteadyTime now,
    std::optional<Duration> retry_after) const {
  if (attempt + 1 >= options_.max_attempts) return std::nullopt;
  Duration ceiling = BackoffCeiling(attempt);
  Duration delay = std::clamp(jitter_(ceiling), Duration::zero(), ceiling);
  if (retry_after) {
    delay = std::max(delay, std::min(*retry_after, options_.give_up_after));
  }
  if ((now - started) + delay > options_.give_up_after) return std::nullopt;
  return delay;
}

std::optional<Duration> ParseRetryAfter(std::string_view value, WallTime now) {
  std::string_view v = Trim(value);
  if (v.empty()) return std::nullopt;
  if (v.find_first_not_of("0123456789") == std::string_view::npos) {
    long long secs = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
    // Absurdly large values saturate at a day; give_up_after caps them anyway.
    constexpr long long kDay = 24 * 3600;
    if (ec == std::errc::result_out_of_range || secs > kDay) secs = kDay;
    return std::chrono::seconds(secs);
  }
  std::optional<WallTime> when = ParseImfFixdate(v);
  if (!when) return std::nullopt;
  return *when > now ? Duration(*when - now) : Duration::zero();
}

}  // namespace m2drop::magento
