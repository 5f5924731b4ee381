// SPDX-License-Identifier: Apache-2.0
// Secret masking (issues 7 and 17): whatever a text carries — a URL with a
// token in its query, an Authorization header echoed by Magento or a proxy,
// an OAuth header, a token endpoint's error quoting the admin password — the
// secret is replaced by "****". Two layers:
//   - the secrets themselves (token, password, OAuth keys and secrets, an
//     admin token obtained at run time), wherever they appear;
//   - well-known shapes, for secrets m2drop was never told about: "Bearer
//     X", "Authorization: X", oauth_token/oauth_signature/oauth_consumer_key
//     values, and password=/token=/secret= style parameters.
// Used where a Magento answer becomes a message (magento/magento_error.h),
// so that no report, ledger entry or command output can carry a secret, and
// again by the logger (app/ops/logging.h) on every line.
//
// Pure and thread-safe; linear in the text's length per key and secret.
#ifndef M2DROP_BASE_SECRET_MASKING_H_
#define M2DROP_BASE_SECRET_MASKING_H_

#include <span>
#include <string>
#include <string_view>

namespace m2drop {

inline constexpr std::string_view kMask = "****";

// `text` with every occurrence of each secret in `secrets` (those of 4 bytes
// or more: shorter ones would mask ordinary words) and every well-known
// secret shape replaced by kMask.
std::string MaskSecrets(std::string_view text,
                        std::span<const std::string> secrets);

// MaskSecrets of the first `window` bytes of `text` only, so that the cost
// does not grow with a huge text; when the window cuts the text, the masked
// result loses as many bytes at its end as the longest secret has, since a
// secret the cut splits is no longer recognised. For callers that keep
// only the start of a text anyway.
std::string MaskPrefix(std::string_view text,
                       std::span<const std::string> secrets, size_t window);

// `text` masked and, when longer than `max_bytes`, cut to its start with
// "… (cut; N bytes in all)", N being the length of `text` (base/strings.h
// CutForMessage). Masks a window of a few times `max_bytes` (MaskPrefix).
std::string MaskAndShorten(std::string_view text,
                           std::span<const std::string> secrets,
                           size_t max_bytes);

}  // namespace m2drop

#endif  // M2DROP_BASE_SECRET_MASKING_H_
