// SPDX-License-Identifier: Apache-2.0
// ScopedTempDir: a fresh directory under $TMPDIR for one test, removed with
// everything in it when the object goes away (ninja's ScopedTempDir).
#ifndef M2DROP_TESTING_TEMP_DIR_H_
#define M2DROP_TESTING_TEMP_DIR_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace m2drop::testing {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base && *base ? base : "/tmp") + "/m2drop-test-XXXXXX";
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed for " << tmpl;
    path_ = tmpl;
  }
  ~ScopedTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string Join(std::string_view name) const {
    return (path_ / name).string();
  }

  // Writes `content` to path()/name, creating parent directories.
  std::string WriteFile(std::string_view name, std::string_view content) const {
    std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// The absolute path of a file under fixtures/.
inline std::string FixturePath(std::string_view relative) {
  return std::string(M2DROP_SOURCE_DIR) + "/fixtures/" + std::string(relative);
}

// The whole content of a file, or "" when it cannot be read.
inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace m2drop::testing

#endif  // M2DROP_TESTING_TEMP_DIR_H_
