#include "engine/result_stream.h"

#include <string>

#include "engine/duckdb_errors.h"
#include "engine/internal.h"

namespace sluice::engine {
namespace internal {

std::shared_ptr<const ResultSchema> SchemaOf(duckdb_result* result) {
  auto schema = std::make_shared<ResultSchema>();
  idx_t columns = duckdb_column_count(result);
  for (idx_t c = 0; c < columns; ++c) {
    const char* name = duckdb_column_name(result, c);
    schema->names.emplace_back(name != nullptr ? name : "");
    duckdb_logical_type logical = duckdb_column_logical_type(result, c);
    schema->type_names.push_back(LogicalTypeName(logical));
    ColumnType type;
    type.id = duckdb_get_type_id(logical);
    type.storage = type.id;
    if (type.id == DUCKDB_TYPE_DECIMAL) {
      type.width = duckdb_decimal_width(logical);
      type.scale = duckdb_decimal_scale(logical);
      type.storage = duckdb_decimal_internal_type(logical);
    } else if (type.id == DUCKDB_TYPE_ENUM) {
      type.storage = duckdb_enum_internal_type(logical);
      uint32_t size = duckdb_enum_dictionary_size(logical);
      for (uint32_t i = 0; i < size; ++i) {
        char* value = duckdb_enum_dictionary_value(logical, i);
        type.enum_values.emplace_back(value != nullptr ? value : "");
        duckdb_free(value);
      }
    }
    schema->types.push_back(std::move(type));
    duckdb_destroy_logical_type(&logical);
  }
  return schema;
}

Result<ResultStream> StartStream(Connection::Impl& conn, duckdb_prepared_statement stmt,
                                 std::string_view sql, const QueryOptions& options,
                                 std::unique_ptr<PreparedStatement::Impl> owned) {
  ++conn.generation;
  auto impl = std::make_unique<ResultStream::Impl>();
  impl->conn = &conn;
  impl->generation = conn.generation;
  impl->sql = std::string(sql);
  impl->owned_statement = std::move(owned);
  impl->watchdog = StartWatchdog(conn.conn, options);

  // duckdb_pending_prepared_streaming is marked for removal but is, in 1.4, the C API's only
  // way to a streaming (not materialized) result.
  duckdb_pending_result pending = nullptr;
  struct DestroyPending {
    duckdb_pending_result* p;
    ~DestroyPending() { duckdb_destroy_pending(p); }
  } destroy_pending{&pending};
  if (duckdb_pending_prepared_streaming(stmt, &pending) != DuckDBSuccess) {
    const char* message = pending != nullptr ? duckdb_pending_error(pending) : nullptr;
    return StatementErrorStatus(DUCKDB_ERROR_INVALID, "query", message, sql, impl->watchdog.get());
  }
  duckdb_state state = duckdb_execute_pending(pending, &impl->result);
  impl->has_result = true;
  if (state != DuckDBSuccess) {
    if (impl->watchdog) impl->watchdog->Disarm();
    return FailedResultStatus(&impl->result, "query", sql, impl->watchdog.get());
  }
  impl->schema = SchemaOf(&impl->result);
  return ResultStream(std::move(impl));
}

}  // namespace internal

ResultStream::ResultStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultStream::~ResultStream() = default;
ResultStream::ResultStream(ResultStream&&) noexcept = default;
ResultStream& ResultStream::operator=(ResultStream&&) noexcept = default;

size_t ResultStream::column_count() const { return impl_->schema->names.size(); }
const std::vector<std::string>& ResultStream::column_names() const { return impl_->schema->names; }
const std::vector<std::string>& ResultStream::column_types() const {
  return impl_->schema->type_names;
}

Result<std::optional<Chunk>> ResultStream::Next() {
  if (!impl_->error.ok()) return impl_->error;
  if (impl_->done) return std::optional<Chunk>();
  if (impl_->conn->generation != impl_->generation) {
    impl_->error = Status::FailedPrecondition(
        "result stream closed: another statement ran on its connection before it was read to "
        "the end; use a second connection (statement: " +
        internal::StatementForMessage(impl_->sql) + ")");
    if (impl_->watchdog) impl_->watchdog->Disarm();
    return impl_->error;
  }
  duckdb_data_chunk chunk = duckdb_fetch_chunk(impl_->result);
  if (chunk == nullptr) {
    impl_->done = true;
    if (impl_->watchdog) impl_->watchdog->Disarm();
    if (duckdb_result_error(&impl_->result) != nullptr) {
      impl_->error =
          internal::FailedResultStatus(&impl_->result, "query", impl_->sql, impl_->watchdog.get());
      return impl_->error;
    }
    return std::optional<Chunk>();
  }
  auto data = std::make_unique<Chunk::Impl>();
  data->chunk = chunk;
  data->rows = duckdb_data_chunk_get_size(chunk);
  data->schema = impl_->schema;
  idx_t columns = duckdb_data_chunk_get_column_count(chunk);
  data->columns.resize(columns);
  for (idx_t c = 0; c < columns; ++c) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
    data->columns[c].data = duckdb_vector_get_data(vector);
    data->columns[c].validity = duckdb_vector_get_validity(vector);
  }
  return std::optional<Chunk>(Chunk(std::move(data)));
}

}  // namespace sluice::engine
