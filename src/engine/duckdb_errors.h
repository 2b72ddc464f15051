// DuckDB errors → Status. Private to src/engine (includes duckdb.h).
//
// Codes follow what the caller does next: parser/binder/catalog/conversion and other
// statement faults → InvalidInput (fix the SQL); out of memory → ResourceLimit (raise the
// limit or shrink the query); interrupt → Unavailable (cancelled; retry later); IO/HTTP →
// IOError; a transaction conflict → ConcurrentModification; anything else → Internal.
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::engine::internal {

// `sql` cut to ~200 characters (with "..."), for error messages.
std::string StatementForMessage(std::string_view sql);

// The error type named by a DuckDB message's "<Type> Error: " prefix; DUCKDB_ERROR_INVALID when
// the prefix is missing. Used where the C API gives a message but no type (prepare, pending).
duckdb_error_type ErrorTypeFromMessage(std::string_view message);

// The Status for a DuckDB error: "<what> failed: <DuckDB message> (statement: <sql...>)".
Status DuckDbErrorStatus(duckdb_error_type type, std::string_view what, const char* message,
                         std::string_view statement);

// As above, with the type taken from the message's prefix.
Status DuckDbErrorStatus(std::string_view what, const char* message, std::string_view statement);

}  // namespace sluice::engine::internal
