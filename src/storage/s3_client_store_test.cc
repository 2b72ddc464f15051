#include "storage/s3_client_store.h"

#include <filesystem>
#include <map>

#include "common/ids.h"
#include "storage/conformance.h"
#include "storage/md5.h"
#include "storage/moto_server_testing.h"
#include "storage/s3_client_internal.h"

namespace sluice::storage {
namespace {

namespace fs = std::filesystem;
using moto_testing::FindMotoServer;
using moto_testing::FreePort;
using moto_testing::MotoServer;

std::unique_ptr<S3ClientStore> OpenMotoStore() {
  std::string endpoint = MotoServer::Get().Endpoint();
  if (endpoint.empty()) return nullptr;
  auto store =
      S3ClientStore::Open({.endpoint = endpoint, .access_key = "testing", .secret_key = "testing"});
  return store.ok() ? std::move(*store) : nullptr;
}

// An S3ClientStore whose containers are fresh buckets with unique names, so tests sharing one
// moto process do not see each other's objects. Unknown names pass through unchanged.
class UniqueBucketStore final : public ObjectStore {
 public:
  explicit UniqueBucketStore(std::unique_ptr<S3ClientStore> store) : store_(std::move(store)) {}

  Status CreateContainer(std::string_view name) {
    std::string bucket = "sluice-" + NewUuid();
    for (char& c : bucket) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    RETURN_NOT_OK(store_->CreateBucket(bucket));
    names_[std::string(name)] = bucket;
    return Status::OK();
  }

  Result<ListPage> List(std::string_view c, const ListOptions& o) override {
    return store_->List(Map(c), o);
  }
  Result<std::optional<ObjectInfo>> Head(std::string_view c, std::string_view k) override {
    return store_->Head(Map(c), k);
  }
  Result<std::unique_ptr<ObjectReader>> Open(std::string_view c, std::string_view k, uint64_t off,
                                             std::optional<uint64_t> len) override {
    return store_->Open(Map(c), k, off, len);
  }
  Result<std::unique_ptr<ObjectWriter>> Create(std::string_view c, std::string_view k,
                                               const WriteOptions& o) override {
    return store_->Create(Map(c), k, o);
  }
  Result<bool> Delete(std::string_view c, std::string_view k) override {
    return store_->Delete(Map(c), k);
  }
  Result<ObjectInfo> Copy(std::string_view sc, std::string_view sk, std::string_view dc,
                          std::string_view dk, const std::optional<WriteOptions>& r) override {
    return store_->Copy(Map(sc), sk, Map(dc), dk, r);
  }

 private:
  std::string Map(std::string_view name) const {
    auto it = names_.find(std::string(name));
    return it == names_.end() ? std::string(name) : it->second;
  }

