// The engine's private state: the Impl structs behind the public classes, over DuckDB's C
// handles. Private to src/engine (includes duckdb.h); never include it from another module.
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/chunk.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "engine/prepared.h"
#include "engine/result_stream.h"
#include "engine/watchdog.h"

namespace sluice::engine {

struct Database::Impl {
  duckdb_database db = nullptr;
  ~Impl() {
    if (db != nullptr) duckdb_close(&db);
  }
};

struct Connection::Impl {
  duckdb_connection conn = nullptr;
  // Bumped by every statement run or prepared; a ResultStream opened at generation g is
  // closed by DuckDB once this moves past g. Touched only by the owning thread.
  uint64_t generation = 0;
  ~Impl() {
    if (conn != nullptr) duckdb_disconnect(&conn);
  }
};

struct PreparedStatement::Impl {
  Connection::Impl* conn = nullptr;  // borrowed; outlives this statement
  duckdb_prepared_statement stmt = nullptr;
  std::string sql;
  ~Impl() {
    if (stmt != nullptr) duckdb_destroy_prepare(&stmt);
  }
};

namespace internal {

// What a column holds, read once per result from its logical type.
struct ColumnType {
  duckdb_type id = DUCKDB_TYPE_INVALID;
  duckdb_type storage = DUCKDB_TYPE_INVALID;  // DECIMAL/ENUM: the physical integer type
  uint8_t width = 0;
  uint8_t scale = 0;
  std::vector<std::string> enum_values;
};

struct ResultSchema {
  std::vector<std::string> names;
  std::vector<std::string> type_names;
  std::vector<ColumnType> types;
};

// DuckDB's name for a logical type, as LogicalType::ToString() spells it.
std::string LogicalTypeName(duckdb_logical_type type);

// Names and types of `result`'s columns.
std::shared_ptr<const ResultSchema> SchemaOf(duckdb_result* result);

// Every row of a successful materialized result, as text.
TextResult MaterializeText(duckdb_result* result);

// The Status for a failed statement (type from the message when INVALID); a timeout
// (ResourceLimit naming the limit) when it was interrupted after `watchdog` (may be null) fired.
Status StatementErrorStatus(duckdb_error_type type, std::string_view what, const char* message,
                            std::string_view sql, const Watchdog* watchdog);

// StatementErrorStatus for a failed result.
Status FailedResultStatus(duckdb_result* result, std::string_view what, std::string_view sql,
                          const Watchdog* watchdog);

// A watchdog interrupting `conn` after options.timeout; null when there is no timeout.
std::unique_ptr<Watchdog> StartWatchdog(duckdb_connection conn, const QueryOptions& options);

// Runs `stmt` as a streaming query on `conn`; the stream keeps `owned` (may be null) alive.
Result<ResultStream> StartStream(Connection::Impl& conn, duckdb_prepared_statement stmt,
                                 std::string_view sql, const QueryOptions& options,
                                 std::unique_ptr<PreparedStatement::Impl> owned);

}  // namespace internal

struct ResultStream::Impl {
  Connection::Impl* conn = nullptr;  // borrowed; outlives this stream
  uint64_t generation = 0;
  duckdb_result result{};
  bool has_result = false;
  bool done = false;
  Status error;  // once a fetch failed, every later Next() returns it
  std::string sql;
  std::unique_ptr<Watchdog> watchdog;
  std::shared_ptr<const internal::ResultSchema> schema;
  std::unique_ptr<PreparedStatement::Impl> owned_statement;  // for Connection::Stream
  ~Impl() {
    if (watchdog) watchdog->Disarm();
    if (has_result) duckdb_destroy_result(&result);
  }
};

struct Chunk::Impl {
  struct Column {
    const void* data = nullptr;
    const uint64_t* validity = nullptr;  // null: every row valid
  };
  duckdb_data_chunk chunk = nullptr;
  size_t rows = 0;
  // Shared with the stream and its other chunks: a chunk may outlive its stream.
  std::shared_ptr<const internal::ResultSchema> schema;
  std::vector<Column> columns;
  ~Impl() {
    if (chunk != nullptr) duckdb_destroy_data_chunk(&chunk);
  }
};

}  // namespace sluice::engine
