// Applying a crawler's result for one table to the catalog, in one metastore transaction: the
// table (created, or updated as the SchemaChangePolicy says) and its partitions together, so a
// reader sees the table before or after the crawl, never half of it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sluice::catalog {

struct CrawledTable {
  nlohmann::json table_input;              // TableInput (Name, StorageDescriptor, PartitionKeys,
                                           // Parameters, TableType)
  std::vector<nlohmann::json> partitions;  // PartitionInputs (Values, StorageDescriptor, ...)
};

struct CrawlApplyPolicy {
  // SchemaChangePolicy.UpdateBehavior: UPDATE_IN_DATABASE (true) or LOG (false: an existing
  // table and its partitions are left as they are; new partitions are still added).
  bool update_in_database = true;
  // CrawlerOutput Tables.AddOrUpdateBehavior MergeNewColumns: columns of the existing table
  // that the crawl did not see are kept (after the crawled ones).
  bool merge_new_columns = false;
};

struct CrawlApplyResult {
  bool created = false;
  bool updated = false;    // the table definition changed
  bool unchanged = false;  // existed and matched (or LOG kept it)
  int partitions_added = 0;
  int partitions_updated = 0;
  std::string note;  // e.g. "schema change logged, not applied (UpdateBehavior LOG)"
};

}  // namespace sluice::catalog
