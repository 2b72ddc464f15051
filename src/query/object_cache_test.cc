#include "query/object_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/memory_store.h"

namespace sluice::query {
namespace {

class ObjectCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/sluice-cache-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    ASSERT_TRUE(store_.CreateContainer("b").ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  storage::ObjectInfo Put(const std::string& key, const std::string& bytes) {
    auto writer = store_.Create("b", key, {});
    EXPECT_TRUE(writer.ok());
    EXPECT_TRUE((*writer)->Append(bytes).ok());
    auto info = (*writer)->Commit();
    EXPECT_TRUE(info.ok());
    return *info;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
  storage::MemoryObjectStore store_;
};

TEST_F(ObjectCacheTest, DownloadsOnceAndSeesReplacedObjects) {
  ObjectCache cache(dir_ + "/cache", 1 << 20);
  storage::ObjectInfo a = Put("a.csv", "1,2\n");
  auto first = cache.Get(store_, "b", a, "s3://b/a.csv");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(Read(*first), "1,2\n");
  auto again = cache.Get(store_, "b", a, "s3://b/a.csv");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(cache.downloads(), 1u);
  storage::ObjectInfo replaced = Put("a.csv", "3,4,5\n");
  auto fresh = cache.Get(store_, "b", replaced, "s3://b/a.csv");
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(*fresh, *first);
  EXPECT_EQ(Read(*fresh), "3,4,5\n");
  EXPECT_EQ(cache.downloads(), 2u);
  // A second cache on the same folder (a restarted server) finds the copies.
  ObjectCache reopened(dir_ + "/cache", 1 << 20);
  EXPECT_EQ(reopened.bytes(), 10u);
}

TEST_F(ObjectCacheTest, EvictsTheLeastRecentlyUsedBeyondItsBound) {
  ObjectCache cache(dir_ + "/cache", 25);
  storage::ObjectInfo a = Put("a", std::string(10, 'a'));
  storage::ObjectInfo b = Put("b", std::string(10, 'b'));
  storage::ObjectInfo c = Put("c", std::string(10, 'c'));
  auto pa = cache.Get(store_, "b", a, "s3://b/a");
  auto pb = cache.Get(store_, "b", b, "s3://b/b");
  ASSERT_TRUE(pa.ok() && pb.ok());
  ASSERT_TRUE(cache.Get(store_, "b", a, "s3://b/a").ok());  // a is now the most recent
  auto pc = cache.Get(store_, "b", c, "s3://b/c");
  ASSERT_TRUE(pc.ok());
  EXPECT_LE(cache.bytes(), 25u);
  EXPECT_TRUE(std::filesystem::exists(*pa));
  EXPECT_FALSE(std::filesystem::exists(*pb));
  EXPECT_TRUE(std::filesystem::exists(*pc));
  // An object larger than the whole cache is still served (then evicted by the next one).
  storage::ObjectInfo big = Put("big", std::string(40, 'x'));
  auto pbig = cache.Get(store_, "b", big, "s3://b/big");
  ASSERT_TRUE(pbig.ok());
  EXPECT_EQ(Read(*pbig), std::string(40, 'x'));
}

TEST_F(ObjectCacheTest, MissingObjectsNameTheirUri) {
  ObjectCache cache(dir_ + "/cache", 1 << 20);
  storage::ObjectInfo ghost;
  ghost.key = "ghost.csv";
  auto got = cache.Get(store_, "b", ghost, "s3://b/ghost.csv");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("s3://b/ghost.csv"), std::string::npos);
}

}  // namespace
}  // namespace sluice::query
