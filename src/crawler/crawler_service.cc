#include "crawler/crawler_service.h"

#include "common/logging.h"

namespace sluice::crawler {

CrawlerService::CrawlerService(CrawlerRegistry& registry, CrawlEnvironment env)
    : registry_(registry),
      runner_(
          [env](const json& crawler, const std::string& crawl_id, const std::atomic<bool>& stop) {
            return RunCrawl(crawler, crawl_id, env, stop);
          }) {}

CrawlerService::CrawlerService(CrawlerRegistry& registry, Runner runner)
    : registry_(registry), runner_(std::move(runner)) {}

CrawlerService::~CrawlerService() {
  {
    std::lock_guard lock(mu_);
    for (auto& [name, run] : running_) run.stop->store(true);
  }
  WaitIdle();
  std::lock_guard lock(mu_);
  ReapLocked();
}

Status CrawlerService::Start(std::string_view name) {
  ASSIGN_OR_RETURN(CrawlerRegistry::Started started, registry_.BeginCrawl(name));
  auto stop = std::make_shared<std::atomic<bool>>(false);
  std::lock_guard lock(mu_);
  ReapLocked();
  Running& run = running_[started.crawl_id];
  run.crawler = std::string(name);
  run.stop = stop;
  run.thread = std::thread(&CrawlerService::Run, this, std::string(name), started.crawl_id,
                           std::move(started.crawler), stop);
  return Status::OK();
}

Status CrawlerService::Stop(std::string_view name) {
  RETURN_NOT_OK(registry_.RequestStop(name));
  std::lock_guard lock(mu_);
  for (auto& [id, run] : running_) {
    if (run.crawler == name) run.stop->store(true);
  }
  return Status::OK();
}

void CrawlerService::Run(std::string name, std::string crawl_id, json crawler,
                         std::shared_ptr<std::atomic<bool>> stop) {
  LogInfo("crawler " + name + ": crawl " + crawl_id + " started");
  CrawlOutcome outcome = runner_(crawler, crawl_id, *stop);
  Status st = registry_.FinishCrawl(name, crawl_id, outcome);
  if (!st.ok()) LogError("crawler " + name + ": recording the crawl failed: " + st.ToString());
  LogInfo("crawler " + name + ": crawl " + crawl_id + " " + outcome.state +
          (outcome.error_message.empty() ? "" : ": " + outcome.error_message));
  std::lock_guard lock(mu_);
  auto it = running_.find(crawl_id);
  if (it != running_.end()) {
    finished_.push_back(std::move(it->second.thread));
    running_.erase(it);
  }
  idle_.notify_all();
}

void CrawlerService::ReapLocked() {
  for (std::thread& t : finished_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  finished_.clear();
}

void CrawlerService::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return running_.empty(); });
  ReapLocked();
}

}  // namespace sluice::crawler
