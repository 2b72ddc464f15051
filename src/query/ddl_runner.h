// DdlRunner: runs the Athena statements that are not queries (athena_statement.h) against the
// catalog and storage, the way Athena does: CREATE/DROP DATABASE, CREATE EXTERNAL TABLE,
// DROP TABLE, ALTER TABLE ADD/DROP PARTITION, MSCK REPAIR TABLE, and the SHOW and DESCRIBE
// statements, whose results are plain text columns without a header row.
// Thread-safe (the catalog and router are).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/result.h"
#include "query/athena_statement.h"
#include "query/result_csv.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct StatementResult {
  std::vector<std::string> columns;  // names of the (varchar) result columns
  std::vector<CsvRow> rows;
};

class DdlRunner {
 public:
  DdlRunner(catalog::Catalog& catalog, const storage::StorageRouter& router)
      : catalog_(catalog), router_(router) {}

  // Errors: the catalog's (NotFound "Database db not found", AlreadyExists ...), InvalidInput
  // when no database is named and `default_database` is empty; InvalidInput for Query, CTAS and
  // INSERT statements (not DDL).
  Result<StatementResult> Run(const AthenaStatement& statement,
                              const std::string& default_database);

 private:
  Result<StatementResult> Show(const AthenaStatement& statement, const std::string& db);
  Result<StatementResult> AddPartitions(const AlterTableAddPartitions& add, const std::string& db);
  Result<StatementResult> Repair(const MsckRepair& repair, const std::string& db);

  catalog::Catalog& catalog_;
  const storage::StorageRouter& router_;
};

// The database a statement's table lives in: its own, else the default. InvalidInput when
// neither is set.
Result<std::string> DatabaseOf(const TableName& table, const std::string& default_database);

}  // namespace sluice::query