  std::unique_ptr<S3ClientStore> store_;
  std::map<std::string, std::string> names_;  // written only before the test's calls
};

bool RegisterWhenMotoIsInstalled() {
  if (FindMotoServer().empty()) {
    std::fprintf(stderr,
                 "s3_client_store_test: moto_server not on PATH; the S3 client is not run "
                 "through the conformance suite (pip install 'moto[server]')\n");
    return false;
  }
  static RegisterBackend backend({"s3_client_moto",
                                  []() -> std::unique_ptr<ObjectStore> {
                                    std::unique_ptr<S3ClientStore> store = OpenMotoStore();
                                    if (store == nullptr) return nullptr;
                                    return std::make_unique<UniqueBucketStore>(std::move(store));
                                  },
                                  [](ObjectStore& s, std::string_view c) {
                                    return static_cast<UniqueBucketStore&>(s).CreateContainer(c);
                                  }});
  return true;
}

const bool kMotoRegistered = RegisterWhenMotoIsInstalled();

// --- Without a server ---

using s3client::CanonicalQuery;
using s3client::ErrorStatus;
using s3client::UriEncode;

TEST(S3ClientEncodingTest, KeysKeepUnreservedAndSlashOnly) {
  EXPECT_EQ(UriEncode("year=2025/part 0.csv", true), "year%3D2025/part%200.csv");
  EXPECT_EQ(UriEncode("a+b/c~d_e-f.g", true), "a%2Bb/c~d_e-f.g");
  EXPECT_EQ(UriEncode("100%/x", false), "100%25%2Fx");
  EXPECT_EQ(UriEncode("ü", true), "%C3%BC");
  EXPECT_EQ(UriEncode("a*b'c", true), "a%2Ab%27c");
}

TEST(S3ClientEncodingTest, CanonicalQueryIsSortedAndEncoded) {
  EXPECT_EQ(CanonicalQuery({{"prefix", "a/b c"}, {"list-type", "2"}, {"delimiter", "/"}}),
            "delimiter=%2F&list-type=2&prefix=a%2Fb%20c");
  EXPECT_EQ(CanonicalQuery({{"uploads", ""}}), "uploads=");
}

TEST(S3ClientEncodingTest, DigestsAndDates) {
  EXPECT_EQ(s3client::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s3client::Base64Encode(*s3client::HexDecodeMd5("5D41402ABC4B2A76B9719D911017C592")),
            "XUFAKrxLKna5cZ2REBfFkg==");
  EXPECT_FALSE(s3client::HexDecodeMd5("xyz").has_value());
  EXPECT_EQ(s3client::ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777000);
  EXPECT_EQ(s3client::ParseIso8601("1994-11-06T08:49:37.250Z"), 784111777250);
  EXPECT_FALSE(s3client::ParseHttpDate("yesterday").has_value());
  EXPECT_EQ(s3client::StripQuotes("\"abc\""), "abc");
}

TEST(S3ClientXmlTest, ParsesAListObjectsV2Page) {
  constexpr char kBody[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>lake</Name><Prefix>raw/</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys>
  <Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
  <Contents><Key>raw/a &amp; b.csv</Key><LastModified>2026-01-02T03:04:05.678Z</LastModified>
    <ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;</ETag><Size>5</Size></Contents>
  <Contents><Key>raw/c.csv</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>
    <ETag>"abc-2"</ETag><Size>10485760</Size></Contents>
  <CommonPrefixes><Prefix>raw/sub/</Prefix></CommonPrefixes>
</ListBucketResult>)";
  auto page = s3client::ParseListObjectsV2(kBody);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "raw/a & b.csv");
  EXPECT_EQ(page->objects[0].etag, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(page->objects[0].size, 5u);
  EXPECT_EQ(page->objects[0].last_modified_ms, 1767323045678);
  EXPECT_EQ(page->objects[1].etag, "abc-2");
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"raw/sub/"});
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->last, "raw/sub/");
  EXPECT_EQ(s3client::ParseListObjectsV2("<Error/>").status().code(), StatusCode::kInvalidInput);
}

TEST(S3ClientXmlTest, MapsErrorsByWhatTheCallerShouldDo) {
  auto body = [](const char* code) {
    return std::string("<Error><Code>") + code + "</Code><Message>Some text.</Message></Error>";
  };
  Status bucket = ErrorStatus("ListObjectsV2", "bucket 'b'", 404, body("NoSuchBucket"));
  EXPECT_EQ(bucket.code(), StatusCode::kNotFound);
  EXPECT_EQ(bucket.message().rfind("NoSuchBucket: Some text.", 0), 0u) << bucket.message();
  EXPECT_EQ(ErrorStatus("GetObject", "k", 404, body("NoSuchKey")).code(), StatusCode::kNotFound);
  Status digest = ErrorStatus("PutObject", "k", 400, body("BadDigest"));
  EXPECT_EQ(digest.code(), StatusCode::kInvalidInput);
  EXPECT_NE(digest.message().find("Some text."), std::string::npos);
  EXPECT_EQ(ErrorStatus("PutObject", "k", 503, body("SlowDown")).code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorStatus("PutObject", "k", 500, "").code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorStatus("HeadObject", "k", 403, "").message().rfind("AccessDenied", 0), 0u);
  EXPECT_EQ(ErrorStatus("CreateBucket", "b", 409, body("BucketAlreadyOwnedByYou")).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorStatus("GetObject", "k", 416, body("InvalidRange")).code(),
            StatusCode::kInvalidInput);
}

