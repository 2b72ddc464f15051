// WriteStatements: CREATE TABLE AS and INSERT INTO [OVERWRITE], which write a query's result
// as a table's files and register them in the catalog, all or nothing (table_writer.h).
//
// CTAS writes to external_location (which must be empty), else to
// <query results folder>/tables/<query id>/, then creates the table with its partitions in one
// metastore transaction. INSERT INTO appends files under new or existing partitions and adds the
// new partitions in one transaction; INSERT OVERWRITE TABLE (Hive's form) first removes the
// files of each partition the statement writes (of the whole table when it is unpartitioned).
// Columns are matched by position, as Athena does, and cast to the table's types.
// Thread-safe (each call uses the caller's connection).
#pragma once

#include <functional>
#include <string>

#include "catalog/catalog.h"
#include "common/result.h"
#include "engine/connection.h"
#include "query/athena_statement.h"
#include "query/query_binder.h"
#include "storage/storage_router.h"

namespace sluice::query {

struct WriteContext {
  std::string database;        // the query's default database
  std::string query_id;        // names the files and the default location
  std::string results_folder;  // the query's output folder (ends with '/')
  std::string scratch_dir;     // local staging for this statement
  engine::QueryOptions options;
  std::function<bool()> cancelled;  // StopQueryExecution was called
};

struct WriteOutcome {
  uint64_t rows = 0;
  uint64_t bytes_scanned = 0;
};

class WriteStatements {
 public:
  WriteStatements(catalog::Catalog& catalog, const storage::StorageRouter& router,
                  QueryBinder& binder)
      : catalog_(catalog), router_(router), binder_(binder) {}

  // Errors: AlreadyExists for an existing table (none with IF NOT EXISTS), InvalidInput for a
  // non-empty external_location, unknown partition columns or unsupported formats (ORC, AVRO,
  // ION), the binder's and DuckDB's errors. On any error nothing stays behind.
  Result<WriteOutcome> CreateTable(engine::Connection& connection, const CreateTableAs& ctas,
                                   const WriteContext& context);
  // Errors: NotFound for the table, InvalidInput for a column count that does not match.
  Result<WriteOutcome> Insert(engine::Connection& connection, const InsertInto& insert,
                              const WriteContext& context);

 private:
  catalog::Catalog& catalog_;
  const storage::StorageRouter& router_;
  QueryBinder& binder_;
};

}  // namespace sluice::query
