// Connection: one DuckDB session (transaction state, settings, at most one open result).
//
// Thread-compatible: one thread at a time runs statements on it; Interrupt() is the exception
// and may be called from any thread. A Connection must outlive the PreparedStatements and
// ResultStreams made from it. Running any statement (or preparing one) closes a ResultStream
// still open on the same connection: its next Next() fails with FailedPrecondition.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::engine {

class Appender;
class PreparedStatement;
class ResultStream;

// A fully materialized result, values rendered as text (NULL → std::nullopt). For small
// results (tests, catalog commands); large results go through ResultStream.
struct TextResult {
  std::vector<std::string> column_names;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

struct QueryOptions {
  // Wall-clock limit for the statement (for a stream: until it is exhausted or destroyed).
  // Past it the statement is interrupted and fails with ResourceLimit naming the limit.
  std::optional<std::chrono::milliseconds> timeout;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (one or more statements) and materializes the last result. Errors: DuckDB's,
  // mapped by engine/duckdb_errors.h, with the statement; Unavailable when interrupted;
  // ResourceLimit when `options.timeout` passed.
  Result<TextResult> Query(std::string_view sql);
  Result<TextResult> Query(std::string_view sql, const QueryOptions& options);

  // Runs one statement and streams its result chunk by chunk (nothing is buffered beyond
  // DuckDB's small read-ahead). Errors as for Query; several statements → InvalidInput.
  Result<ResultStream> Stream(std::string_view sql, const QueryOptions& options = {});

  // Prepares one statement with `?` or `$n` parameters. Errors: InvalidInput for a statement
  // DuckDB cannot parse or bind, with its message.
  Result<PreparedStatement> Prepare(std::string_view sql);

  // Interrupts the statement running now (it fails with Unavailable). Thread-safe. A call
  // while nothing runs has no effect: DuckDB clears the flag when the next statement starts.
  void Interrupt();

  struct Impl;  // defined in engine/internal.h

 private:
  friend class Database;
  friend class Appender;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
