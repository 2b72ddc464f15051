// Appender: bulk row insertion into a DuckDB table (DuckDB's appender), much faster than INSERT
// statements for many rows. Values are appended column by column, row by row; EndRow() closes a
// row; Flush() (or destruction) writes what was appended.
//
// Thread-compatible and bound to its Connection (destroy it first); no other statement should
// run on the connection while it is open.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "engine/connection.h"
#include "engine/prepared.h"

namespace sluice::engine {

class Appender {
 public:
  // Opens an appender on `table` (in `schema`, "" = main). Errors: NotFound-like InvalidInput
  // with DuckDB's message for a missing table.
  static Result<Appender> Open(Connection& connection, const std::string& schema,
                               const std::string& table);
  ~Appender();  // flushes; an error at that point is lost: call Flush() to see it
  Appender(Appender&&) noexcept;
  Appender& operator=(Appender&&) noexcept;

  // Appends the next column's value of the current row (DuckDB casts it to the column type).
  // Errors: InvalidInput with DuckDB's message (too many values, a value that does not convert).
  Status Append(const ParamValue& value);
  // Ends the current row. InvalidInput when it has fewer values than the table has columns.
  Status EndRow();
  // Writes the appended rows to the table.
  Status Flush();

  struct Impl;

 private:
  explicit Appender(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
