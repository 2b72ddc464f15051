#include "engine/appender.h"

#include "engine/internal.h"

namespace sluice::engine {

struct Appender::Impl {
  duckdb_appender appender = nullptr;
  std::string table;
  ~Impl() {
    if (appender != nullptr) duckdb_appender_destroy(&appender);  // flushes and closes
  }
};

namespace {

Status AppenderError(duckdb_appender appender, std::string_view what, const std::string& table) {
  const char* message = duckdb_appender_error(appender);
  return Status::InvalidInput(std::string(what) + " on table " + table + " failed: " +
                              (message != nullptr ? message : "unknown DuckDB error"));
}

}  // namespace

Appender::Appender(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Appender::~Appender() = default;
Appender::Appender(Appender&&) noexcept = default;
Appender& Appender::operator=(Appender&&) noexcept = default;

Result<Appender> Appender::Open(Connection& connection, const std::string& schema,
                                const std::string& table) {
  auto impl = std::make_unique<Impl>();
  impl->table = schema.empty() ? table : schema + "." + table;
  duckdb_connection conn = connection.impl_->conn;
  if (duckdb_appender_create(conn, schema.empty() ? nullptr : schema.c_str(), table.c_str(),
                             &impl->appender) == DuckDBError) {
    Status status = AppenderError(impl->appender, "opening an appender", impl->table);
    return status;
  }
  return Appender(std::move(impl));
}

Status Appender::Append(const ParamValue& value) {
  duckdb_appender a = impl_->appender;
  duckdb_state state = std::visit(
      [&](const auto& v) -> duckdb_state {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return duckdb_append_null(a);
        } else if constexpr (std::is_same_v<T, bool>) {
          return duckdb_append_bool(a, v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return duckdb_append_int64(a, v);
        } else if constexpr (std::is_same_v<T, double>) {
          return duckdb_append_double(a, v);
        } else {
          return duckdb_append_varchar_length(a, v.data(), v.size());
        }
      },
      value.value());
  if (state == DuckDBError) return AppenderError(a, "appending a value", impl_->table);
  return Status::OK();
}

Status Appender::EndRow() {
  if (duckdb_appender_end_row(impl_->appender) == DuckDBError) {
    return AppenderError(impl_->appender, "ending a row", impl_->table);
  }
  return Status::OK();
}

Status Appender::Flush() {
  if (duckdb_appender_flush(impl_->appender) == DuckDBError) {
    return AppenderError(impl_->appender, "flushing", impl_->table);
  }
  return Status::OK();
}

}  // namespace sluice::engine
