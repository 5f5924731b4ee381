// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/url.h"

#include <charconv>

#include "m2drop/base/strings.h"

namespace m2drop::magento {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string_view TrimSlashes(std::string_view s, bool leading, bool trailing) {
  while (leading && !s.empty() && s.front() == '/') s.remove_prefix(1);
  while (trailing && !s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// Splits "host[:port]" (or "[v6]:port") into host and port.
Status SplitAuthority(std::string_view authority, ParsedUrl& url) {
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Status::InvalidInput("unterminated IPv6 address");
    }
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Status::InvalidInput("bad host");
      port = rest.substr(1);
    }
  } else if (size_t colon = authority.rfind(':');
             colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return Status::InvalidInput("the URL names no host");
  url.host = AsciiLower(host);
  if (!port.empty()) {
    auto [end, ec] =
        std::from_chars(port.data(), port.data() + port.size(), url.port);
    if (ec != std::errc() || end != port.data() + port.size() ||
        url.port <= 0 || url.port > 65535) {
      return Status::InvalidInput("the port is not a number from 1 to 65535");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string EncodeQuery(const QueryParams& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    if (!out.empty()) out += '&';
    out += PercentEncode(key);
    out += '=';
    out += PercentEncode(value);
  }
  return out;
}

int ParsedUrl::EffectivePort() const {
  if (port != 0) return port;
  return scheme == "https" ? 443 : 80;
}

Result<ParsedUrl> ParseHttpUrl(std::string_view text) {
  ParsedUrl url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return Status::InvalidInput("not an absolute URL (no scheme://): " +
                                QuoteForMessage(text));
  }
  url.scheme = AsciiLower(text.substr(0, sep));
  if (url.scheme != "http" && url.scheme != "https") {
    return Status::InvalidInput("the URL scheme must be http or https, not " +
                                QuoteForMessage(url.scheme));
  }
  std::string_view rest = text.substr(sep + 3);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (authority.find('@') != std::string_view::npos) {
    return Status::InvalidInput(
        "the URL must not contain a user name or password");
  }
  Status s = SplitAuthority(authority, url);
  if (!s.ok()) {
    return Status::InvalidInput(s.message() + " in the URL's host part " +
                                QuoteForMessage(authority));
  }
  std::string_view tail =
      path_start == std::string_view::npos ? "" : rest.substr(path_start);
  size_t q = tail.find('?');
  url.path = std::string(tail.substr(0, q));
  if (url.path.empty()) url.path = "/";
  if (q != std::string_view::npos) url.query = std::string(tail.substr(q + 1));
  return url;
}

std::string BuildRestUrl(std::string_view base_url, std::string_view store_code,
                         std::string_view path, const QueryParams& query) {
  std::string url(TrimSlashes(base_url, false, true));
  url += "/rest/";
  std::string_view store = TrimSlashes(store_code, true, true);
  if (!store.empty()) {
    url += store;
    url += '/';
  }
  url += TrimSlashes(path, true, false);
  if (!query.empty()) {
    url += '?';
    url += EncodeQuery(query);
  }
  return url;
}

std::string_view StripQuery(std::string_view url) {
  return url.substr(0, url.find_first_of("?#"));
}

}  // namespace m2drop::magento
