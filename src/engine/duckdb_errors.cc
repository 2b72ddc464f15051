#include "engine/duckdb_errors.h"

#include <array>
#include <utility>

namespace sluice::engine::internal {
namespace {

constexpr size_t kStatementLimit = 200;

// DuckDB's own names for its exception types (src/common/exception.cpp, EXCEPTION_MAP).
constexpr std::array<std::pair<duckdb_error_type, std::string_view>, 43> kErrorNames = {{
    {DUCKDB_ERROR_OUT_OF_RANGE, "Out of Range"},
    {DUCKDB_ERROR_CONVERSION, "Conversion"},
    {DUCKDB_ERROR_UNKNOWN_TYPE, "Unknown Type"},
    {DUCKDB_ERROR_DECIMAL, "Decimal"},
    {DUCKDB_ERROR_MISMATCH_TYPE, "Mismatch Type"},
    {DUCKDB_ERROR_DIVIDE_BY_ZERO, "Divide by Zero"},
    {DUCKDB_ERROR_OBJECT_SIZE, "Object Size"},
    {DUCKDB_ERROR_INVALID_TYPE, "Invalid type"},
    {DUCKDB_ERROR_SERIALIZATION, "Serialization"},
    {DUCKDB_ERROR_TRANSACTION, "TransactionContext"},
    {DUCKDB_ERROR_NOT_IMPLEMENTED, "Not implemented"},
    {DUCKDB_ERROR_EXPRESSION, "Expression"},
    {DUCKDB_ERROR_CATALOG, "Catalog"},
    {DUCKDB_ERROR_PARSER, "Parser"},
    {DUCKDB_ERROR_PLANNER, "Planner"},
    {DUCKDB_ERROR_SCHEDULER, "Scheduler"},
    {DUCKDB_ERROR_EXECUTOR, "Executor"},
    {DUCKDB_ERROR_CONSTRAINT, "Constraint"},
    {DUCKDB_ERROR_INDEX, "Index"},
    {DUCKDB_ERROR_STAT, "Stat"},
    {DUCKDB_ERROR_CONNECTION, "Connection"},
    {DUCKDB_ERROR_SYNTAX, "Syntax"},
    {DUCKDB_ERROR_SETTINGS, "Settings"},
    {DUCKDB_ERROR_BINDER, "Binder"},
    {DUCKDB_ERROR_NETWORK, "Network"},
    {DUCKDB_ERROR_OPTIMIZER, "Optimizer"},
    {DUCKDB_ERROR_NULL_POINTER, "NullPointer"},
    {DUCKDB_ERROR_IO, "IO"},
    {DUCKDB_ERROR_INTERRUPT, "INTERRUPT"},
    {DUCKDB_ERROR_FATAL, "FATAL"},
    {DUCKDB_ERROR_INTERNAL, "INTERNAL"},
    {DUCKDB_ERROR_INVALID_INPUT, "Invalid Input"},
    {DUCKDB_ERROR_OUT_OF_MEMORY, "Out of Memory"},
    {DUCKDB_ERROR_PERMISSION, "Permission"},
    {DUCKDB_ERROR_PARAMETER_NOT_RESOLVED, "Parameter Not Resolved"},
    {DUCKDB_ERROR_PARAMETER_NOT_ALLOWED, "Parameter Not Allowed"},
    {DUCKDB_ERROR_DEPENDENCY, "Dependency"},
    {DUCKDB_ERROR_HTTP, "HTTP"},
    {DUCKDB_ERROR_MISSING_EXTENSION, "Missing Extension"},
    {DUCKDB_ERROR_AUTOLOAD, "Extension Autoloading"},
    {DUCKDB_ERROR_SEQUENCE, "Sequence"},
    {DUCKDB_INVALID_CONFIGURATION, "Invalid Configuration"},
    {DUCKDB_ERROR_INVALID, "Invalid"},
}};

StatusCode CodeFor(duckdb_error_type type) {
  switch (type) {
    case DUCKDB_ERROR_PARSER:
    case DUCKDB_ERROR_SYNTAX:
    case DUCKDB_ERROR_BINDER:
    case DUCKDB_ERROR_CATALOG:
    case DUCKDB_ERROR_INVALID_INPUT:
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_UNKNOWN_TYPE:
    case DUCKDB_ERROR_DECIMAL:
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_DIVIDE_BY_ZERO:
    case DUCKDB_ERROR_INVALID_TYPE:
    case DUCKDB_ERROR_NOT_IMPLEMENTED:
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
    case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
    case DUCKDB_ERROR_DEPENDENCY:
    case DUCKDB_ERROR_SEQUENCE:
    case DUCKDB_ERROR_SETTINGS:
    case DUCKDB_INVALID_CONFIGURATION:
      return StatusCode::kInvalidInput;
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return StatusCode::kResourceLimit;
    case DUCKDB_ERROR_INTERRUPT:
      return StatusCode::kUnavailable;
    case DUCKDB_ERROR_IO:
    case DUCKDB_ERROR_HTTP:
    case DUCKDB_ERROR_NETWORK:
      return StatusCode::kIOError;
    case DUCKDB_ERROR_TRANSACTION:
      return StatusCode::kConcurrentModification;
    default:
      return StatusCode::kInternal;
  }
}

}  // namespace

std::string StatementForMessage(std::string_view sql) {
  if (sql.size() <= kStatementLimit) return std::string(sql);
  return std::string(sql.substr(0, kStatementLimit)) + "...";
}

duckdb_error_type ErrorTypeFromMessage(std::string_view message) {
  size_t end = message.find(" Error: ");
  if (end == std::string_view::npos) return DUCKDB_ERROR_INVALID;
  std::string_view name = message.substr(0, end);
  for (const auto& [type, text] : kErrorNames) {
    if (text == name) return type;
  }
  return DUCKDB_ERROR_INVALID;
}

Status DuckDbErrorStatus(duckdb_error_type type, std::string_view what, const char* message,
                         std::string_view statement) {
  std::string text(what);
  text += " failed: ";
  text += message != nullptr ? message : "unknown DuckDB error";
  text += " (statement: " + StatementForMessage(statement) + ")";
  return Status(CodeFor(type), std::move(text));
}

Status DuckDbErrorStatus(std::string_view what, const char* message, std::string_view statement) {
  duckdb_error_type type =
      ErrorTypeFromMessage(message != nullptr ? std::string_view(message) : std::string_view());
  return DuckDbErrorStatus(type, what, message, statement);
}

}  // namespace sluice::engine::internal
