// The ObjectStore conformance suite, part 2: listings (prefix, delimiter, start_after,
// pagination, awkward keys, folder markers). Instantiated in conformance_test.cc.
#include <algorithm>
#include <cstdio>

#include "storage/conformance.h"

namespace sluice::storage {
namespace {

using Strings = std::vector<std::string>;

TEST_P(ObjectStoreConformance, ListFiltersByPrefix) {
  for (const char* key : {"logs/2025/a", "logs/2025/b", "logs/2026/a", "logsX", "other/x"}) {
    STORE_ASSERT_OK(Put(key, key));
  }
  EXPECT_EQ(ListAll(Options("logs/")).keys, (Strings{"logs/2025/a", "logs/2025/b", "logs/2026/a"}));
  EXPECT_EQ(ListAll(Options("logs")).keys,
            (Strings{"logs/2025/a", "logs/2025/b", "logs/2026/a", "logsX"}));
  EXPECT_EQ(ListAll(Options("logs/2025/a")).keys, (Strings{"logs/2025/a"}));
  EXPECT_TRUE(ListAll(Options("logs/2027/")).keys.empty());
  EXPECT_TRUE(ListAll(Options("logs/2025/a/")).keys.empty());  // below a file
  EXPECT_TRUE(ListAll(Options("nothing")).keys.empty());
  Listing all = ListAll({});
  EXPECT_EQ(all.keys.size(), 5u);
  EXPECT_EQ(all.pages, 1);
}

TEST_P(ObjectStoreConformance, DelimiterRollsKeysIntoCommonPrefixes) {
  for (const char* key : {"a.txt", "dir/x", "dir/sub/y", "dir2/z", "dir-flat", "zz/deep/er/k"}) {
    STORE_ASSERT_OK(Put(key, ""));
  }
  Listing root = ListAll(Options("", "/"));
  EXPECT_EQ(root.keys, (Strings{"a.txt", "dir-flat"}));
  EXPECT_EQ(root.prefixes, (Strings{"dir/", "dir2/", "zz/"}));
  Listing dir = ListAll(Options("dir/", "/"));
  EXPECT_EQ(dir.keys, (Strings{"dir/x"}));
  EXPECT_EQ(dir.prefixes, (Strings{"dir/sub/"}));
  Listing partial = ListAll(Options("di", "/"));
  EXPECT_EQ(partial.keys, (Strings{"dir-flat"}));
  EXPECT_EQ(partial.prefixes, (Strings{"dir/", "dir2/"}));
  // Any string can delimit; here '-' and a two-character delimiter.
  Listing dash = ListAll(Options("", "-"));
  EXPECT_EQ(dash.prefixes, (Strings{"dir-"}));
  EXPECT_EQ(dash.keys.size(), 5u);
  Listing two = ListAll(Options("", "r/"));
  EXPECT_EQ(two.prefixes, (Strings{"dir/", "zz/deep/er/"}));
  // One page holding prefixes and keys, paginated one item at a time.
  Listing single = ListAll(Options("", "/", "", 1));
  EXPECT_EQ(single.keys, root.keys);
  EXPECT_EQ(single.prefixes, root.prefixes);
  EXPECT_EQ(single.pages, 5);
}

TEST_P(ObjectStoreConformance, StartAfterIsExclusive) {
  for (const char* key : {"a", "b/1", "b/2", "c", "d/1"}) STORE_ASSERT_OK(Put(key, ""));
  EXPECT_EQ(ListAll(Options("", "", "a")).keys, (Strings{"b/1", "b/2", "c", "d/1"}));
  EXPECT_EQ(ListAll(Options("", "", "b/1")).keys, (Strings{"b/2", "c", "d/1"}));
  EXPECT_EQ(ListAll(Options("", "", "bb")).keys, (Strings{"c", "d/1"}));
  EXPECT_TRUE(ListAll(Options("", "", "z")).keys.empty());
  // A start_after equal to a common prefix (a previous page's `last`) skips that whole group.
  Listing after_group = ListAll(Options("", "/", "b/"));
  EXPECT_EQ(after_group.keys, (Strings{"c"}));
  EXPECT_EQ(after_group.prefixes, (Strings{"d/"}));
}

TEST_P(ObjectStoreConformance, PaginatesTwentyFiveHundredKeysVisitingEachOnceInOrder) {
  Strings expected;
  for (int i = 0; i < 2500; ++i) {
    char key[32];
    std::snprintf(key, sizeof(key), "part=%d/file-%04d", i % 10, i);
    expected.push_back(key);
    STORE_ASSERT_OK(Put(key, ""));
  }
  std::sort(expected.begin(), expected.end());
  Listing all = ListAll({});
  EXPECT_EQ(all.pages, 3);
  EXPECT_TRUE(all.keys == expected) << all.keys.size() << " keys listed";
  Listing small = ListAll(Options("", "", "", 333));
  EXPECT_EQ(small.pages, 8);
  EXPECT_TRUE(small.keys == expected);
  Listing partitions = ListAll(Options("", "/", "", 3));
  EXPECT_EQ(partitions.pages, 4);
  EXPECT_EQ(partitions.prefixes.size(), 10u);
  EXPECT_EQ(partitions.prefixes.front(), "part=0/");
  Listing one = ListAll(Options("part=3/", "", "", 100));
  EXPECT_EQ(one.keys.size(), 250u);
  EXPECT_EQ(one.pages, 3);
}

TEST_P(ObjectStoreConformance, AwkwardKeysRoundTripAndListInByteOrder) {
  Strings keys = {"with space/file name.csv",
                  "ünïcödé/日本語.txt",
                  "year=2025/month=08/day=15/part-0.parquet",
                  "year=2025/month=08/day=16/part-0.parquet",
                  "100%/literal%20.txt",
                  "a+b/c+d",
                  ".hidden",
                  "dir/.hidden",
                  "emoji 😀",
                  "~tilde",
                  "UPPER/lower"};
  for (const std::string& key : keys) STORE_ASSERT_OK(Put(key, "<" + key + ">"));
  std::sort(keys.begin(), keys.end());  // std::string compares bytes as unsigned char
  EXPECT_EQ(ListAll({}).keys, keys);
  for (const std::string& key : keys) {
    STORE_ASSERT_OK_AND_ASSIGN(std::string bytes, Get(key));
    EXPECT_EQ(bytes, "<" + key + ">");
  }
  Listing days = ListAll(Options("year=2025/month=08/", "/"));
  EXPECT_EQ(days.prefixes, (Strings{"year=2025/month=08/day=15/", "year=2025/month=08/day=16/"}));
  Listing eq = ListAll(Options("year=2025/month=08/", "="));
  EXPECT_EQ(eq.prefixes, (Strings{"year=2025/month=08/day="}));
}

TEST_P(ObjectStoreConformance, FolderMarkerIsListedAsAKey) {
  STORE_ASSERT_OK_AND_ASSIGN(ObjectInfo marker, Put("raw/", ""));
  EXPECT_EQ(marker.etag, "d41d8cd98f00b204e9800998ecf8427e");
  STORE_ASSERT_OK(Put("raw/a.csv", "x"));
  STORE_ASSERT_OK(Put("implicit/b.csv", "y"));
  Listing root = ListAll(Options("", "/"));
  EXPECT_TRUE(root.keys.empty());
  EXPECT_EQ(root.prefixes, (Strings{"implicit/", "raw/"}));
  EXPECT_EQ(ListAll(Options("raw/", "/")).keys, (Strings{"raw/", "raw/a.csv"}));
  EXPECT_EQ(ListAll({}).keys, (Strings{"implicit/b.csv", "raw/", "raw/a.csv"}));
  STORE_ASSERT_OK_AND_ASSIGN(auto head, store().Head(kBucket, "raw/"));
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->size, 0u);
  STORE_ASSERT_OK_AND_ASSIGN(head, store().Head(kBucket, "implicit/"));
  EXPECT_FALSE(head.has_value()) << "a key below 'implicit/' does not make 'implicit/' a key";
  STORE_ASSERT_OK_AND_ASSIGN(std::string bytes, Get("raw/"));
  EXPECT_EQ(bytes, "");
  // Deleting the last key below keeps the marker; deleting the marker keeps keys below it.
  STORE_ASSERT_OK(store().Delete(kBucket, "raw/a.csv"));
  EXPECT_EQ(ListAll({}).keys, (Strings{"implicit/b.csv", "raw/"}));
  STORE_ASSERT_OK(Put("raw/again.csv", "z"));
  STORE_ASSERT_OK_AND_ASSIGN(bool existed, store().Delete(kBucket, "raw/"));
  EXPECT_TRUE(existed);
  EXPECT_EQ(ListAll({}).keys, (Strings{"implicit/b.csv", "raw/again.csv"}));
  STORE_ASSERT_OK_AND_ASSIGN(existed, store().Delete(kBucket, "implicit/"));
  EXPECT_FALSE(existed);
  STORE_ASSERT_OK(store().Delete(kBucket, "implicit/b.csv"));
  STORE_ASSERT_OK(store().Delete(kBucket, "raw/again.csv"));
  Listing empty = ListAll(Options("", "/"));
  EXPECT_TRUE(empty.keys.empty() && empty.prefixes.empty()) << "deleted keys leave no prefixes";
}

TEST_P(ObjectStoreConformance, EmptyContainerListsAnEmptyPage) {
  STORE_ASSERT_OK_AND_ASSIGN(ListPage page, store().List(kBucket, {}));
  EXPECT_TRUE(page.objects.empty());
  EXPECT_TRUE(page.common_prefixes.empty());
  EXPECT_FALSE(page.truncated);
}

}  // namespace
}  // namespace sluice::storage
