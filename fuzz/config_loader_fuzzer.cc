// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: config::LoadString over arbitrary text.
//
// The loader must never crash and must answer every input either with a
// Config whose source is the origin given, or with kInvalidInput whose
// message opens with that origin (loader.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "m2drop/config/loader.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports it as a crash.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = m2drop::config::LoadString(text, "fuzz.toml");
  if (config.ok()) {
    Require(config->source == "fuzz.toml");
    return 0;
  }
  Require(config.status().code() == m2drop::StatusCode::kInvalidInput);
  Require(config.status().message().starts_with("fuzz.toml"));
  return 0;
}
