#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"

namespace sluice {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidInput("odd: " + std::to_string(v));
  return v / 2;
}

Status Quarter(int v, int* out) {
  ASSIGN_OR_RETURN(int half, Half(v));
  ASSIGN_OR_RETURN(*out, Half(half));
  return Status::OK();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = Status::NotFound("table 'x' not found");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.ToString(), "NotFound: table 'x' not found");
  EXPECT_EQ(s.WithContext("GetTable").message(), "GetTable: table 'x' not found");
  EXPECT_FALSE(Status::InvalidInput("x").IsRetryable());
  EXPECT_TRUE(Status::Unavailable("busy").IsRetryable());
}

TEST(StatusTest, ResultMacrosPropagate) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.message(), "odd: 3");
}

}  // namespace
}  // namespace sluice
