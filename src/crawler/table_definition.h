// What a crawler writes into the catalog for a planned table: the TableInput and PartitionInputs
// as Glue's crawler writes them (SerDe, input/output formats, the crawler's table parameters),
// and what it does to its own tables whose data is gone (SchemaChangePolicy DeleteBehavior).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "crawler/crawler_registry.h"
#include "crawler/table_planner.h"

namespace sluice::crawler {

catalog::CrawledTable ToCrawledTable(const PlannedTable& table, const std::string& crawler,
                                     const std::string& crawl_id);

// The tables of `database` this crawler wrote (Parameters.UPDATED_BY_CRAWLER), as documents.
Result<std::vector<nlohmann::json>> CrawlerTables(catalog::Catalog& catalog,
                                                  const std::string& database,
                                                  const std::string& crawler);

// Tables of `database` that this crawler wrote (UPDATED_BY_CRAWLER), located under one of
// `target_roots`, that the crawl did not find again: LOG leaves them, DELETE_FROM_DATABASE
// deletes them, DEPRECATE_IN_DATABASE sets DEPRECATED_BY_CRAWLER=<epoch ms> on them.
Status HandleVanishedTables(catalog::Catalog& catalog, const std::string& database,
                            const std::string& crawler,
                            const std::vector<std::string>& target_roots,
                            const std::vector<std::string>& planned, const std::string& behavior,
                            CrawlOutcome& outcome, std::vector<std::string>& log);

}  // namespace sluice::crawler
