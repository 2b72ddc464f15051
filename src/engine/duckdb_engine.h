// The SQL engine: the only code that includes duckdb.h (privately, in src/engine/*.cc).
//
// This umbrella header brings in the whole engine API:
//   database.h      Database, DatabaseOptions (memory limit, threads, temp directory)
//   connection.h    Connection (Query → TextResult, Stream, Prepare, Interrupt), QueryOptions
//   prepared.h      PreparedStatement, ParamValue
//   result_stream.h ResultStream (streamed results), chunk.h Chunk (typed cell access, ToText)
//   pool.h          ConnectionPool
// DuckDB's errors become Status values carrying the statement and DuckDB's message
// (engine/duckdb_errors.h has the mapping). Thread safety is stated in each header.
#pragma once

#include "engine/chunk.h"
#include "engine/connection.h"
#include "engine/database.h"
#include "engine/pool.h"
#include "engine/prepared.h"
#include "engine/result_stream.h"
