// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/rest_request.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "m2drop/base/strings.h"

namespace m2drop::sim {
namespace {

bool AcceptChar(char c, bool subtype) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '*' || c == '+' || c == '-' ||
         (subtype && c == '.');
}

// getAcceptTypes's check: ~^([0-9a-z*+\-]+)(?:/([0-9a-z*+\-\.]+))?$~i.
bool ValidAcceptType(std::string_view type) {
  const size_t slash = type.find('/');
  std::string_view main = type.substr(0, slash);
  if (main.empty() || !std::all_of(main.begin(), main.end(), [](char c) {
        return AcceptChar(c, false);
      })) {
    return false;
  }
  if (slash == std::string_view::npos) return true;
  std::string_view sub = type.substr(slash + 1);
  return !sub.empty() && std::all_of(sub.begin(), sub.end(), [](char c) {
    return AcceptChar(c, true);
  });
}

// The renderers of app/etc/di.xml (RendererFactory's "renders"), in order.
constexpr std::string_view kRenderers[] = {"*/*", "application/json",
                                           "text/xml", "application/xml",
                                           "application/xhtml+xml"};

// RendererFactory::_getRendererClass's test for one accepted type.
bool Renders(std::string_view accepted) {
  for (std::string_view type : kRenderers) {
    const std::string family =
        std::string(type.substr(0, type.find('/'))) + "/*";
    if (accepted == type || accepted == family || accepted == "*/*") {
      return true;
    }
  }
  return false;
}

bool ValidMediaType(std::string_view media) {
  if (media.empty()) return false;
  for (char c : media) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '+' ||
              c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> AcceptTypes(std::string_view header) {
  // preg_split('/,\s*/'), then the quality from the first parameter; types
  // keyed by quality (krsort: numeric, best first), first seen first.
  std::map<double, std::vector<std::string>, std::greater<>> by_quality;
  for (std::string_view definition : Split(header, ',')) {
    std::vector<std::string_view> parts = Split(definition, ';');
    std::string type(Trim(parts[0]));
    if (!ValidAcceptType(type)) continue;
    double quality = 1.0;
    if (parts.size() > 1) {
      std::vector<std::string_view> kv = Split(parts[1], '=');
      if (kv.size() == 2) {
        std::from_chars(kv[1].data(), kv[1].data() + kv[1].size(), quality);
      }
    }
    auto& list = by_quality[quality];
    if (std::find(list.begin(), list.end(), type) == list.end()) {
      list.push_back(type);
    }
  }
  std::vector<std::string> types;
  for (auto& [quality, list] : by_quality) {
    for (std::string& t : list) {
      if (std::find(types.begin(), types.end(), t) == types.end()) {
        types.push_back(std::move(t));
      }
    }
  }
  if (types.empty()) types.push_back("*/*");
  return types;
}

std::optional<Response> CheckAccept(std::string_view header) {
  const std::vector<std::string> types = AcceptTypes(header);
  for (const std::string& type : types) {
    if (Renders(type)) return std::nullopt;
  }
  // new Phrase('... "%1" ...', $acceptTypes): %1 is the first type.
  const std::string message =
      "Server cannot match any of the given Accept HTTP header media type(s) "
      "from the request: \"" +
      types.front() +
      "\" with media types from the config of response renderer.";
  return Response::FromJson(
      406,
      {{"messages",
        {{"error", Json::array({{{"code", 406}, {"message", message}}})}}}});
}

std::optional<Response> CheckHttpMethod(std::string_view method) {
  if (method == "GET" || method == "POST" || method == "PUT" ||
      method == "DELETE") {
    return std::nullopt;
  }
  return ErrorResponse(400, "Request method is invalid.");
}

std::optional<Response> CheckContentType(std::string_view header) {
  if (header.empty()) {
    return ErrorResponse(400, "Content-Type header is empty.");
  }
  // ~^([a-z\d/\-+.]+)(?:; *charset=(.+))?$~Ui
  const size_t semicolon = header.find(';');
  std::string_view media = header.substr(0, semicolon);
  if (!ValidMediaType(media)) {
    return ErrorResponse(400, "Content-Type header is invalid.");
  }
  if (semicolon != std::string_view::npos) {
    std::string_view rest = header.substr(semicolon + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() <= 8 || !EqualsIgnoreCase(rest.substr(0, 8), "charset=")) {
      return ErrorResponse(400, "Content-Type header is invalid.");
    }
    if (AsciiLower(rest.substr(8)) != "utf-8") {
      return ErrorResponse(400, "UTF-8 is the only supported charset.");
    }
  }
  // DeserializerFactory::get compares the type exactly.
  if (media != "application/json") {
    return ErrorResponse(400,
                         "Server cannot understand Content-Type HTTP header "
                         "media type %1",
                         Json::array({std::string(media)}));
  }
  return std::nullopt;
}

std::optional<Json> ParseBody(const std::string& body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed.is_object() ? parsed : Json::object();
}

}  // namespace m2drop::sim
