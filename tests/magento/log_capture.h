// SPDX-License-Identifier: Apache-2.0
// LogCapture: while alive, spdlog's default logger writes every level into
// a string the test can read (to check what is logged, and that no secret
// is). Restores the previous default logger on destruction. Not
// thread-safe to construct; the capture itself uses spdlog's mutex sink.
#ifndef M2DROP_TESTS_MAGENTO_LOG_CAPTURE_H_
#define M2DROP_TESTS_MAGENTO_LOG_CAPTURE_H_

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

namespace m2drop::magento {

class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::string text() const {
    spdlog::default_logger()->flush();
    return stream_.str();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream stream_;
};

}  // namespace m2drop::magento

#endif  // M2DROP_TESTS_MAGENTO_LOG_CAPTURE_H_
