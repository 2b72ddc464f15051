// TableRefs: the tables a SELECT names, found in DuckDB's parse tree (json_serialize_sql), with
// where each name sits in the text and the WHERE conjuncts that could prune its partitions.
//
// Pure functions over the JSON text; the binder runs json_serialize_sql and rewrites the query.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::query {

struct TableRef {
  std::string catalog;  // "" unless written (e.g. "awsdatacatalog")
  std::string schema;   // the database, "" when unqualified
  std::string table;    // as written (case kept)
  std::string alias;    // "" when none
  size_t begin = 0;     // byte span of the (possibly qualified) name in the query text
  size_t end = 0;
  // AND-ed terms of the WHERE clause of the SELECT whose FROM holds this table, and whether the
  // table is alone in that FROM (then unqualified column names can only mean its columns).
  std::vector<nlohmann::json> conjuncts;
  bool alone_in_from = false;
};

struct ParsedQuery {
  std::vector<TableRef> tables;     // in text order
  std::set<std::string> cte_names;  // lowercased; an unqualified name here is not a catalog table
  // Athena's names for the result columns where they differ from DuckDB's: an unnamed
  // expression in the top SELECT list is _col<i> ("" = keep DuckDB's name). Empty when the list
  // has a * (positions would not match).
  std::vector<std::string> column_names;
};

// Reads json_serialize_sql's output for `sql`. InvalidInput with DuckDB's message when the
// parser rejected the statement (or it is not a single SELECT), naming the position.
Result<ParsedQuery> ReadTableRefs(std::string_view serialized, std::string_view sql);

// The end of the dotted name starting at `begin` in `sql` (identifiers bare or "quoted",
// whitespace allowed around the dots). Returns `begin` when no identifier starts there.
size_t ScanQualifiedName(std::string_view sql, size_t begin);

}  // namespace sluice::query
