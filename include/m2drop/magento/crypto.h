// SPDX-License-Identifier: Apache-2.0
// The few cryptographic primitives Magento auth needs, on OpenSSL:
// HMAC-SHA256 (OAuth 1.0a signatures), base64 (signatures) and base64url
// (reading a JWT's payload), and CSPRNG hex strings (OAuth nonces).
//
// Pure functions except RandomHex, which reads OpenSSL's CSPRNG. All are
// thread-safe.
#ifndef M2DROP_MAGENTO_CRYPTO_H_
#define M2DROP_MAGENTO_CRYPTO_H_

#include <optional>
#include <string>
#include <string_view>

#include "m2drop/base/result.h"

namespace m2drop::magento {

// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

// Standard base64 (RFC 4648 §4) with '=' padding.
std::string Base64Encode(std::string_view bytes);

// Decodes base64url (RFC 4648 §5), padding optional; nullopt for a
// character outside the alphabet or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// `bytes` random bytes from OpenSSL's CSPRNG (RAND_bytes), as 2*bytes
// lower-case hex characters. kInternal if the CSPRNG fails.
Result<std::string> RandomHex(int bytes);

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_CRYPTO_H_
