#include "engine/duckdb_engine.h"

#include <duckdb.h>

namespace sluice::engine {

struct Database::Impl {
  duckdb_database db = nullptr;
  ~Impl() {
    if (db != nullptr) duckdb_close(&db);
  }
};

struct Connection::Impl {
  duckdb_connection conn = nullptr;
  ~Impl() {
    if (conn != nullptr) duckdb_disconnect(&conn);
  }
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

std::string Database::LibraryVersion() { return duckdb_library_version(); }

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  char* error = nullptr;
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) != DuckDBSuccess) {
    return Status::Internal("DuckDB: cannot create a configuration");
  }
  duckdb_state state =
      duckdb_open_ext(path.empty() ? nullptr : path.c_str(), &impl->db, config, &error);
  duckdb_destroy_config(&config);
  if (state != DuckDBSuccess) {
    std::string msg = "DuckDB: cannot open '" + path + "': " + (error ? error : "unknown error");
    duckdb_free(error);
    return Status::IOError(msg);
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Database::Connect() {
  auto impl = std::make_unique<Connection::Impl>();
  if (duckdb_connect(impl_->db, &impl->conn) != DuckDBSuccess) {
    return Status::Internal("DuckDB: cannot open a connection");
  }
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

Result<TextResult> Connection::Query(std::string_view sql) {
  duckdb_result result;
  std::string statement(sql);
  duckdb_state state = duckdb_query(impl_->conn, statement.c_str(), &result);
  struct Destroy {
    duckdb_result* r;
    ~Destroy() { duckdb_destroy_result(r); }
  } destroy{&result};
  if (state != DuckDBSuccess) {
    const char* err = duckdb_result_error(&result);
    return Status::InvalidInput("query failed: " + std::string(err ? err : "unknown error") +
                                " (statement: " + statement + ")");
  }
  TextResult out;
  idx_t columns = duckdb_column_count(&result);
  for (idx_t c = 0; c < columns; ++c) out.column_names.emplace_back(duckdb_column_name(&result, c));
  // duckdb_value_varchar is deprecated in favour of chunk access; it remains the simplest
  // correct way to render any type as text for small results.
  idx_t rows = duckdb_row_count(&result);
  for (idx_t r = 0; r < rows; ++r) {
    std::vector<std::optional<std::string>> row;
    for (idx_t c = 0; c < columns; ++c) {
      if (duckdb_value_is_null(&result, c, r)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      char* text = duckdb_value_varchar(&result, c, r);
      row.emplace_back(text ? text : "");
      duckdb_free(text);
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace sluice::engine
