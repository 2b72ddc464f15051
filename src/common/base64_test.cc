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

TEST(Base64Test, StandardAlphabetWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(*Base64Decode("+/8="), "\xfb\xff");
  EXPECT_EQ(*Base64Decode("Zm9v"), "foo");
  EXPECT_FALSE(Base64Decode("-_8=").has_value());
  EXPECT_FALSE(Base64Decode("Zm9$").has_value());
}

TEST(UriEncodeTest, KeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(UriEncode("year=2025/part 0.csv", true), "year%3D2025/part%200.csv");
  EXPECT_EQ(UriEncode("a+b/c~d_e-f.g", false), "a%2Bb%2Fc~d_e-f.g");
  EXPECT_EQ(UriEncode("\xc3\xbc", true), "%C3%BC");
}

}  // namespace
}  // namespace sluice
