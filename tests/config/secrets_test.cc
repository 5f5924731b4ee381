// SPDX-License-Identifier: Apache-2.0
#include "m2drop/config/secrets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <optional>

#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace m2drop::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kEnvName[] = "M2DROP_SECRETS_TEST_TOKEN";

class ResolveSecretTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv(kEnvName); }

  static SecretRef FileRef(std::string path) {
    return {"magento.token_file", SecretRef::Source::kFile, std::move(path)};
  }
  static SecretRef EnvRef() {
    return {"magento.token_env", SecretRef::Source::kEnv, kEnvName};
  }

  m2drop::testing::ScopedTempDir dir_;
};

TEST_F(ResolveSecretTest, ReadsFileAndTrimsTrailingNewline) {
  std::string path = dir_.WriteFile("token", "s3cr3t-token\n");
  Result<std::string> secret = ResolveSecret(FileRef(path));
  ASSERT_OK(secret);
  EXPECT_EQ(*secret, "s3cr3t-token");
}

TEST_F(ResolveSecretTest, TrimsCrLfAndSpacesButKeepsInnerCharacters) {
  std::string path = dir_.WriteFile("token", "  ab c=d \r\n\n");
  Result<std::string> secret = ResolveSecret(FileRef(path));
  ASSERT_OK(secret);
  EXPECT_EQ(*secret, "ab c=d");
}

TEST_F(ResolveSecretTest, ReadsEnvironmentVariable) {
  ASSERT_EQ(setenv(kEnvName, "env-secret\n", 1), 0);
  Result<std::string> secret = ResolveSecret(EnvRef());
  ASSERT_OK(secret);
  EXPECT_EQ(*secret, "env-secret");
}

TEST_F(ResolveSecretTest, MissingFileIsNotFoundNamingKeyAndPath) {
  Result<std::string> secret = ResolveSecret(FileRef(dir_.Join("absent")));
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(secret.status().message(), HasSubstr("magento.token_file"));
  EXPECT_THAT(secret.status().message(), HasSubstr(dir_.Join("absent")));
}

TEST_F(ResolveSecretTest, UnsetVariableIsNotFoundNamingKeyAndVariable) {
  Result<std::string> secret = ResolveSecret(EnvRef());
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(secret.status().message(), HasSubstr("magento.token_env"));
  EXPECT_THAT(secret.status().message(), HasSubstr(kEnvName));
}

TEST_F(ResolveSecretTest, EmptySecretIsRefusedWithoutEchoingContent) {
  std::string path = dir_.WriteFile("token", " \n\t\n");
  Result<std::string> from_file = ResolveSecret(FileRef(path));
  ASSERT_FALSE(from_file.ok());
  EXPECT_EQ(from_file.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(from_file.status().message(), HasSubstr("is empty"));

  ASSERT_EQ(setenv(kEnvName, "", 1), 0);
  Result<std::string> from_env = ResolveSecret(EnvRef());
  ASSERT_FALSE(from_env.ok());
  EXPECT_THAT(from_env.status().message(), HasSubstr("magento.token_env"));
}

TEST_F(ResolveSecretTest, NotConfiguredIsNotFound) {
  SecretRef none;
  none.key = "magento.password";
  Result<std::string> secret = ResolveSecret(none);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(secret.status().message(), HasSubstr("magento.password"));
}

TEST_F(ResolveSecretTest, OversizedFileIsRefusedWithoutItsContent) {
  std::string content(70 * 1024, 'x');
  content.replace(0, 6, "HIDDEN");
  std::string path = dir_.WriteFile("big", content);
  Result<std::string> secret = ResolveSecret(FileRef(path));
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), StatusCode::kIo);
  EXPECT_THAT(secret.status().message(), HasSubstr("64 KiB"));
  EXPECT_THAT(secret.status().message(), Not(HasSubstr("HIDDEN")));
}

TEST_F(ResolveSecretTest, DirectoryIsAnIoError) {
  Result<std::string> secret = ResolveSecret(FileRef(dir_.path().string()));
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), StatusCode::kIo);
  EXPECT_THAT(secret.status().message(), HasSubstr("magento.token_file"));
}

// Issue 17: a secret file others could read was accepted silently. Like
// ssh with a key file, m2drop warns (it still reads it).
TEST_F(ResolveSecretTest, WarnsOfASecretFileOthersCanReadOrChange) {
  const std::string path = dir_.WriteFile("token", "s3cr3t-token\n");
  for (mode_t mode : {0600, 0400, 0640, 0440}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    EXPECT_EQ(SecretFileWarning(FileRef(path)), std::nullopt) << mode;
  }
  for (mode_t mode : {0644, 0604, 0660, 0602}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    std::optional<std::string> warning = SecretFileWarning(FileRef(path));
    ASSERT_TRUE(warning.has_value()) << mode;
    EXPECT_THAT(*warning, HasSubstr("magento.token_file: the secret file"));
    EXPECT_THAT(*warning, HasSubstr("chmod 600"));
    EXPECT_THAT(*warning, Not(HasSubstr("s3cr3t")));
  }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  EXPECT_THAT(*SecretFileWarning(FileRef(path)), HasSubstr("mode 0644"));
  EXPECT_OK(ResolveSecret(FileRef(path)));  // a warning, not a refusal
  EXPECT_EQ(SecretFileWarning(EnvRef()), std::nullopt);
  EXPECT_EQ(SecretFileWarning(FileRef(dir_.Join("missing"))), std::nullopt);
}

}  // namespace
}  // namespace m2drop::config
