// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/magento_error.h"

#include <string>

#include "m2drop/base/secret_masking.h"
#include "m2drop/base/strings.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

constexpr size_t kMaxExcerpt = 200;
// How much of a text that is cut anyway is masked (MaskPrefix).
constexpr size_t kMaskWindow = 4096;
// Magento's messages are a line or two; a longer one (a proxy echoing a
// request, a hostile shop) is cut so that every row it fails, its report
// and its ledger entry stay small.
constexpr size_t kMaxMessageBytes = 2048;
constexpr size_t kMaxErrorEntries = 100;
constexpr int kMaxParameterDepth = 4;

using Secrets = std::span<const std::string>;

// Masked first, then cut: a secret is never shown in part.
std::string Clean(std::string_view text, Secrets secrets) {
  return MaskAndShorten(text, secrets, kMaxMessageBytes);
}

// `value` with every string in it cleaned; nesting past a few levels (no
// Magento parameter has it) is dropped.
nlohmann::json CleanParameters(const nlohmann::json& value, Secrets secrets,
                               int depth = 0) {
  if (value.is_string()) return Clean(value.get<std::string>(), secrets);
  if (!value.is_structured()) return value;
  if (depth >= kMaxParameterDepth) return nullptr;
  nlohmann::json out =
      value.is_array() ? nlohmann::json::array() : nlohmann::json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    nlohmann::json v = CleanParameters(*it, secrets, depth + 1);
    if (value.is_array()) {
      out.push_back(std::move(v));
    } else {
      out[Clean(it.key(), secrets)] = std::move(v);
    }
  }
  return out;
}

// How PHP's strtr() would print a parameter value.
std::string ParamToString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "1" : "";
  if (v.is_null()) return "";
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const json& e : v) parts.push_back(ParamToString(e));
    return Join(parts, ", ");
  }
  return v.dump();
}

// The placeholder names ("1", "2", … or "fieldName") and their values.
std::vector<std::pair<std::string, std::string>> Placeholders(
    const json& parameters) {
  std::vector<std::pair<std::string, std::string>> out;
  if (parameters.is_array()) {
    for (size_t i = 0; i < parameters.size(); ++i) {
      out.emplace_back(std::to_string(i + 1), ParamToString(parameters[i]));
    }
  } else if (parameters.is_object()) {
    for (const auto& [key, value] : parameters.items()) {
      if (!key.empty()) out.emplace_back(key, ParamToString(value));
    }
  }
  return out;
}

// Strips HTML tags, turns control characters and runs of whitespace into one
// space, masks secrets, and keeps at most kMaxExcerpt bytes (cut on a UTF-8
// boundary).
std::string Excerpt(std::string_view body, Secrets secrets) {
  std::string text;
  bool in_tag = false;
  for (char c : body) {
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        if (!text.empty() && text.back() != ' ') text += ' ';
      }
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    bool space = u < 0x20 || u == 0x7f || c == ' ';
    if (space) {
      if (!text.empty() && text.back() != ' ') text += ' ';
      continue;
    }
    text += c;
  }
  const std::string masked = MaskPrefix(Trim(text), secrets, kMaskWindow);
  std::string_view trimmed = masked;
  bool truncated = trimmed.size() > kMaxExcerpt;
  size_t cut = truncated ? kMaxExcerpt : trimmed.size();
  while (truncated && cut > 0 &&
         (static_cast<unsigned char>(trimmed[cut]) & 0xC0) == 0x80) {
    --cut;  // Do not split a UTF-8 sequence.
  }
  std::string out(trimmed.substr(0, cut));
  if (!IsValidUtf8(out)) {
    for (char& c : out) {
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    }
  }
  return truncated ? out + "..." : out;
}

int CodeField(const json& obj) {
  auto it = obj.find("code");
  if (it != obj.end() && it->is_number_integer()) return it->get<int>();
  return 0;
}

