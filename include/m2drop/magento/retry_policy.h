// SPDX-License-Identifier: Apache-2.0
// RetryPolicy: when to try a failed request again (STYLE.md §6).
//
// Capped exponential backoff with "full jitter": after the attempt with
// 0-based index `attempt` failed, the delay is uniform in
// [0, min(max_backoff, initial_backoff * 2^attempt)], drawn from an injected
// jitter function so tests can pin the schedule. A server's Retry-After
// raises the delay (never lowers it). Retries stop after `max_attempts`
// attempts, or when the next attempt would start later than `give_up_after`
// after the first one started; the work then waits for a later run (the
// circuit breaker), it is not failed.
//
// Pure: the policy reads no clock; callers pass the times in and do the
// waiting themselves (through Clock::WaitUntil, so shutdown interrupts it).
// Thread-safe as long as the jitter function is (RandomJitter() is).
#ifndef M2DROP_MAGENTO_RETRY_POLICY_H_
#define M2DROP_MAGENTO_RETRY_POLICY_H_

#include <functional>
#include <optional>
#include <string_view>

#include "m2drop/base/clock.h"

namespace m2drop::magento {

// The [retry] section of the configuration.
struct RetryOptions {
  // Attempts in all, the first one included. 1 means never retry.
  int max_attempts = 6;
  // The backoff ceiling after the first failure; it doubles per failure.
  Duration initial_backoff = std::chrono::milliseconds(500);
  // The ceiling never grows beyond this.
  Duration max_backoff = std::chrono::seconds(30);
  // No retry starts later than this after the first attempt started.
  Duration give_up_after = std::chrono::minutes(10);
};

class RetryPolicy {
 public:
  // Returns a value uniformly distributed in [0, max].
  using Jitter = std::function<Duration(Duration max)>;

  // A jitter function backed by a per-thread PRNG seeded from
  // std::random_device. Thread-safe.
  static Jitter RandomJitter();

  explicit RetryPolicy(RetryOptions options, Jitter jitter = RandomJitter());

  // The delay before the next attempt, after the attempt with 0-based index
  // `attempt` failed; nullopt when no attempt is left: `attempt + 1` reached
  // max_attempts, or `now + delay` lies beyond `started + give_up_after`.
  // `retry_after` is the server's Retry-After, if any: the delay is at least
  // min(*retry_after, give_up_after).
  std::optional<Duration> NextDelay(int attempt, SteadyTime started,
                                    SteadyTime now,
                                    std::optional<Duration> retry_after) const;

  // min(max_backoff, initial_backoff * 2^attempt), without overflow.
  Duration BackoffCeiling(int attempt) const;

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  Jitter jitter_;
};

// Parses a Retry-After header value: delay-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", IMF-fixdate), the latter measured from
// `now`; a date in the past gives zero. nullopt for anything else.
std::optional<Duration> ParseRetryAfter(std::string_view value, WallTime now);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_RETRY_POLICY_H_
