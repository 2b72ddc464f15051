// Incremental MD5 (OpenSSL EVP), for S3 ETags and Content-MD5 checks.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sluice::storage {

class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void Update(std::string_view data);
  // The 16-byte digest; the object cannot be updated afterwards.
  std::string FinishBinary();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string HexEncode(std::string_view bytes);
// MD5 of `data` as lowercase hex.
std::string Md5Hex(std::string_view data);

}  // namespace sluice::storage
