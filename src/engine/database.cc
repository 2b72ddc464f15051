#include "engine/database.h"

#include <string>

#include "engine/duckdb_errors.h"
#include "engine/internal.h"

namespace sluice::engine {
namespace {

struct ConfigGuard {
  duckdb_config config = nullptr;
  ~ConfigGuard() {
    if (config != nullptr) duckdb_destroy_config(&config);
  }
};

Status SetOption(duckdb_config config, const char* name, const std::string& value) {
  if (duckdb_set_config(config, name, value.c_str()) != DuckDBSuccess) {
    return Status::InvalidInput("DuckDB rejected option " + std::string(name) + "='" + value + "'");
  }
  return Status::OK();
}

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

std::string Database::LibraryVersion() { return duckdb_library_version(); }

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  return Open(path, DatabaseOptions{});
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                 const DatabaseOptions& options) {
  ConfigGuard config;
  if (duckdb_create_config(&config.config) != DuckDBSuccess) {
    return Status::Internal("DuckDB: cannot create a configuration");
  }
  if (!options.memory_limit.empty()) {
    RETURN_NOT_OK(SetOption(config.config, "memory_limit", options.memory_limit));
  }
  if (options.threads < 0) {
    return Status::InvalidInput("threads must be ≥ 0, got " + std::to_string(options.threads));
  }
  if (options.threads > 0) {
    RETURN_NOT_OK(SetOption(config.config, "threads", std::to_string(options.threads)));
  }
  if (!options.temp_directory.empty()) {
    RETURN_NOT_OK(SetOption(config.config, "temp_directory", options.temp_directory));
  }
  auto impl = std::make_unique<Impl>();
  char* error = nullptr;
  duckdb_state state =
      duckdb_open_ext(path.empty() ? nullptr : path.c_str(), &impl->db, config.config, &error);
  if (state != DuckDBSuccess) {
    std::string message = error != nullptr ? error : "unknown error";
    duckdb_free(error);
    impl->db = nullptr;
    std::string text = "DuckDB: cannot open '" + path + "': " + message;
    duckdb_error_type type = internal::ErrorTypeFromMessage(message);
    if (type == DUCKDB_ERROR_INVALID_INPUT || type == DUCKDB_INVALID_CONFIGURATION ||
        type == DUCKDB_ERROR_PARSER || type == DUCKDB_ERROR_CONVERSION ||
        type == DUCKDB_ERROR_SETTINGS) {
      return Status::InvalidInput(text);
    }
    return Status::IOError(text);
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Database::Connect() {
  auto impl = std::make_unique<Connection::Impl>();
  if (duckdb_connect(impl_->db, &impl->conn) != DuckDBSuccess) {
    impl->conn = nullptr;
    return Status::Internal("DuckDB: cannot open a connection");
  }
  return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

}  // namespace sluice::engine
