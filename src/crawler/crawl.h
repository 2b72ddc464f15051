// One crawl of one crawler: list its S3Targets, sample and classify files, plan tables
// (table_planner.h), check TableThreshold, then apply each table with its partitions to the
// catalog in one transaction (Catalog::ApplyCrawledTable), and handle tables of this crawler
// whose data is gone (DeleteBehavior). Every decision goes to the crawl log.
#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.h"
#include "crawler/crawler_registry.h"
#include "engine/duckdb_engine.h"
#include "storage/storage_router.h"

namespace sluice::crawler {

struct CrawlEnvironment {
  storage::StorageRouter* storage = nullptr;
  catalog::Catalog* catalog = nullptr;
  size_t sample_bytes = 1 << 20;          // bytes of each file classified (after decompression)
  engine::Database* duckdb = nullptr;     // reads Parquet footers (null: one opened on first use)
  metastore::Metastore* state = nullptr;  // file states between crawls (none: read everything)
  int threads = 2;                        // files sampled in parallel
};

// Never throws; failures become a FAILED outcome with the reason. Stops between tables when
// `stop` is set (outcome STOPPED; tables applied so far stay).
CrawlOutcome RunCrawl(const nlohmann::json& crawler, const std::string& crawl_id,
                      const CrawlEnvironment& env, const std::atomic<bool>& stop);

}  // namespace sluice::crawler
