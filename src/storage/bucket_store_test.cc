#include "storage/bucket_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/ids.h"
#include "storage/conformance.h"
#include "storage/md5.h"

namespace sluice::storage {
namespace {

namespace fs = std::filesystem;

// A BucketStore that owns its metastore and data dir, for the conformance suite.
class OwnedBucketStore final : public ObjectStore {
 public:
  OwnedBucketStore() : dir_(fs::temp_directory_path() / ("sluice-bucket-" + NewUuid())) {
    fs::create_directories(dir_);
    meta_ = std::move(*metastore::OpenSqliteMetastore({.path = (dir_ / "metastore.db").string()}));
    store_ = std::move(*BucketStore::Open(dir_.string(), *meta_));
  }
  ~OwnedBucketStore() override {
    store_.reset();
    meta_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  BucketStore& bucket_store() { return *store_; }

  Result<ListPage> List(std::string_view c, const ListOptions& o) override {
    return store_->List(c, o);
  }
  Result<std::optional<ObjectInfo>> Head(std::string_view c, std::string_view k) override {
    return store_->Head(c, k);
  }
  Result<std::unique_ptr<ObjectReader>> Open(std::string_view c, std::string_view k, uint64_t off,
                                             std::optional<uint64_t> len) override {
    return store_->Open(c, k, off, len);
  }
  Result<std::unique_ptr<ObjectWriter>> Create(std::string_view c, std::string_view k,
                                               const WriteOptions& o) override {
    return store_->Create(c, k, o);
  }
  Result<bool> Delete(std::string_view c, std::string_view k) override {
    return store_->Delete(c, k);
  }
  Result<ObjectInfo> Copy(std::string_view sc, std::string_view sk, std::string_view dc,
                          std::string_view dk, const std::optional<WriteOptions>& r) override {
    return store_->Copy(sc, sk, dc, dk, r);
  }

 private:
  fs::path dir_;
  std::unique_ptr<metastore::Metastore> meta_;
  std::unique_ptr<BucketStore> store_;
};

const RegisterBackend kBucketBackend(
    {"bucket_store", [] { return std::make_unique<OwnedBucketStore>(); },
     [](ObjectStore& s, std::string_view name) {
       return static_cast<OwnedBucketStore&>(s).bucket_store().CreateBucket(name, "us-east-1");
     }});

class BucketStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sluice-bucket-" + NewUuid());
    fs::create_directories(dir_);
    Reopen();
    ASSERT_TRUE(store_->CreateBucket("lake", "us-east-1").ok());
  }
  void TearDown() override {
    store_.reset();
    meta_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    meta_.reset();
    meta_ = std::move(*metastore::OpenSqliteMetastore({.path = (dir_ / "metastore.db").string()}));
    auto s = BucketStore::Open(dir_.string(), *meta_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  ObjectInfo Put(std::string_view key, std::string_view data) {
    auto w = store_->Create("lake", key, {});
    EXPECT_TRUE(w.ok());
    EXPECT_TRUE((*w)->Append(data).ok());
    auto info = (*w)->Commit();
    EXPECT_TRUE(info.ok()) << info.status().ToString();
    return *info;
  }
  size_t BlobCount() {
    size_t n = 0;
    for (auto& e : fs::recursive_directory_iterator(dir_ / "objects")) n += e.is_regular_file();
    return n;
  }

  fs::path dir_;
  std::unique_ptr<metastore::Metastore> meta_;
  std::unique_ptr<BucketStore> store_;
};

TEST(BucketNameTest, FollowsS3Rules) {
  EXPECT_TRUE(ValidateBucketName("my-lake.2025").ok());
  for (const char* bad : {"ab", "Upper", "under_score", "-start", "end-", "a..b", "192.168.1.1",
                          "this-name-is-far-too-long-for-s3-because-it-has-more-than-63-chars"}) {
    Status st = ValidateBucketName(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << bad;
    EXPECT_EQ(st.message().rfind("InvalidBucketName: ", 0), 0u) << st.message();
  }
}

TEST_F(BucketStoreTest, OverwriteReplacesBlobAndLeavesNoGarbage) {
  std::string large(100 * 1024, 'L');  // over the inline limit: a blob file
  Put("k", large);
  Put("k", large + "2");
  EXPECT_EQ(BlobCount(), 1u);
  Put("k", "small now");  // kept in the row; the file goes
  EXPECT_EQ(BlobCount(), 0u);
  Put("k", large);
  EXPECT_TRUE(*store_->Delete("lake", "k"));
  EXPECT_EQ(BlobCount(), 0u);
}

TEST_F(BucketStoreTest, SmallObjectsLiveInTheirRow) {
  Put("tiny", "hello");
  EXPECT_EQ(BlobCount(), 0u);
  auto reader = store_->Open("lake", "tiny", 1, 3);
  ASSERT_TRUE(reader.ok());
  EXPECT_FALSE((*reader)->LocalFile().has_value());
  char buf[8];
  auto n = (*reader)->Read(buf, sizeof buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "ell");
  auto copy = store_->Copy("lake", "tiny", "lake", "tiny2", std::nullopt);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->etag, Md5Hex("hello"));
  EXPECT_EQ(BlobCount(), 0u);
}

TEST_F(BucketStoreTest, StartupRemovesUnpublishedWritesAndOrphanBlobs) {
  std::string data(70 * 1024, 'd');
  Put("kept", data);
  // A crash mid-upload leaves a temp file; a crash between rename and commit leaves a blob
  // that no row references.
  std::ofstream(dir_ / "tmp" / "half-written") << "partial";
  fs::create_directories(dir_ / "objects" / "lake" / "ff");
  std::ofstream(dir_ / "objects" / "lake" / "ff" / "ffffffff-orphan") << "orphan";
  auto dropped = store_->Create("lake", "never-committed", {});
  ASSERT_TRUE((*dropped)->Append(std::string(2 << 20, 'x')).ok());
  dropped->reset();  // destroyed without Commit
  Reopen();
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp"));
  EXPECT_EQ(BlobCount(), 1u);
  auto head = store_->Head("lake", "kept");
  ASSERT_TRUE(head.ok() && head->has_value());
  EXPECT_EQ((*head)->size, data.size());
  EXPECT_FALSE(store_->Head("lake", "never-committed")->has_value());
}

TEST_F(BucketStoreTest, EventsAreOrderedAndPrunable) {
  Put("a", "1");
  Put("b", "22");
  ASSERT_TRUE(store_->Copy("lake", "a", "lake", "c", std::nullopt).ok());
  auto events = store_->ReadEvents(0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].key, "a");
  EXPECT_EQ((*events)[1].size, 2u);
  EXPECT_EQ((*events)[2].kind, "ObjectCreated:Copy");
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  auto after = store_->ReadEvents((*events)[1].id, 10);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(*store_->PruneEvents(INT64_MAX), 3);
  EXPECT_TRUE(store_->ReadEvents(0, 10)->empty());
}

TEST_F(BucketStoreTest, MultipartAssemblesPartsWithS3Etag) {
  auto upload = store_->CreateMultipartUpload("lake", "big", {});
  ASSERT_TRUE(upload.ok());
  std::string part1(5 * 1024 * 1024, 'a'), part2 = "tail";
  std::string etags;
  for (auto [n, data] : {std::pair<int, std::string*>{1, &part1}, {2, &part2}}) {
    auto w = store_->UploadPart("lake", "big", upload->upload_id, n, std::nullopt);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(*data).ok());
    auto info = (*w)->Commit();
    ASSERT_TRUE(info.ok());
    etags += Md5Hex(*data);
  }
  auto done = store_->CompleteMultipartUpload(
      "lake", "big", upload->upload_id, {{1, Md5Hex(part1)}, {2, "\"" + Md5Hex(part2) + "\""}});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  std::string binary;
  for (size_t i = 0; i < etags.size(); i += 2) {
    binary.push_back(static_cast<char>(std::stoi(etags.substr(i, 2), nullptr, 16)));
  }
  EXPECT_EQ(done->etag, Md5Hex(binary) + "-2");
  EXPECT_EQ(done->size, part1.size() + part2.size());
  EXPECT_EQ(BlobCount(), 1u);  // the parts are gone
  EXPECT_TRUE(store_->ListMultipartUploads("lake")->empty());
  auto again = store_->CompleteMultipartUpload("lake", "big", upload->upload_id, {{1, "x"}});
  EXPECT_EQ(again.status().message().rfind("NoSuchUpload", 0), 0u);
}

TEST_F(BucketStoreTest, BucketLifecycle) {
  EXPECT_EQ(store_->CreateBucket("lake", "us-east-1").code(), StatusCode::kAlreadyExists);
  Put("x", "1");
  Status busy = store_->DeleteBucket("lake");
  EXPECT_EQ(busy.message().rfind("BucketNotEmpty", 0), 0u);
  EXPECT_TRUE(*store_->Delete("lake", "x"));
  EXPECT_TRUE(store_->DeleteBucket("lake").ok());
  EXPECT_TRUE(store_->DeleteBucket("lake").IsNotFound());
  EXPECT_TRUE(store_->Create("lake", "y", {}).status().IsNotFound());
}

}  // namespace
}  // namespace sluice::storage

namespace sluice::storage {
namespace {

TEST_F(BucketStoreTest, AdoptFileMovesALocalFileInWithItsMd5) {
  fs::path staged = dir_ / "staged.bin";
  std::string data(100000, 'q');
  std::ofstream(staged, std::ios::binary) << data;
  auto adopted = store_->AdoptFile("lake", "tables/t/part-0.parquet", staged.string());
  ASSERT_TRUE(adopted.ok()) << adopted.status().ToString();
  ASSERT_TRUE(adopted->has_value());
  EXPECT_EQ((*adopted)->etag, Md5Hex(data));
  EXPECT_EQ((*adopted)->size, data.size());
  EXPECT_FALSE(fs::exists(staged));
  auto head = store_->Head("lake", "tables/t/part-0.parquet");
  ASSERT_TRUE(head.ok() && head->has_value());
  EXPECT_EQ((*head)->etag, Md5Hex(data));
  Reopen();  // durable: still there after a restart
  auto reader = store_->Open("lake", "tables/t/part-0.parquet", 0, std::nullopt);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->length(), data.size());
  auto missing = store_->AdoptFile("nobucket", "k", staged.string());
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace sluice::storage
