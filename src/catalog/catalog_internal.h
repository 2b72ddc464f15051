// Helpers shared by the catalog's operation files. Not part of the module's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/partition_key_codec.h"

namespace sluice::catalog::internal {

// Glue lowercases database and table names.
std::string NormalizeName(std::string_view name);

// Checks a database or table name (after NormalizeName): letters, digits, '_' and '-' only, so
// that names work unquoted in SQL and as storage path segments. `what` is "database"/"table".
Status ValidateEntityName(std::string_view what, std::string_view name);

// The row of a table, as operations need it.
struct TableRow {
  int64_t id = 0;
  int64_t version_id = 0;
  std::vector<PartitionKey> keys;
  json body;
};

// Fails with NotFound when the database does not exist.
Status RequireDatabase(metastore::Session& s, std::string_view database);

// Loads a table; NotFound names the database or table that is missing.
Result<TableRow> LoadTable(metastore::Session& s, std::string_view database,
                           std::string_view table);

// Partition keys of a Table/TableInput document (PartitionKeys[].Name/Type); types that the
// expression language does not know are treated as strings.
std::vector<PartitionKey> KeysOf(const json& table);

// Serializes a JSON document compactly; invalid UTF-8 is replaced rather than thrown.
std::string Dump(const json& doc);

// Parses a stored document (written by Dump, so always valid).
json ParseStored(std::string_view text);

// Inserts a table (and its first version) from a TableInput (tables.cc). AlreadyExists,
// NotFound for the database, InvalidInput for a bad name or duplicate partition keys.
Result<TableRow> InsertTable(metastore::Session& s, const std::string& db, const std::string& name,
                             const json& input, const std::string& catalog_id);

// Replaces a table's definition with a TableInput as a new version (archiving the old one unless
// `skip_archive`), re-encoding partitions when the key types change; `row` becomes the new state.
Status ReplaceTable(metastore::Session& s, TableRow& row, const json& input, bool skip_archive,
                    const std::string& catalog_id);

// Deletes everything that hangs off a table (versions, partitions, index entries, indexes).
Status DeleteTableChildren(metastore::Session& s, int64_t table_id);

// Partition values as JSON text (["2024","08"]) and back.
std::vector<std::string> ValuesOf(const json& values);

// A partition index: its name and the positions of its keys among the table's partition keys.
struct IndexDef {
  std::string name;
  std::vector<int> positions;
};

// The partition indexes of a table (partition_indexes.cc).
Result<std::vector<IndexDef>> LoadIndexes(metastore::Session& s, int64_t table_id);

// Adds the index entries of one partition to every index of its table.
Status InsertIndexEntries(metastore::Session& s, const TableRow& table,
                          const std::vector<IndexDef>& indexes, int64_t partition_id,
                          const std::vector<std::string>& values);

// All key positions of a table, in order: the order of the partitions' own sort key.
std::vector<int> AllPositions(const std::vector<PartitionKey>& keys);

// Partitions inside a transaction (partitions.cc). InsertPartition returns the new row id
// (AlreadyExists when the values exist); FindPartition its id and document (NotFound);
// UpdatePartitionInTxn replaces a partition's definition, keeping its CreationTime.
Result<int64_t> InsertPartition(metastore::Session& s, const TableRow& table,
                                const std::vector<IndexDef>& indexes, const json& input,
                                const std::string& catalog_id, double creation_time);
Result<std::pair<int64_t, json>> FindPartition(metastore::Session& s, const TableRow& table,
                                               const std::vector<std::string>& values);
Status UpdatePartitionInTxn(metastore::Session& s, const TableRow& table,
                            const std::vector<IndexDef>& indexes,
                            const std::vector<std::string>& values, const json& input,
                            const std::string& catalog_id);

}  // namespace sluice::catalog::internal
