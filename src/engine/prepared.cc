#include "engine/prepared.h"

#include <string>

#include "engine/duckdb_errors.h"
#include "engine/internal.h"

namespace sluice::engine {

PreparedStatement::PreparedStatement(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedStatement::~PreparedStatement() = default;
PreparedStatement::PreparedStatement(PreparedStatement&&) noexcept = default;
PreparedStatement& PreparedStatement::operator=(PreparedStatement&&) noexcept = default;

size_t PreparedStatement::parameter_count() const { return duckdb_nparams(impl_->stmt); }

const std::string& PreparedStatement::sql() const { return impl_->sql; }

Status PreparedStatement::Bind(size_t index, const ParamValue& value) {
  size_t count = parameter_count();
  if (index < 1 || index > count) {
    return Status::InvalidInput("parameter index " + std::to_string(index) +
                                " is out of range: the statement has " + std::to_string(count) +
                                " parameter(s), numbered from 1 (statement: " +
                                internal::StatementForMessage(impl_->sql) + ")");
  }
  duckdb_prepared_statement stmt = impl_->stmt;
  duckdb_state state = std::visit(
      [&](const auto& v) -> duckdb_state {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return duckdb_bind_null(stmt, index);
        } else if constexpr (std::is_same_v<T, bool>) {
          return duckdb_bind_boolean(stmt, index, v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return duckdb_bind_int64(stmt, index, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return duckdb_bind_double(stmt, index, v);
        } else {
          return duckdb_bind_varchar_length(stmt, index, v.data(), v.size());
        }
      },
      value.value());
  if (state != DuckDBSuccess) {
    return Status::InvalidInput("cannot bind parameter " + std::to_string(index) +
                                " (statement: " + internal::StatementForMessage(impl_->sql) + ")");
  }
  return Status::OK();
}

Status PreparedStatement::ClearBindings() {
  if (duckdb_clear_bindings(impl_->stmt) != DuckDBSuccess) {
    return Status::Internal("DuckDB: cannot clear bindings of " +
                            internal::StatementForMessage(impl_->sql));
  }
  return Status::OK();
}

Result<TextResult> PreparedStatement::Execute(const QueryOptions& options) {
  ++impl_->conn->generation;
  duckdb_result result;
  auto watchdog = internal::StartWatchdog(impl_->conn->conn, options);
  duckdb_state state = duckdb_execute_prepared(impl_->stmt, &result);
  if (watchdog) watchdog->Disarm();
  struct Destroy {
    duckdb_result* r;
    ~Destroy() { duckdb_destroy_result(r); }
  } destroy{&result};
  if (state != DuckDBSuccess) {
    return internal::FailedResultStatus(&result, "execute", impl_->sql, watchdog.get());
  }
  return internal::MaterializeText(&result);
}

Result<ResultStream> PreparedStatement::ExecuteStreaming(const QueryOptions& options) {
  return internal::StartStream(*impl_->conn, impl_->stmt, impl_->sql, options, nullptr);
}

}  // namespace sluice::engine
