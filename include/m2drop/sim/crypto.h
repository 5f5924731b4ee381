// SPDX-License-Identifier: Apache-2.0
// The few primitives the simulator's auth needs: HMAC-SHA256 and HMAC-SHA1
// (OpenSSL), base64 / base64url, and PHP's rawurlencode (RFC 3986). The
// simulator keeps its own copies on purpose: it must not share code with the
// client it checks. Magento's own counterparts: lib/internal/Magento/
// Framework/Oauth/Helper/Oauth.php and the Laminas OAuth HMAC signers (see
// auth.h). Pure, thread-safe functions.
#ifndef M2DROP_SIM_CRYPTO_H_
#define M2DROP_SIM_CRYPTO_H_

#include <optional>
#include <string>
#include <string_view>

namespace m2drop::sim {

// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// The raw 20-byte HMAC-SHA1 (OAuth's HMAC-SHA1 signature method).
std::string HmacSha1(std::string_view key, std::string_view data);

// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);

// base64url without padding (JWT); DecodeBase64Url gives nullopt on a
// character outside the alphabet.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// PHP rawurlencode: every byte except A-Z a-z 0-9 - _ . ~ as %XX (upper hex).
std::string RawUrlEncode(std::string_view s);

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_CRYPTO_H_
