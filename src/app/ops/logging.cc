// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/ops/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/app/ops/log_masking.h"
#include "m2drop/base/strings.h"

namespace m2drop::app {
namespace {

using Secrets = std::shared_ptr<const std::vector<std::string>>;

// A log line's message is cut beyond this (issue 17: a shop's 5 MB error
// message must not make every log line 5 MB).
constexpr size_t kMaxMessageBytes = 16 * 1024;

// `text` as the inside of a JSON string: valid UTF-8 (bad bytes become
// U+FFFD), quotes, backslashes and control characters (C0, DEL, C1)
// escaped, so a line stays valid JSON and harmless on a terminal.
void AppendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string valid = ValidUtf8(text);
  for (size_t i = 0; i < valid.size(); ++i) {
    const char c = valid[i];
    auto code = static_cast<unsigned char>(c);
    // C1 controls (U+0080..U+009F) come as C2 80..C2 9F.
    const bool c1 = code == 0xC2 && i + 1 < valid.size() &&
                    static_cast<unsigned char>(valid[i + 1]) < 0xA0;
    if (c1) code = static_cast<unsigned char>(valid[++i]);
    if (c == '"' || c == '\\') {
      dest.push_back('\\');
      dest.push_back(c);
    } else if (c == '\n') {
      dest.append(std::string_view("\\n"));
    } else if (c == '\r') {
      dest.append(std::string_view("\\r"));
    } else if (c == '\t') {
      dest.append(std::string_view("\\t"));
    } else if (c1 || code < 0x20 || code == 0x7f) {
      const char buf[6] = {'\\',           'u', '0', '0', kHex[code >> 4],
                           kHex[code & 15]};
      dest.append(buf, buf + 6);
    } else {
      dest.push_back(c);
    }
  }
}

// %q: the message with secrets masked (log_masking.h), cut to
// kMaxMessageBytes and with control characters and bytes that are not
// UTF-8 escaped (EscapeControls), so that a file name or a Magento message
// cannot rewrite the terminal or forge a line. %j: the same, as the inside
// of a JSON string (AppendJsonEscaped), so a log line stays valid JSON
// whatever the message holds.
class MaskedMessage final : public spdlog::custom_flag_formatter {
 public:
  MaskedMessage(Secrets secrets, bool json)
      : secrets_(std::move(secrets)), json_(json) {}

  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string masked =
        MaskAndShorten(std::string_view(msg.payload.data(), msg.payload.size()),
                       *secrets_, kMaxMessageBytes);
    if (json_) {
      AppendJsonEscaped(masked, dest);
      return;
    }
    const std::string shown = EscapeControls(masked);
    dest.append(shown.data(), shown.data() + shown.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<MaskedMessage>(secrets_, json_);
  }

 private:
  Secrets secrets_;
  bool json_;
};

constexpr size_t kRotateBytes = 10 * 1024 * 1024;
constexpr size_t kRotateFiles = 5;

}  // namespace

Status ConfigureLogging(const LoggingOptions& options) {
  spdlog::level::level_enum level = spdlog::level::from_str(options.level);
  // from_str maps anything it does not know to "off"; only accept that when
  // it was asked for.
  if (level == spdlog::level::off && options.level != "off") {
    return Status::InvalidInput(
        "log level must be trace, debug, info, warn, error or off, got \"" +
        options.level + "\"");
  }
  std::string pattern;
  if (options.format == "text") {
    pattern = "%Y-%m-%d %H:%M:%S.%e %-5l %q";
  } else if (options.format == "json") {
    pattern =
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","pid":%P,"msg":"%j"})";
  } else {
    return Status::InvalidInput(
        "log format must be \"text\" or \"json\", got \"" + options.format +
        "\"");
  }
  spdlog::sink_ptr sink;
  if (options.file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    try {
      sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          options.file, kRotateBytes, kRotateFiles);
    } catch (const spdlog::spdlog_ex& e) {
      return Status::Io("cannot open the log file \"" + options.file +
                        "\": " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("m2drop", std::move(sink));
  logger->set_level(level);
  auto formatter = std::make_unique<spdlog::pattern_formatter>(
      options.format == "json" ? spdlog::pattern_time_type::utc
                               : spdlog::pattern_time_type::local);
  auto secrets =
      std::make_shared<const std::vector<std::string>>(options.secrets);
  formatter->add_flag<MaskedMessage>('q', secrets, false);
  formatter->add_flag<MaskedMessage>('j', secrets, true).set_pattern(pattern);
  logger->set_formatter(std::move(formatter));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  return Status::Ok();
}

}  // namespace m2drop::app
