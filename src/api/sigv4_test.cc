#include "api/sigv4.h"

#include <gtest/gtest.h>

namespace sluice::api {
namespace {

TEST(SigV4Test, ParsesCredentialScope) {
  auto c = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/glue/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->access_key, "AKIDEXAMPLE");
  EXPECT_EQ(c->date, "20261122");
  EXPECT_EQ(c->region, "us-east-1");
  EXPECT_EQ(c->service, "glue");
}

TEST(SigV4Test, RejectsOtherSchemesAndBrokenScopes) {
  EXPECT_FALSE(ParseSigV4Authorization("").has_value());
  EXPECT_FALSE(ParseSigV4Authorization("Basic dXNlcjpwYXNz").has_value());
  EXPECT_FALSE(
      ParseSigV4Authorization("AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1").has_value());
  EXPECT_FALSE(
      ParseSigV4Authorization("AWS4-HMAC-SHA256 Credential=/20261122/us-east-1/glue/aws4_request")
          .has_value());
}

}  // namespace
}  // namespace sluice::api
