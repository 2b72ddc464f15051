#include "storage/uri.h"

#include <gtest/gtest.h>

namespace sluice::storage {
namespace {

StorageUri Parse(std::string_view uri) {
  auto parsed = ParseStorageUri(uri);
  EXPECT_TRUE(parsed.ok()) << uri << ": " << parsed.status().ToString();
  return parsed.ok() ? *parsed : StorageUri{};
}

void ExpectUri(std::string_view uri, std::string_view scheme, std::string_view container,
               std::string_view key) {
  StorageUri parsed = Parse(uri);
  EXPECT_EQ(parsed.scheme, scheme) << uri;
  EXPECT_EQ(parsed.container, container) << uri;
  EXPECT_EQ(parsed.key, key) << uri;
}

TEST(StorageUriTest, ParsesS3Uris) {
  ExpectUri("s3://bucket/key/with/slashes", "s3", "bucket", "key/with/slashes");
  ExpectUri("s3://bucket", "s3", "bucket", "");
  ExpectUri("s3://bucket/", "s3", "bucket", "");
  ExpectUri("s3://bucket/table/", "s3", "bucket", "table/");
  ExpectUri("S3://Bucket/Key", "s3", "Bucket", "Key");
  ExpectUri("s3://b/year=2025/month=08/", "s3", "b", "year=2025/month=08/");
}

TEST(StorageUriTest, KeysAreLiteralNotPercentDecoded) {
  ExpectUri("s3://b/a%20b/c+d", "s3", "b", "a%20b/c+d");
  ExpectUri("s3://b/what?x=1#frag", "s3", "b", "what?x=1#frag");
  ExpectUri("s3://b/with space/ünïcödé", "s3", "b", "with space/ünïcödé");
}

TEST(StorageUriTest, ParsesAbsoluteFileUris) {
  ExpectUri("file:///data/raw/events/part-0.json", "file", "data", "raw/events/part-0.json");
  ExpectUri("file:///data", "file", "data", "");
  ExpectUri("file:///data/", "file", "data", "");
  ExpectUri("file:///data/raw/", "file", "data", "raw/");
  ExpectUri("FILE:///data/x", "file", "data", "x");
  ExpectUri("file://localhost/data/x", "file", "data", "x");
}

TEST(StorageUriTest, RejectsWithWhatToFix) {
  struct Case {
    std::string uri;
    std::string hint;
  };
  for (const Case& c : std::vector<Case>{{"", "no scheme"},
                                         {"bucket/key", "s3://bucket/key"},
                                         {"/abs/path", "file:///"},
                                         {"s3://", "no bucket"},
                                         {"s3:///key", "no bucket"},
                                         {"file://relative/path", "file:///relative/path"},
                                         {"file://", "absolute path"},
                                         {"file:///", "names no directory"},
                                         {"file:////double", "names no directory"},
                                         {"file:///../etc/passwd", "'..'"},
                                         {"s3://b/a/../c", "'..'"},
                                         {"s3://b//leading", "starts with '/'"},
                                         {"hdfs://nn/path", "s3:// and file://"},
                                         {"s3a://bucket/key", "s3:// and file://"}}) {
    auto parsed = ParseStorageUri(c.uri);
    ASSERT_FALSE(parsed.ok()) << c.uri;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << c.uri;
    const std::string& message = parsed.status().message();
    EXPECT_NE(message.find("'" + c.uri + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(c.hint), std::string::npos) << c.uri << " -> " << message;
  }
}

}  // namespace
}  // namespace sluice::storage
