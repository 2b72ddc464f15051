// The SQL engine: the only code that includes duckdb.h (through duckdb_engine.cc).
//
// A Database owns one DuckDB instance; a Connection is used by one thread at a time.
// DuckDB's C error codes become Status values that carry the statement and DuckDB's message.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::engine {

// A fully materialized result, values rendered as text (NULL → std::nullopt). For small
// results (tests, catalog commands); streamed results come with the query engine issue.
struct TextResult {
  std::vector<std::string> column_names;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

class Connection;

class Database {
 public:
  // Opens DuckDB at `path` ("" = in memory). Errors: IOError with DuckDB's message.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<std::unique_ptr<Connection>> Connect();
  // DuckDB's library version, e.g. "v1.4.4".
  static std::string LibraryVersion();

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` and materializes its result. Errors: InvalidInput with the statement and
  // DuckDB's message (syntax, binder and most runtime errors are the caller's to fix).
  Result<TextResult> Query(std::string_view sql);

 private:
  friend class Database;
  struct Impl;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
