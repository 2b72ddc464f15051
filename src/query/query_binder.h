// QueryBinder: turns an Athena SELECT over catalog tables into DuckDB SQL over the tables' files.
//
// DuckDB parses the statement (json_serialize_sql); each table it names — db.t, "db"."t",
// awsdatacatalog.db.t, or t in the query's default database — is looked up in the catalog, its
// partitions are chosen by the WHERE terms on partition keys (through the same index as
// GetPartitions), their files are opened (ScanFiles), and the name is replaced in the text by
// the table's scan (TableScan). Names of CTEs and DuckDB's own schemas are left alone.
// Thread-safe (the catalog and router are); each Bind uses the caller's connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/result.h"
#include "engine/connection.h"
#include "query/scan_files.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct BoundTable {
  std::string database;
  std::string table;
  std::string pruning_expression;  // "" when no WHERE term selected partitions
  size_t partitions_read = 0;      // partitions whose files the query reads
  size_t files = 0;
};

struct BoundQuery {
  std::string sql;                   // DuckDB SQL to run
  std::unique_ptr<ScanFiles> files;  // keep alive until the result is consumed
  std::vector<BoundTable> tables;
  std::vector<std::string> column_names;  // Athena's names where they differ ("" = DuckDB's)
  uint64_t bytes() const { return files ? files->bytes() : 0; }
};

class QueryBinder {
 public:
  // `scratch_root`: where queries copy objects that have no local file (one folder per query).
  // `cache` (nullable) holds local copies of external buckets' objects across queries.
  QueryBinder(catalog::Catalog& catalog, const storage::StorageRouter& router,
              std::string scratch_root, ObjectCache* cache = nullptr);

  // Errors: InvalidInput for SQL DuckDB cannot parse (its message), for a table name without a
  // database and no default, for another catalog than awsdatacatalog; NotFound for a missing
  // database or table ("Table 'awsdatacatalog.db.t' does not exist"); InvalidInput for tables
  // whose format cannot be read; storage errors naming the location.
  // `lenient`: unconvertible values read as NULL (see TableScanSql).
  Result<BoundQuery> Bind(engine::Connection& connection, std::string_view sql,
                          std::string_view default_database, bool lenient = false);

 private:
  catalog::Catalog& catalog_;
  const storage::StorageRouter& router_;
  std::string scratch_root_;
  ObjectCache* cache_;
};

}  // namespace sluice::query
