#include "storage/file_watcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/ids.h"
#include "storage/object_events.h"

namespace sluice::storage {
namespace {

namespace fs = std::filesystem;

std::set<std::string> WaitForKeys(metastore::Metastore& store, size_t count) {
  std::set<std::string> keys;
  for (int i = 0; i < 200 && keys.size() < count; ++i) {
    auto events = ReadObjectEvents(store, 0, 100);
    keys.clear();
    if (events.ok()) {
      for (const auto& e : *events) {
        if (e.kind != kWatchStarted) keys.insert(e.key);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return keys;
}

TEST(FileWatcherTest, RecordsFilesWrittenOrMovedAnywhereUnderTheRoot) {
  fs::path root = fs::temp_directory_path() / ("sluice-watch-" + NewUuid());
  fs::path outside = fs::temp_directory_path() / ("sluice-outside-" + NewUuid());
  fs::create_directories(root / "existing");
  fs::create_directories(outside / "batch");
  std::ofstream(outside / "moved.csv") << "a,b\n";
  std::ofstream(outside / "batch" / "inside.json") << "{}\n";
  auto store = metastore::OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  auto watcher = FileWatcher::Start(root.string(), **store);
  ASSERT_TRUE(watcher.ok()) << watcher.status().ToString();

  std::ofstream(root / "top.csv") << "x\n";
  std::ofstream(root / "existing" / "day=1.csv") << "y\n";
  fs::create_directories(root / "new" / "deeper");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::ofstream(root / "new" / "deeper" / "file.txt") << "z\n";
  fs::rename(outside / "moved.csv", root / "moved.csv");
  fs::rename(outside / "batch", root / "batch");
  std::ofstream(root / ".hidden") << "ignored\n";
  std::ofstream(root / "_SUCCESS") << "";

  std::set<std::string> expected = {"top.csv", "existing/day=1.csv", "new/deeper/file.txt",
                                    "moved.csv", "batch/inside.json"};
  EXPECT_EQ(WaitForKeys(**store, expected.size()), expected);
  auto events = ReadObjectEvents(**store, 0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->front().kind, kWatchStarted);  // first: the watch began
  EXPECT_EQ(events->front().key, "");
  for (size_t i = 0; i < events->size(); ++i) {
    EXPECT_EQ((*events)[i].bucket, "file://" + root.string());
    if (i > 0) {
      EXPECT_EQ((*events)[i].kind, "ObjectCreated:File");
    }
  }
  (*watcher)->Stop();
  fs::remove_all(root);
  fs::remove_all(outside);
}

TEST(FileWatcherTest, MissingRootIsNotFound) {
  auto store = metastore::OpenSqliteMetastore({});
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(FileWatcher::Start("/definitely/not/here", **store).status().IsNotFound());
  EXPECT_TRUE(FileWatcher::Start("relative/path", **store).status().IsNotFound());
}

}  // namespace
}  // namespace sluice::storage
