#include "common/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

TEST(JsonDepthTest, CountsNestingOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth("{}", 10), 1u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":[{"b":1}]})", 10), 3u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[[\"[["})", 10), 1u);
  EXPECT_EQ(JsonNestingDepth("42", 10), 0u);
}

TEST(JsonDepthTest, StopsAtLimit) {
  std::string deep(100000, '[');
  EXPECT_EQ(JsonNestingDepth(deep, 64), 65u);
}

}  // namespace
}  // namespace sluice
