// PreparedStatement: a statement parsed and bound once, executed many times with parameters.
//
// Thread-compatible, and bound to its Connection: use it only from the thread that owns the
// connection, and destroy it before the connection (and a stream from ExecuteStreaming before
// the statement). Movable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"
#include "engine/connection.h"
#include "engine/result_stream.h"

namespace sluice::engine {

// A parameter value: NULL, BOOLEAN, BIGINT, DOUBLE or VARCHAR. DuckDB casts it to the type the
// statement expects (a VARCHAR '2024-01-05' binds to a DATE parameter).
class ParamValue {
 public:
  using Variant = std::variant<std::monostate, bool, int64_t, double, std::string>;

  ParamValue() = default;                                     // NULL
  ParamValue(std::nullptr_t) {}                               // NOLINT: NULL
  ParamValue(bool v) : value_(v) {}                           // NOLINT
  ParamValue(int v) : value_(int64_t{v}) {}                   // NOLINT
  ParamValue(int64_t v) : value_(v) {}                        // NOLINT
  ParamValue(double v) : value_(v) {}                         // NOLINT
  ParamValue(std::string v) : value_(std::move(v)) {}         // NOLINT
  ParamValue(std::string_view v) : value_(std::string(v)) {}  // NOLINT
  ParamValue(const char* v) : value_(std::string(v)) {}       // NOLINT

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  const Variant& value() const { return value_; }

 private:
  Variant value_;
};

class PreparedStatement {
 public:
  ~PreparedStatement();
  PreparedStatement(PreparedStatement&&) noexcept;
  PreparedStatement& operator=(PreparedStatement&&) noexcept;

  // Number of parameters; they are numbered from 1.
  size_t parameter_count() const;
  // Binds parameter `index` (1-based). Errors: InvalidInput for an index out of range or a
  // value DuckDB cannot convert to the parameter's type.
  Status Bind(size_t index, const ParamValue& value);
  // Unbinds every parameter.
  Status ClearBindings();

  // Runs the statement with the bound parameters. Errors as for Connection::Query;
  // InvalidInput when a parameter is unbound.
  Result<TextResult> Execute(const QueryOptions& options = {});
  Result<ResultStream> ExecuteStreaming(const QueryOptions& options = {});

  const std::string& sql() const;

  struct Impl;  // defined in engine/internal.h
  explicit PreparedStatement(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::engine