// {"message": "...", "parameters": ..., "errors": [...], "code": N}
void ParseUsualEnvelope(const json& obj, Secrets secrets, MagentoError& error) {
  const std::string& raw = obj["message"].get_ref<const std::string&>();
  auto params = obj.find("parameters");
  const json parameters = params != obj.end() ? *params : json();
  error.message = Clean(FillTemplate(raw, parameters), secrets);
  error.raw_message = Clean(raw, secrets);
  error.parameters = CleanParameters(parameters, secrets);
  auto errors = obj.find("errors");
  if (errors != obj.end() && errors->is_array()) {
    size_t left_out = 0;
    for (const json& e : *errors) {
      if (!e.is_object() || !e.contains("message") ||
          !e["message"].is_string()) {
        continue;
      }
      if (error.errors.size() >= kMaxErrorEntries) {
        ++left_out;
        continue;
      }
      json p = e.contains("parameters") ? e["parameters"] : json();
      error.errors.push_back(
          Clean(FillTemplate(e["message"].get<std::string>(), p), secrets));
    }
    if (left_out > 0) {
      error.errors.push_back("and " + std::to_string(left_out) +
                             " more errors");
    }
  }
  error.code = CodeField(obj);
}

// PHP fatal envelope: {"messages":{"error":[{"code":500,"message":"..."}]}}
bool ParseFatalEnvelope(const json& obj, Secrets secrets, MagentoError& error) {
  auto messages = obj.find("messages");
  if (messages == obj.end() || !messages->is_object()) return false;
  auto list = messages->find("error");
  if (list == messages->end() || !list->is_array() || list->empty()) {
    return false;
  }
  std::vector<std::string> texts;
  for (const json& e : *list) {
    if (e.is_object() && e.contains("message") && e["message"].is_string()) {
      texts.push_back(e["message"].get<std::string>());
      if (error.code == 0) error.code = CodeField(e);
    }
  }
  if (texts.empty()) return false;
  error.raw_message = Clean(Join(texts, "; "), secrets);
  error.message = error.raw_message;
  return true;
}

}  // namespace

std::string FillTemplate(std::string_view tmpl, const json& parameters) {
  auto placeholders = Placeholders(parameters);
  if (placeholders.empty()) return std::string(tmpl);
  // Like PHP's strtr(), which Magento's Phrase renderer uses: at each '%',
  // the longest placeholder that matches wins, so "%10" is the tenth value
  // when there are ten, and replaced text is never scanned again.
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] != '%') {
      out += tmpl[i++];
      continue;
    }
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& p : placeholders) {
      if (tmpl.substr(i + 1, p.first.size()) == p.first &&
          (!best || p.first.size() > best->first.size())) {
        best = &p;
      }
    }
    if (best == nullptr) {
      out += tmpl[i++];
      continue;
    }
    out += best->second;
    i += 1 + best->first.size();
  }
  return out;
}

MagentoError ParseMagentoError(int http_status, std::string_view body,
                               std::span<const std::string> secrets) {
  MagentoError error;
  error.http_status = http_status;
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto message = parsed.find("message");
    if (message != parsed.end() && message->is_string()) {
      ParseUsualEnvelope(parsed, secrets, error);
      return error;
    }
    if (ParseFatalEnvelope(parsed, secrets, error)) return error;
  }
  std::string excerpt = Excerpt(body, secrets);
  if (excerpt.empty()) {
    excerpt = "HTTP " + std::to_string(http_status) +
              (Trim(body).empty() ? " with an empty body"
                                  : " with no readable text in the body");
  }
  error.raw_message = excerpt;
  error.message = excerpt;
  return error;
}

bool IsOAuthRefusal(const MagentoError& error) {
  if (error.http_status != 400) return false;
  static constexpr std::string_view kTemplates[] = {
      "The token length is invalid. Check the length and try again.",
      "The \"%1\" Oauth version isn't supported.",
      "OAuth version %1 is not supported",  // before 2.2
      "Signature method %1 is not supported",
  };
  for (std::string_view t : kTemplates) {
    if (error.raw_message == t) return true;
  }
  // _checkRequiredParams: one missing parameter is the message itself,
  // several are errors[] under "One or more input exceptions have
  // occurred."; either way they name oauth_* fields.
  const auto names_oauth_field = [](std::string_view text) {
    return text.find("\"oauth_") != std::string_view::npos &&
           text.find("is required") != std::string_view::npos;
  };
  if (names_oauth_field(error.message)) return true;
  for (const std::string& e : error.errors) {
    if (names_oauth_field(e)) return true;
  }
  return false;
}

StatusCode ClassifyHttpStatus(int http_status) {
  if (http_status >= 200 && http_status <= 299) return StatusCode::kOk;
  switch (http_status) {
    case 401:
    case 403:
      return StatusCode::kUnauthenticated;
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kRejected;
  }
}

}  // namespace m2drop::magento
