// CrawlWatches: the file:// folders that CRAWL_EVENT_MODE crawlers crawl are watched (inotify,
// storage/file_watcher.h) for as long as the server runs, so that their crawls list only the
// folders where files appeared — as S3 event notifications do for S3 targets. Kept in step with
// the crawler definitions (Update after CreateCrawler/UpdateCrawler and at start-up; Remove
// after DeleteCrawler). Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "metastore/metastore.h"
#include "storage/file_watcher.h"

namespace sluice::crawler {

class CrawlWatches {
 public:
  explicit CrawlWatches(metastore::Metastore& store) : store_(store) {}

  // Watches the file:// targets of `crawler` if it is in CRAWL_EVENT_MODE (and stops watching
  // folders only this crawler needed). A folder that cannot be watched is logged, not an error:
  // its crawls list it in full.
  void Update(const nlohmann::json& crawler);
  void Remove(const std::string& crawler);
  size_t watched() const;

 private:
  void Release(const std::string& crawler);  // with mu_ held

  metastore::Metastore& store_;
  mutable std::mutex mu_;
  struct Watch {
    std::unique_ptr<storage::FileWatcher> watcher;
    std::set<std::string> crawlers;
  };
  std::map<std::string, Watch> by_root_;  // absolute folder → its watcher
};

// The folder a file:// target path names ("file:///srv/raw/" → "/srv/raw"), or "".
std::string FileTargetRoot(const std::string& path);

}  // namespace sluice::crawler
