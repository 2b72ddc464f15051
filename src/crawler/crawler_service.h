// CrawlerService: starts and stops crawls. StartCrawler returns at once; the crawl runs on its own
// thread and records its outcome through the registry when it ends (or is stopped).
//
// `sluice serve` runs each crawl in a worker process (crawl_worker.h); tests may run them in
// this process. Thread-safe. The destructor asks running crawls to stop and waits for them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "crawler/crawl.h"
#include "crawler/crawler_registry.h"

namespace sluice::crawler {

class CrawlerService {
 public:
  // Runs one crawl to its end (RunCrawl in this process, or RunCrawlInWorker).
  using Runner = std::function<CrawlOutcome(const json& crawler, const std::string& crawl_id,
                                            const std::atomic<bool>& stop)>;
  // Crawls run in this process, on `env`.
  CrawlerService(CrawlerRegistry& registry, CrawlEnvironment env);
  CrawlerService(CrawlerRegistry& registry, Runner runner);
  ~CrawlerService();
  CrawlerService(const CrawlerService&) = delete;
  CrawlerService& operator=(const CrawlerService&) = delete;

  // StartCrawler: FailedPrecondition (CrawlerRunningException) when it already runs.
  Status Start(std::string_view name);
  // StopCrawler: the crawl stops at its next table boundary; tables already applied stay.
  Status Stop(std::string_view name);
  // Waits until no crawl is running (tests, shutdown).
  void WaitIdle();

 private:
  struct Running {
    std::string crawler;
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> stop;
  };
  void Run(std::string name, std::string crawl_id, json crawler,
           std::shared_ptr<std::atomic<bool>> stop);
  void ReapLocked();

  CrawlerRegistry& registry_;
  Runner runner_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::map<std::string, Running> running_;  // by crawl id
  std::vector<std::thread> finished_;       // joined by ReapLocked / the destructor
};

}  // namespace sluice::crawler
