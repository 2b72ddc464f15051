// Database: one DuckDB instance (in memory or a file), the factory of Connections.
//
// Thread-safe: Connect() may be called from any thread. The Database must outlive every
// Connection (and everything made from one) that it opened.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace sluice::engine {

class Connection;

// Instance-wide settings, applied when the database opens (DuckDB has no per-query limits).
struct DatabaseOptions {
  std::string memory_limit;    // e.g. "512MB"; "" = DuckDB's default (80% of RAM)
  int threads = 0;             // worker threads; 0 = DuckDB's default (one per core)
  std::string temp_directory;  // where operators spill; "" = DuckDB's default
};

class Database {
 public:
  // Opens DuckDB at `path` ("" = in memory). Errors: InvalidInput for a rejected option,
  // IOError when the file cannot be opened, each with DuckDB's message.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A new connection. Errors: Internal when DuckDB refuses one.
  Result<std::unique_ptr<Connection>> Connect();
  // DuckDB's library version, e.g. "v1.4.4".
  static std::string LibraryVersion();

  struct Impl;  // defined in engine/internal.h

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
