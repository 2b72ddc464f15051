// Catalog: the Glue Data Catalog — databases, tables, table versions, partitions and
// partition indexes — persisted in the metastore.
//
// Entities are Glue API documents: inputs are the model's *Input shapes (validated against the
// botocore model by the api module before they get here), outputs are the JSON text of the
// output shapes (Database, Table, Partition...). Each mutating call is one metastore
// transaction. Database and table names are lowercased, as Glue does. Thread-safe.
//
// Errors: NotFound for a missing database/table/partition/version/index (messages say which and
// where), AlreadyExists, InvalidInput for values the model allows but the catalog cannot accept
// (names with separators, wrong number of partition values, bad expressions or tokens),
// ConcurrentModification for a stale table VersionId, ResourceLimit for limits (indexes per table).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/crawled_table.h"
#include "catalog/paging.h"
#include "common/result.h"
#include "metastore/metastore.h"

namespace sluice::catalog {

using nlohmann::json;

struct CatalogOptions {
  std::string catalog_id = "000000000000";  // the account id Sluice answers as
};

// A per-item failure of a batch call, as Glue reports it (HTTP 200 with an Errors list).
struct ItemError {
  json item_key;           // e.g. the table name, or the partition values
  std::string error_code;  // e.g. "EntityNotFoundException"
  std::string message;
};

struct PartitionQuery {
  std::string expression;  // "" = all
  std::optional<int> segment_number;
  std::optional<int> total_segments;
  bool exclude_column_schema = false;
  PageRequest page;
};

class Catalog {
 public:
  Catalog(metastore::Metastore& store, CatalogOptions options);

  // Databases (databases.cc)
  Status CreateDatabase(const json& database_input);
  Result<std::string> GetDatabase(std::string_view name);
  Result<Page> GetDatabases(const PageRequest& page);
  Status UpdateDatabase(std::string_view name, const json& database_input);
  // Deletes the database with its tables, versions, partitions and indexes.
  Status DeleteDatabase(std::string_view name);

  // Tables (tables.cc)
  Status CreateTable(std::string_view database, const json& table_input,
                     const json& partition_indexes);
  // Creates a table and its first partitions in one transaction (CREATE TABLE AS): nothing is
  // created when any part fails. Errors as CreateTable and BatchCreatePartition's item errors.
  Status CreateTableWithPartitions(std::string_view database, const json& table_input,
                                   const json& partition_inputs);
  Result<std::string> GetTable(std::string_view database, std::string_view name);
  // `expression`: a regular expression on table names ('*' alone also works as in Hive).
  Result<Page> GetTables(std::string_view database, const std::optional<std::string>& expression,
                         const PageRequest& page);
  Status UpdateTable(std::string_view database, const json& table_input, bool skip_archive,
                     const std::optional<std::string>& expected_version_id);
  Status DeleteTable(std::string_view database, std::string_view name);
  // Creates or updates one crawled table with its partitions in one transaction (crawled_table.h).
  // Parameters the crawler sets per run (CRAWL_RUN_ID, UPDATED_BY_CRAWLER's time stamps) do not
  // count as a change. NotFound when the database does not exist.
  Result<CrawlApplyResult> ApplyCrawledTable(std::string_view database, const CrawledTable& table,
                                             const CrawlApplyPolicy& policy);
  Result<std::vector<ItemError>> BatchDeleteTable(std::string_view database,
                                                  const std::vector<std::string>& names);

  // Table versions (table_versions.cc). Version ids are decimal strings "1", "2", ...
  Result<std::string> GetTableVersion(std::string_view database, std::string_view table,
                                      const std::optional<std::string>& version_id);
  Result<Page> GetTableVersions(std::string_view database, std::string_view table,
                                const PageRequest& page);
  Status DeleteTableVersion(std::string_view database, std::string_view table,
                            std::string_view version_id);
  Result<std::vector<ItemError>> BatchDeleteTableVersion(std::string_view database,
                                                         std::string_view table,
                                                         const std::vector<std::string>& versions);

  // Partitions (partitions.cc, partition_query.cc)
  Status CreatePartition(std::string_view database, std::string_view table,
                         const json& partition_input);
  Result<std::vector<ItemError>> BatchCreatePartition(std::string_view database,
                                                      std::string_view table,
                                                      const json& partition_inputs);
  Result<std::string> GetPartition(std::string_view database, std::string_view table,
                                   const std::vector<std::string>& values);
  Result<Page> GetPartitions(std::string_view database, std::string_view table,
                             const PartitionQuery& query);
  // Returns the partitions found (in request order) and the value lists not found.
  Result<std::pair<std::vector<std::string>, std::vector<std::vector<std::string>>>>
  BatchGetPartition(std::string_view database, std::string_view table,
                    const std::vector<std::vector<std::string>>& values_list);
  Status UpdatePartition(std::string_view database, std::string_view table,
                         const std::vector<std::string>& values, const json& partition_input);
  Result<std::vector<ItemError>> BatchUpdatePartition(std::string_view database,
                                                      std::string_view table, const json& entries);
  Status DeletePartition(std::string_view database, std::string_view table,
                         const std::vector<std::string>& values);
  Result<std::vector<ItemError>> BatchDeletePartition(
      std::string_view database, std::string_view table,
      const std::vector<std::vector<std::string>>& values_list);

  // Partition indexes (partition_indexes.cc)
  Status CreatePartitionIndex(std::string_view database, std::string_view table,
                              const json& partition_index);
  // Returns the PartitionIndexDescriptorList items.
  Result<std::vector<json>> GetPartitionIndexes(std::string_view database, std::string_view table);
  Status DeletePartitionIndex(std::string_view database, std::string_view table,
                              std::string_view index_name);

  const CatalogOptions& options() const { return options_; }

 private:
  metastore::Metastore& store_;
  CatalogOptions options_;
};

}  // namespace sluice::catalog