TEST(S3ClientXmlTest, BuildsCompleteMultipartUpload) {
  std::string xml = s3client::CompleteMultipartXml({"aa", "bb"});
  EXPECT_NE(xml.find("<Part><PartNumber>1</PartNumber><ETag>\"aa\"</ETag></Part>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<PartNumber>2</PartNumber>"), std::string::npos);
  EXPECT_EQ(s3client::ParseUploadId("<InitiateMultipartUploadResult><UploadId>u-1</UploadId>"
                                    "</InitiateMultipartUploadResult>")
                .ValueOr(""),
            "u-1");
}

TEST(S3ClientStoreTest, OpenChecksTheEndpointAndCredentials) {
  EXPECT_EQ(S3ClientStore::Open({.endpoint = "s3.amazonaws.com"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(S3ClientStore::Open({.endpoint = "http://host/path"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(S3ClientStore::Open({.endpoint = "http://host", .access_key = "k"}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_TRUE(S3ClientStore::Open({.endpoint = "https://host:9000/"}).ok());
}

TEST(S3ClientStoreTest, UnreachableEndpointIsUnavailable) {
  int port = FreePort();  // nothing listens there
  auto store = S3ClientStore::Open(
      {.endpoint = "http://127.0.0.1:" + std::to_string(port), .timeout_seconds = 5});
  ASSERT_TRUE(store.ok());
  auto head = (*store)->Head("bucket", "key");
  EXPECT_EQ(head.status().code(), StatusCode::kUnavailable) << head.status().ToString();
  EXPECT_NE(head.status().message().find("onnect"), std::string::npos) << head.status().ToString();
}

// --- Against moto: what the conformance suite does not reach ---

class S3ClientMotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kMotoRegistered) GTEST_SKIP() << "moto_server is not installed";
    store_ = OpenMotoStore();
    ASSERT_NE(store_, nullptr) << "moto_server did not start";
    bucket_ = "sluice-mp-" + NewUuid();
    for (char& c : bucket_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(store_->CreateBucket(bucket_).ok());
  }
  std::unique_ptr<S3ClientStore> store_;
  std::string bucket_;
};

TEST_F(S3ClientMotoTest, LargeObjectsGoThroughMultipartAndStreamBack) {
  std::string data(20 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 7919) >> 5);
  WriteOptions options;
  options.content_type = "application/octet-stream";
  options.user_metadata = {{"kind", "big"}};
  options.expected_md5_hex = Md5Hex(data);
  auto writer = store_->Create(bucket_, "big.bin", options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t pos = 0; pos < data.size(); pos += 1'000'003) {
    ASSERT_TRUE((*writer)->Append(std::string_view(data).substr(pos, 1'000'003)).ok());
  }
  auto info = (*writer)->Commit();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, data.size());
  EXPECT_TRUE(info->etag.ends_with("-3")) << info->etag;
  EXPECT_EQ(info->user_metadata, options.user_metadata);
  auto reader = store_->Open(bucket_, "big.bin", 1000, std::nullopt);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->length(), data.size() - 1000);
  std::string back;
  std::string buffer(65'536, '\0');
  while (true) {
    auto n = (*reader)->Read(buffer.data(), buffer.size());
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    if (*n == 0) break;
    back.append(buffer.data(), *n);
  }
  EXPECT_TRUE(back == std::string_view(data).substr(1000)) << back.size() << " bytes read";
}

TEST_F(S3ClientMotoTest, DroppedOrMismatchedMultipartWritersLeaveNothing) {
  std::string part(9 << 20, 'p');
  {
    auto writer = store_->Create(bucket_, "dropped", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(part).ok());
  }
  WriteOptions options;
  options.expected_md5_hex = Md5Hex("something else");
  auto writer = store_->Create(bucket_, "mismatch", options);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(part).ok());
  EXPECT_EQ((*writer)->Commit().status().code(), StatusCode::kInvalidInput);
  auto page = store_->List(bucket_, {});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->objects.empty());
}

}  // namespace
}  // namespace sluice::storage
