#include "storage/md5.h"

#include <openssl/evp.h>

namespace sluice::storage {

struct Md5::Ctx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(ctx); }
};

Md5::Md5() : ctx_(std::make_unique<Ctx>()) { EVP_DigestInit_ex(ctx_->ctx, EVP_md5(), nullptr); }
Md5::~Md5() = default;

void Md5::Update(std::string_view data) { EVP_DigestUpdate(ctx_->ctx, data.data(), data.size()); }

std::string Md5::FinishBinary() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_->ctx, out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Md5Hex(std::string_view data) {
  Md5 md5;
  md5.Update(data);
  return HexEncode(md5.FinishBinary());
}

}  // namespace sluice::storage
