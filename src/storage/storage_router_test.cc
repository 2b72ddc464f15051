#include "storage/storage_router.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"
#include "storage/moto_server_testing.h"
#include "storage/s3_client_store.h"

namespace sluice::storage {
namespace {

StorageDefaults Defaults() {
  return {.region = "eu-west-1", .access_key = "AK", .secret_key = "SK"};
}

TEST(StorageConfigTest, ParsesEntriesWithDefaultsAndOverrides) {
  auto buckets = ParseStorageConfig(R"({"external_buckets": [
      {"bucket": "corp-lake", "endpoint": "https://s3.example.com"},
      {"bucket": "other-lake", "endpoint": "http://127.0.0.1:9000", "region": "us-west-2",
       "access_key_id": "minio", "secret_access_key": "minio123", "list_fetches_metadata": true}
    ]})",
                                    Defaults());
  ASSERT_TRUE(buckets.ok()) << buckets.status().ToString();
  ASSERT_EQ(buckets->size(), 2u);
  const ExternalBucket& a = (*buckets)[0];
  EXPECT_EQ(a.bucket, "corp-lake");
  EXPECT_EQ(a.client.endpoint, "https://s3.example.com");
  EXPECT_EQ(a.client.region, "eu-west-1");
  EXPECT_EQ(a.client.access_key, "AK");
  EXPECT_EQ(a.client.secret_key, "SK");
  EXPECT_FALSE(a.client.list_fetches_metadata);
  const ExternalBucket& b = (*buckets)[1];
  EXPECT_EQ(b.client.region, "us-west-2");
  EXPECT_EQ(b.client.access_key, "minio");
  EXPECT_EQ(b.client.secret_key, "minio123");
  EXPECT_TRUE(b.client.list_fetches_metadata);
}

TEST(StorageConfigTest, EmptyConfigIsNoExternalBuckets) {
  auto buckets = ParseStorageConfig("{}", Defaults());
  ASSERT_TRUE(buckets.ok());
  EXPECT_TRUE(buckets->empty());
}

TEST(StorageConfigTest, ErrorsSayWhatToFix) {
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {"not json", "not valid JSON"},
      {"[]", "must be a JSON object"},
      {R"({"buckets": []})", "unknown field \"buckets\""},
      {R"({"external_buckets": {}})", "must be an array"},
      {R"({"external_buckets": [{"endpoint": "http://x"}]})", "\"bucket\" is required"},
      {R"({"external_buckets": [{"bucket": "abc"}]})", "\"endpoint\" is required"},
      {R"({"external_buckets": [{"bucket": "abc", "endpoint": "ftp://x"}]})",
       "must start with http:// or https://"},
      {R"({"external_buckets": [{"bucket": "A_B", "endpoint": "http://x"}]})",
       "external_buckets[0]"},
      {R"({"external_buckets": [{"bucket": "abc", "endpoint": 5}]})", "must be a string"},
      {R"({"external_buckets": [{"bucket": "abc", "endpoint": "http://x", "regoin": "x"}]})",
       "unknown field \"regoin\""},
      {R"({"external_buckets": [{"bucket": "abc", "endpoint": "http://x"},
                                {"bucket": "abc", "endpoint": "http://y"}]})",
       "listed twice"},
      {R"({"external_buckets": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]})", "nested too deeply"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseStorageConfig(c.json, Defaults());
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput) << c.json;
    EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos)
        << c.json << " -> " << parsed.status().message();
  }
}

