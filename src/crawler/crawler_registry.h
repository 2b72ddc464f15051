// CrawlerRegistry: crawler definitions and their crawls, as Glue's crawler API shows them
// (botocore shapes Crawler, CrawlerHistory, CrawlerMetrics), kept in the metastore.
//
// A crawler's State moves READY -> RUNNING (BeginCrawl) -> STOPPING (RequestStop) -> READY
// (FinishCrawl), each step one metastore transaction, so two StartCrawler calls cannot both win
// and a crawl's result (LastCrawl, the crawl record, its log) commits together. A crawl left
// RUNNING by a server that died is closed as FAILED by RecoverInterrupted() at start-up.
//
// Errors: NotFound (EntityNotFoundException) for a missing crawler or classifier,
// AlreadyExists, InvalidInput saying what to fix, FailedPrecondition with the Glue exception
// name first (CrawlerRunningException, CrawlerNotRunningException, CrawlerStoppingException).
// Thread-safe (the metastore serializes writers).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/paging.h"
#include "metastore/metastore.h"

namespace sluice::crawler {

using nlohmann::json;

// How a crawl ended.
struct CrawlOutcome {
  std::string state;  // "COMPLETED", "FAILED" or "STOPPED" (CrawlerHistory.State)
  std::string error_message;
  int tables_created = 0, tables_updated = 0, tables_deleted = 0;
  int partitions_created = 0, partitions_updated = 0;
  std::string log;  // the crawl's log, one decision per line
};

class CrawlerRegistry {
 public:
  explicit CrawlerRegistry(metastore::Metastore& store) : store_(store) {}

  // CreateCrawler input (already validated against the model).
  Status Create(const json& input);
  // The Crawler document.
  Result<json> Get(std::string_view name);
  Result<catalog::Page> List(const catalog::PageRequest& page);       // documents
  Result<catalog::Page> ListNames(const catalog::PageRequest& page);  // JSON strings
  // Changes the fields present in an UpdateCrawler input; FailedPrecondition while running.
  Status Update(const json& input);
  // FailedPrecondition while running (CrawlerRunningException).
  Status Delete(std::string_view name);

  // READY -> RUNNING: records a new crawl and returns it with the crawler document as it was.
  struct Started {
    std::string crawl_id;
    json crawler;
  };
  Result<Started> BeginCrawl(std::string_view name);
  // RUNNING -> STOPPING.
  Status RequestStop(std::string_view name);
  // RUNNING/STOPPING -> READY with LastCrawl, the crawl record and its log.
  Status FinishCrawl(std::string_view name, const std::string& crawl_id,
                     const CrawlOutcome& outcome);
  // Closes crawls a dead server left RUNNING (FAILED, "the server stopped during the crawl").
  Status RecoverInterrupted();

  // ListCrawls: CrawlerHistory documents, newest first.
  Result<catalog::Page> ListCrawls(std::string_view name, const catalog::PageRequest& page);
  // The log of one crawl.
  Result<std::string> CrawlLog(std::string_view name, std::string_view crawl_id);
  // Crawl logs as CloudWatch Logs shows Glue's: one stream per crawler (in log group
  // /aws-glue/crawlers), each line an event "[<crawl id>] INFO : ..." stamped with its crawl's
  // start time. Streams of crawlers that have crawled, by name; events oldest first.
  struct LogStream {
    std::string name;
    int64_t first_ms = 0, last_ms = 0;
  };
  struct LogEvent {
    int64_t timestamp_ms = 0;
    std::string message;
  };
  Result<std::vector<LogStream>> LogStreams();
  Result<std::vector<LogEvent>> LogEvents(std::string_view crawler);

  // CrawlerMetrics of the named crawlers (all when empty), in name order.
  Result<catalog::Page> Metrics(const std::vector<std::string>& names,
                                const catalog::PageRequest& page);

 private:
  metastore::Metastore& store_;
};

// Checks a Configuration string (JSON, Version 1.0, known keys). InvalidInput otherwise.
Status ValidateConfiguration(std::string_view configuration);

}  // namespace sluice::crawler
