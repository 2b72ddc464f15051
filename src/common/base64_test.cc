#include "common/base64.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Base64Test, RoundTripsAllLengths) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data.push_back(static_cast<char>(i * 37));
    auto decoded = Base64UrlDecode(Base64UrlEncode(data));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, data);
  }
}

TEST(Base64Test, RejectsGarbage) {
  EXPECT_FALSE(Base64UrlDecode("ab$d").has_value());
  EXPECT_FALSE(Base64UrlDecode("abcde").has_value());
  EXPECT_FALSE(Base64UrlDecode("a=").has_value());
}

}  // namespace
}  // namespace sluice
