// Crawls in worker processes: the server runs each crawl in a child `sluice crawl-worker`
// process, so a crash, a runaway or a kill ends one crawl, never the server.
//
// Protocol: the parent writes one JSON request on the child's stdin and closes it; the child
// opens the data dir itself (metastore, built-in store without recovery, file:// and external
// buckets), runs RunCrawl and writes one JSON outcome on stdout. StopCrawler sends SIGTERM, on
// which the child stops at its next file or table boundary. A child that dies without an
// outcome makes the crawl FAILED, naming the signal or exit code; every table it committed
// before stays (one transaction per table).
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/crawler_registry.h"
#include "storage/storage_config.h"

namespace sluice::crawler {

struct WorkerConfig {
  std::string binary;    // the sluice executable (/proc/self/exe of the server)
  std::string data_dir;  // the server's data dir
  std::vector<storage::ExternalBucket> external_buckets;
  std::string catalog_id = "000000000000";
  int threads = 2;
};

// Runs one crawl in a child process and waits for it; sends SIGTERM once when `stop` is set.
CrawlOutcome RunCrawlInWorker(const WorkerConfig& config, const nlohmann::json& crawler,
                              const std::string& crawl_id, const std::atomic<bool>& stop);

// The body of `sluice crawl-worker`: reads the request from `in_fd`, writes the outcome to
// `out_fd`. Returns the process exit code.
int CrawlWorkerMain(int in_fd, int out_fd);

nlohmann::json OutcomeToJson(const CrawlOutcome& outcome);
CrawlOutcome OutcomeFromJson(const nlohmann::json& doc);

}  // namespace sluice::crawler
