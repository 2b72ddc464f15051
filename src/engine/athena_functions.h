// Athena (Presto/Trino) functions that DuckDB lacks or names differently, as DuckDB macros.
//
// AthenaCompatibilitySql() is SQL text — CREATE OR REPLACE MACRO statements — to run once on a
// database (Connection::Query runs it whole) before it serves Athena queries. The macros live in
// that database's main schema. Some deliberately shadow a DuckDB builtin whose semantics differ
// from Athena's; they reach the builtin itself as system.main.<name>:
//   element_at (arrays, 1-based; maps: the value, not a list), cardinality (arrays and maps),
//   date_add (also Presto's (unit, n, ts); DuckDB's (ts, interval) still works), date_diff (whole
//   units elapsed, as Presto counts), date_trunc (keeps a timestamp a timestamp), millisecond
//   (0-999), array_distinct (first-occurrence order, keeps one NULL), array_position (0 when
//   absent), split_part (NULL past the last field), regexp_extract (NULL when nothing matches),
//   regexp_replace (every match, $1 group references), replace (two-argument form).
// docs/athena-sql.md ("Functions") lists every Athena function and how Sluice provides it.
// The date-time macros assume the connection's TimeZone is UTC (Athena's session zone).
#pragma once

#include <string_view>

namespace sluice::engine {

// The macro definitions, built once; thread-safe. Running them twice is harmless (OR REPLACE).
std::string_view AthenaCompatibilitySql();

}  // namespace sluice::engine
