// SPDX-License-Identifier: Apache-2.0
#include "m2drop/fs/content_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <vector>

namespace m2drop::fs {
namespace {

constexpr size_t kBlockSize = 1 << 20;  // 1 MiB

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return out;
}

Result<MdCtx> NewSha256() {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Status::Internal("cannot start a SHA-256 digest (OpenSSL)");
  }
  return ctx;
}

Result<std::string> Finish(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &len) != 1) {
    return Status::Internal("cannot finish a SHA-256 digest (OpenSSL)");
  }
  return Hex(digest, len);
}

}  // namespace

Result<std::string> Sha256OfFile(FileSystem& fs, const std::string& path) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> file,
                          fs.OpenRegular(path));
  return Sha256Of(*file);
}

Result<std::string> Sha256Of(const ReadableFile& file) {
  M2DROP_ASSIGN_OR_RETURN(MdCtx ctx, NewSha256());
  std::vector<char> block(kBlockSize);
  uint64_t offset = 0;
  while (true) {
    M2DROP_ASSIGN_OR_RETURN(size_t n,
                            file.ReadAt(offset, block.data(), block.size()));
    if (n == 0) break;
    offset += n;
    if (EVP_DigestUpdate(ctx.get(), block.data(), n) != 1) {
      return Status::Internal("SHA-256 update failed (OpenSSL)");
    }
  }
  return Finish(ctx.get());
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // One-shot EVP_Digest cannot fail for SHA-256 on valid input short of
  // memory exhaustion; treat failure as a bug.
  int ok = EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(),
                      nullptr);
  M2DROP_CHECK(ok == 1);
  return Hex(digest, len);
}

}  // namespace m2drop::fs
