// Partition pruning: the WHERE terms of a query that only test one table's partition keys,
// turned into a Glue GetPartitions expression, so the catalog's partition index picks the
// partitions a query reads.
//
// Conservative by construction: a term is translated only when its meaning is the same in DuckDB
// and in the Glue expression language (column against constant, constants of the key's kind);
// anything else is left out, which reads more partitions, never fewer. DuckDB still applies the
// whole WHERE clause to what is read. Pure functions.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "query/table_refs.h"

namespace sluice::query {

// A table's partition keys (lowercased name → Glue type string) and the names a column of it
// may be qualified with (its alias, else its table name).
struct PruneScope {
  std::map<std::string, std::string> keys;
  std::string qualifier;
  bool allow_unqualified = false;  // the table is alone in its FROM
};

// The Glue expression for one parsed expression node, or nullopt when it cannot be translated.
std::optional<std::string> PartitionExpression(const nlohmann::json& expr, const PruneScope& scope);

// The conjunction of the translatable terms of `ref.conjuncts`; "" when none is.
std::string PruningExpression(const TableRef& ref, const PruneScope& scope);

}  // namespace sluice::query
