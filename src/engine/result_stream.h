// ResultStream: a statement's result read chunk by chunk, without materializing it.
//
// Thread-compatible, and bound to its Connection (see connection.h): destroy it before the
// connection; another statement on the connection closes it. Destroying it early cancels
// the rest of the result. Movable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "engine/chunk.h"

namespace sluice::engine {

class ResultStream {
 public:
  ~ResultStream();
  ResultStream(ResultStream&&) noexcept;
  ResultStream& operator=(ResultStream&&) noexcept;

  size_t column_count() const;
  const std::vector<std::string>& column_names() const;
  // DuckDB's type names: "BIGINT", "DECIMAL(10,2)", "STRUCT(a INTEGER)", "INTEGER[]".
  const std::vector<std::string>& column_types() const;

  // The next chunk, or std::nullopt once the result is exhausted (and on every later call).
  // Errors: DuckDB's execution errors as for Connection::Query (Unavailable when interrupted,
  // ResourceLimit past the timeout); FailedPrecondition when another statement ran on the
  // connection since this stream opened.
  Result<std::optional<Chunk>> Next();

  struct Impl;  // defined in engine/internal.h
  explicit ResultStream(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
