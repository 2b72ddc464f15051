#include "engine/connection.h"

#include <string>

#include "engine/duckdb_errors.h"
#include "engine/internal.h"

namespace sluice::engine {
namespace internal {

TextResult MaterializeText(duckdb_result* result) {
  TextResult out;
  idx_t columns = duckdb_column_count(result);
  for (idx_t c = 0; c < columns; ++c) out.column_names.emplace_back(duckdb_column_name(result, c));
  // duckdb_value_varchar is deprecated in favour of chunk access; it remains the simplest
  // correct way to render any type (nested ones too) as text for small results.
  idx_t rows = duckdb_row_count(result);
  out.rows.reserve(rows);
  for (idx_t r = 0; r < rows; ++r) {
    std::vector<std::optional<std::string>> row;
    row.reserve(columns);
    for (idx_t c = 0; c < columns; ++c) {
      if (duckdb_value_is_null(result, c, r)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      char* text = duckdb_value_varchar(result, c, r);
      row.emplace_back(text != nullptr ? text : "");
      duckdb_free(text);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Status StatementErrorStatus(duckdb_error_type type, std::string_view what, const char* message,
                            std::string_view sql, const Watchdog* watchdog) {
  if (type == DUCKDB_ERROR_INVALID && message != nullptr) type = ErrorTypeFromMessage(message);
  if (type == DUCKDB_ERROR_INTERRUPT && watchdog != nullptr && watchdog->fired()) {
    return Status::ResourceLimit(
        "statement exceeded its time limit of " + std::to_string(watchdog->timeout().count()) +
        " ms and was interrupted (statement: " + StatementForMessage(sql) + ")");
  }
  if (type == DUCKDB_ERROR_INTERRUPT) {
    return Status::Unavailable(
        std::string(what) + " was interrupted (" + (message != nullptr ? message : "INTERRUPT") +
        "); run it again if it is still wanted (statement: " + StatementForMessage(sql) + ")");
  }
  return DuckDbErrorStatus(type, what, message, sql);
}

Status FailedResultStatus(duckdb_result* result, std::string_view what, std::string_view sql,
                          const Watchdog* watchdog) {
  return StatementErrorStatus(duckdb_result_error_type(result), what, duckdb_result_error(result),
                              sql, watchdog);
}

std::unique_ptr<Watchdog> StartWatchdog(duckdb_connection conn, const QueryOptions& options) {
  if (!options.timeout.has_value()) return nullptr;
  return std::make_unique<Watchdog>(*options.timeout, [conn] { duckdb_interrupt(conn); });
}

}  // namespace internal

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

Result<TextResult> Connection::Query(std::string_view sql) { return Query(sql, QueryOptions{}); }

Result<TextResult> Connection::Query(std::string_view sql, const QueryOptions& options) {
  ++impl_->generation;
  std::string statement(sql);
  duckdb_result result;
  auto watchdog = internal::StartWatchdog(impl_->conn, options);
  duckdb_state state = duckdb_query(impl_->conn, statement.c_str(), &result);
  if (watchdog) watchdog->Disarm();
  struct Destroy {
    duckdb_result* r;
    ~Destroy() { duckdb_destroy_result(r); }
  } destroy{&result};
  if (state != DuckDBSuccess) {
    return internal::FailedResultStatus(&result, "query", statement, watchdog.get());
  }
  return internal::MaterializeText(&result);
}

namespace {

Result<std::unique_ptr<PreparedStatement::Impl>> PrepareImpl(Connection::Impl& conn,
                                                             std::string_view sql) {
  ++conn.generation;
  auto impl = std::make_unique<PreparedStatement::Impl>();
  impl->conn = &conn;
  impl->sql = std::string(sql);
  if (duckdb_prepare(conn.conn, impl->sql.c_str(), &impl->stmt) != DuckDBSuccess) {
    const char* message = impl->stmt != nullptr ? duckdb_prepare_error(impl->stmt) : nullptr;
    return internal::DuckDbErrorStatus("prepare", message, impl->sql);
  }
  return impl;
}

}  // namespace

Result<PreparedStatement> Connection::Prepare(std::string_view sql) {
  ASSIGN_OR_RETURN(auto impl, PrepareImpl(*impl_, sql));
  return PreparedStatement(std::move(impl));
}

Result<ResultStream> Connection::Stream(std::string_view sql, const QueryOptions& options) {
  ASSIGN_OR_RETURN(auto prepared, PrepareImpl(*impl_, sql));
  duckdb_prepared_statement stmt = prepared->stmt;
  // The stream owns the statement: it is destroyed after the result.
  return internal::StartStream(*impl_, stmt, sql, options, std::move(prepared));
}

void Connection::Interrupt() { duckdb_interrupt(impl_->conn); }

}  // namespace sluice::engine
