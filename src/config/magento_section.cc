// SPDX-License-Identifier: Apache-2.0
// [magento]: URL, auth and its secrets, request limits.
#include <array>
#include <span>
#include <string>

#include "m2drop/config/validation.h"
#include "sections.h"

namespace m2drop::config::internal {
namespace {

using std::chrono::milliseconds;

// The secrets, each configured as <name>_file or <name>_env; OAuth's four
// last.
constexpr std::array<std::string_view, 6> kSecretNames = {
    "token",           "password",     "consumer_key",
    "consumer_secret", "access_token", "access_token_secret"};

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A secret given inline (token = "...") is refused without echoing it.
void RejectInlineSecrets(TableReader& r) {
  for (std::string_view name : kSecretNames) {
    if (!r.Has(name)) continue;
    std::string n(name);
    r.Problem(name,
              "secrets are not accepted inline (the file may be shared "
              "or logged); name a file with " +
                  n +
                  "_file (mode 0600) or an environment variable "
                  "with " +
                  n + "_env");
  }
}

void ReadSecret(TableReader& r, std::string_view name, SecretRef* out) {
  std::string file_key = std::string(name) + "_file";
  std::string env_key = std::string(name) + "_env";
  out->key = r.KeyPath(name);
  if (r.Has(file_key) && r.Has(env_key)) {
    r.Problem(env_key,
              "set either " + file_key + " or " + env_key + ", not both");
    return;
  }
  std::string location;
  if (r.String(file_key, &location)) {
    Status absolute = CheckAbsolutePath(location);
    if (!absolute.ok()) return r.Problem(file_key, absolute.message());
    *out = {r.KeyPath(file_key), SecretRef::Source::kFile, location};
  } else if (r.String(env_key, &location)) {
    if (!IsEnvName(location)) {
      return r.Problem(env_key,
                       "must be an environment variable name like "
                       "M2DROP_TOKEN (letters, digits, _)");
    }
    *out = {r.KeyPath(env_key), SecretRef::Source::kEnv, location};
  }
}

void RequireSecret(TableReader& r, const SecretRef& ref, std::string_view name,
                   std::string_view auth) {
  if (ref.configured() || r.Has(std::string(name) + "_file") ||
      r.Has(std::string(name) + "_env")) {
    return;  // Configured, or already reported as wrong.
  }
  std::string n(name);
  r.Problem(n + "_file", "auth = \"" + std::string(auth) + "\" needs " + n +
                             "_file or " + n + "_env");
}

// Without an auth key, secrets of another kind than the default (oauth1)
// say what was meant: one problem naming the auth line to add, instead of
// four about missing OAuth values.
bool ExplainMissingAuth(TableReader& r) {
  if (r.Has("auth")) return false;
  for (std::string_view name : std::span(kSecretNames).subspan(2)) {
    std::string n(name);
    if (r.Has(n + "_file") || r.Has(n + "_env")) return false;
  }
  std::string_view kind, secret;
  if (r.Has("token_file") || r.Has("token_env")) {
    kind = "token";
    secret = r.Has("token_file") ? "token_file" : "token_env";
  } else if (r.Has("password_file") || r.Has("password_env")) {
    kind = "admin";
    secret = r.Has("password_file") ? "password_file" : "password_env";
  } else {
    return false;
  }
  r.Problem("auth", std::string(secret) +
                        " is set but auth is not: add auth = \"" +
                        std::string(kind) +
                        "\" to use it (the default, \"oauth1\", signs with "
                        "the integration's consumer_key, consumer_secret, "
                        "access_token and access_token_secret)");
  return true;
}

void CheckCredentials(TableReader& r, const MagentoConfig& m) {
  if (ExplainMissingAuth(r)) return;
  std::string_view auth = AuthMethodName(m.auth);
  switch (m.auth) {
    case AuthMethod::kToken:
      RequireSecret(r, m.token, "token", auth);
      break;
    case AuthMethod::kAdmin:
      if (!r.Has("username")) {
        r.Problem("username", "auth = \"admin\" needs username");
      }
      RequireSecret(r, m.password, "password", auth);
      break;
    case AuthMethod::kOAuth1:
      RequireSecret(r, m.consumer_key, "consumer_key", auth);
      RequireSecret(r, m.consumer_secret, "consumer_secret", auth);
      RequireSecret(r, m.access_token, "access_token", auth);
      RequireSecret(r, m.access_token_secret, "access_token_secret", auth);
      break;
  }
}

void ReadBaseUrl(TableReader& r, std::string* out) {
  std::string url;
  if (!r.String("base_url", &url)) {
    if (!r.Has("base_url")) r.Missing("base_url");
    return;
  }
  while (url.ends_with('/')) url.pop_back();
  if (Status valid = CheckHttpUrl(url); !valid.ok()) {
    return r.Problem("base_url", valid.message());
  }
  if (url.ends_with("/rest") || url.find("/rest/") != std::string::npos) {
    return r.Problem("base_url",
                     "give the site root without /rest; m2drop adds "
                     "/rest/<store_code>/V1");
  }
  *out = std::move(url);
}

void ReadStoreCode(TableReader& r, std::string* out) {
  std::string code;
  if (!r.String("store_code", &code)) return;
  for (char c : code) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return r.Problem("store_code",
                       "a store code has only letters, digits and _");
    }
  }
  *out = std::move(code);
}

void ReadOptionalPath(TableReader& r, std::string_view key, std::string* out) {
  std::string path;
  if (!r.String(key, &path) || path.empty()) return;
  if (Status valid = CheckAbsolutePath(path); !valid.ok()) {
    return r.Problem(key, valid.message());
  }
  *out = std::move(path);
}

}  // namespace

void ReadMagento(TableReader& r, MagentoConfig* m) {
  RejectInlineSecrets(r);
  ReadBaseUrl(r, &m->base_url);
  ReadStoreCode(r, &m->store_code);
  bool auth_known =
      !r.Has("auth") || r.Enum<AuthMethod>("auth", kAuthMethods, &m->auth);
  ReadSecret(r, "token", &m->token);
  r.String("username", &m->username);
  ReadSecret(r, "password", &m->password);
  ReadSecret(r, "consumer_key", &m->consumer_key);
  ReadSecret(r, "consumer_secret", &m->consumer_secret);
  ReadSecret(r, "access_token", &m->access_token);
  ReadSecret(r, "access_token_secret", &m->access_token_secret);
  // With a bad auth value, which credentials are missing is unknowable.
  if (auth_known) CheckCredentials(r, *m);

  r.Duration("timeout", milliseconds(1), &m->timeout);
  r.Duration("connect_timeout", milliseconds(1), &m->connect_timeout);
  r.Bool("tls_verify", &m->tls_verify);
  ReadOptionalPath(r, "ca_file", &m->ca_file);
  r.Int("max_in_flight", 1, 256, &m->max_in_flight);
  r.Double("rate_limit", 0, 100'000, &m->rate_limit);
  r.Int("page_size", 1, 300, &m->page_size);
  r.Duration("admin_token_ttl", milliseconds(1), &m->admin_token_ttl);
  r.Size("max_response_size", uint64_t{64} << 10, uint64_t{1} << 30,
         &m->max_response_size);
  r.CheckUnknownKeys();
}

}  // namespace m2drop::config::internal
