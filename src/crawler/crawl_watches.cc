#include "crawler/crawl_watches.h"

#include "common/logging.h"
#include "storage/uri.h"

namespace sluice::crawler {

using nlohmann::json;

std::string FileTargetRoot(const std::string& path) {
  auto uri = storage::ParseStorageUri(path);
  if (!uri.ok() || uri->scheme != "file") return "";
  std::string root = "/" + uri->container + (uri->key.empty() ? "" : "/" + uri->key);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

void CrawlWatches::Release(const std::string& crawler) {
  for (auto it = by_root_.begin(); it != by_root_.end();) {
    it->second.crawlers.erase(crawler);
    it = it->second.crawlers.empty() ? by_root_.erase(it) : std::next(it);
  }
}

void CrawlWatches::Update(const json& crawler) {
  std::string name = crawler.value("Name", "");
  std::lock_guard lock(mu_);
  Release(name);
  if (crawler.value("RecrawlPolicy", json::object()).value("RecrawlBehavior", "") !=
      "CRAWL_EVENT_MODE") {
    return;
  }
  for (const json& target :
       crawler.value("Targets", json::object()).value("S3Targets", json::array())) {
    std::string root = FileTargetRoot(target.value("Path", ""));
    if (root.empty()) continue;
    Watch& watch = by_root_[root];
    if (!watch.watcher) {
      auto started = storage::FileWatcher::Start(root, store_);
      if (!started.ok()) {
        LogWarn("crawler " + name + ": cannot watch " + root + " (" + started.status().message() +
                "); its crawls list it in full");
        by_root_.erase(root);
        continue;
      }
      watch.watcher = std::move(*started);
    }
    watch.crawlers.insert(name);
  }
}

void CrawlWatches::Remove(const std::string& crawler) {
  std::lock_guard lock(mu_);
  Release(crawler);
}

size_t CrawlWatches::watched() const {
  std::lock_guard lock(mu_);
  return by_root_.size();
}

}  // namespace sluice::crawler
