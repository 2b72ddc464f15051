// Fills a bucket of the built-in store with N small objects, straight through BucketStore (no
// HTTP), so the ListObjectsV2 benchmark can start from a 100,000-key bucket in seconds.
// usage: s3_fill DATA_DIR BUCKET N
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/bucket_store.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: s3_fill DATA_DIR BUCKET N\n");
    return 2;
  }
  std::string dir = argv[1], bucket = argv[2];
  int n = std::atoi(argv[3]);
  std::filesystem::create_directories(dir);
  auto meta = sluice::metastore::OpenSqliteMetastore({.path = dir + "/metastore.db"});
  if (!meta.ok()) return 1;
  auto store = sluice::storage::BucketStore::Open(dir, **meta);
  if (!store.ok()) return 1;
  sluice::IgnoreStatus((*store)->CreateBucket(bucket, "us-east-1"));
  // Writes are fsync-bound; 16 writers overlap their flushes.
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 16; ++t) {
    writers.emplace_back([&] {
      for (int i = next++; i < n && !failed; i = next++) {
        char key[64];
        std::snprintf(key, sizeof key, "data/year=%04d/part-%06d.json", 2000 + i % 25, i);
        auto w = (*store)->Create(bucket, key, {});
        if (!w.ok() || !(*w)->Append("{\"i\":" + std::to_string(i) + "}\n").ok() ||
            !(*w)->Commit().ok()) {
          std::fprintf(stderr, "write %d failed\n", i);
          failed = true;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  return failed ? 1 : 0;
}