TEST(StorageConfigTest, FlagForm) {
  auto b = ParseExternalBucketFlag("corp-lake=http://127.0.0.1:9000", Defaults());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->bucket, "corp-lake");
  EXPECT_EQ(b->client.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(b->client.region, "eu-west-1");
  for (const char* bad : {"corp-lake", "=http://x", "corp-lake=", "corp-lake=localhost:9000"}) {
    auto parsed = ParseExternalBucketFlag(bad, Defaults());
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("--external-bucket"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(StorageRouterTest, RoutesByScheme) {
  MemoryObjectStore builtin, files;
  StorageRouter router(&builtin, &files);
  ASSERT_TRUE(router
                  .AddExternal("corp-lake", {"http://e", "eu-west-1"},
                               std::make_unique<MemoryObjectStore>())
                  .ok());

  auto loc = router.Resolve("s3://raw-data/year=2025/a b.json");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->store, &builtin);
  EXPECT_EQ(loc->container, "raw-data");
  EXPECT_EQ(loc->key, "year=2025/a b.json");
  EXPECT_FALSE(loc->external);

  loc = router.Resolve("s3://corp-lake/x/");
  ASSERT_TRUE(loc.ok());
  EXPECT_NE(loc->store, &builtin);
  EXPECT_TRUE(loc->external);
  EXPECT_EQ(loc->key, "x/");
  ASSERT_TRUE(router.ExternalEndpoint("corp-lake"));
  EXPECT_EQ(router.ExternalEndpoint("corp-lake")->url, "http://e");
  EXPECT_EQ(router.ExternalEndpoint("corp-lake")->region, "eu-west-1");
  EXPECT_EQ(router.ExternalEndpoint("raw-data"), std::nullopt);

  loc = router.Resolve("file:///srv/lake/t/part-0.csv");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->store, &files);
  EXPECT_EQ(loc->container, "srv");
  EXPECT_EQ(loc->key, "lake/t/part-0.csv");

  EXPECT_FALSE(router.Resolve("hdfs://x/y").ok());
  auto twice = router.AddExternal("corp-lake", {"http://f", "eu-west-1"},
                                  std::make_unique<MemoryObjectStore>());
  EXPECT_EQ(twice.code(), StatusCode::kInvalidInput);
}

TEST(StorageRouterTest, MissingBackendIsAnError) {
  StorageRouter router(nullptr, nullptr);
  auto file = router.Resolve("file:///tmp/x");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("file:// locations are not enabled"), std::string::npos);
  EXPECT_FALSE(router.Resolve("s3://abc/x").ok());
}

// The configured bucket really is reached through the S3 client: an object written through the
// router lands in moto, and a built-in bucket of another name stays separate.
TEST(StorageRouterTest, ExternalBucketFromConfigReachesAnotherS3) {
  std::string endpoint = moto_testing::MotoServer::Get().Endpoint();
  if (endpoint.empty()) GTEST_SKIP() << "moto_server is not installed";
  auto direct = S3ClientStore::Open({.endpoint = endpoint, .access_key = "k", .secret_key = "s"});
  ASSERT_TRUE(direct.ok());
  Status created = (*direct)->CreateBucket("router-lake");
  ASSERT_TRUE(created.ok() || created.code() == StatusCode::kAlreadyExists) << created.ToString();

  auto config = ParseStorageConfig(
      R"({"external_buckets": [{"bucket": "router-lake", "endpoint": ")" + endpoint +
          R"(", "region": "us-east-1", "access_key_id": "k", "secret_access_key": "s"}]})",
      Defaults());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  MemoryObjectStore builtin;
  ASSERT_TRUE(builtin.CreateContainer("local-lake").ok());
  StorageRouter router(&builtin, nullptr);
  ASSERT_TRUE(router.AddExternal(*config).ok());

  auto loc = router.Resolve("s3://router-lake/raw/events.json");
  ASSERT_TRUE(loc.ok());
  auto writer = loc->store->Create(loc->container, loc->key, {});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Append("{\"a\": 1}\n").ok());
  ASSERT_TRUE((*writer)->Commit().ok());

  auto seen = (*direct)->Head("router-lake", "raw/events.json");
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_EQ((*seen)->size, 9u);
  auto local = builtin.Head("local-lake", "raw/events.json");
  ASSERT_TRUE(local.ok());
  EXPECT_FALSE(local->has_value());
}

}  // namespace
}  // namespace sluice::storage
