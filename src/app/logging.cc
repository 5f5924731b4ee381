// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "m2drop/app/log_masking.h"

namespace m2drop::app {
namespace {

using Secrets = std::shared_ptr<const std::vector<std::string>>;

// %q: the message with secrets masked (log_masking.h). %j: the same, also
// escaped for a JSON string, so a log line stays valid JSON whatever the
// message holds (quotes from Magento, control bytes from files).
class MaskedMessage final : public spdlog::custom_flag_formatter {
 public:
  MaskedMessage(Secrets secrets, bool json)
      : secrets_(std::move(secrets)), json_(json) {}

  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string masked = MaskSecrets(
        std::string_view(msg.payload.data(), msg.payload.size()), *secrets_);
    if (!json_) {
      dest.append(masked.data(), masked.data() + masked.size());
      return;
    }
    for (char c : masked) {
      auto u = static_cast<unsigned char>(c);
      switch (c) {
        case '"':
          dest.append(std::string_view("\\\""));
          break;
        case '\\':
          dest.append(std::string_view("\\\\"));
          break;
        case '\n':
          dest.append(std::string_view("\\n"));
          break;
        case '\r':
          dest.append(std::string_view("\\r"));
          break;
        case '\t':
          dest.append(std::string_view("\\t"));
          break;
        default:
          if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            char buf[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
            dest.append(buf, buf + 6);
          } else {
            dest.push_back(c);
          }
      }
    }
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
