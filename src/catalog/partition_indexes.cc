// Partition indexes: CreatePartitionIndex, GetPartitionIndexes, DeletePartitionIndex, and the
// index entries kept in step with the partitions. An index over keys (k_a, k_b, ...) maps
// EncodeIndexKey(values at those keys) → partition id, so GetPartitions can answer a filter on
// non-leading keys with a range scan (partition_query.cc chooses the index).
#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"

namespace sluice::catalog {

using metastore::Blob;
using metastore::Row;
using metastore::Session;
using namespace internal;

namespace {
constexpr size_t kMaxIndexesPerTable = 3;  // Glue's limit
}

namespace internal {

std::vector<int> AllPositions(const std::vector<PartitionKey>& keys) {
  std::vector<int> positions(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) positions[i] = static_cast<int>(i);
  return positions;
}

Result<std::vector<IndexDef>> LoadIndexes(Session& s, int64_t table_id) {
  std::vector<IndexDef> indexes;
  RETURN_NOT_OK(
      s.Query("SELECT index_name, key_positions FROM catalog_partition_indexes WHERE table_id = ? "
              "ORDER BY index_name",
              {table_id}, [&](const Row& r) {
                IndexDef def;
                def.name = r.Text(0);
                json positions = ParseStored(r.Text(1));
                if (positions.is_array()) def.positions = positions.get<std::vector<int>>();
                indexes.push_back(std::move(def));
                return true;
              }));
  return indexes;
}

Status InsertIndexEntries(Session& s, const TableRow& table, const std::vector<IndexDef>& indexes,
                          int64_t partition_id, const std::vector<std::string>& values) {
  for (const IndexDef& index : indexes) {
    std::string key = EncodeIndexKey(table.keys, values, index.positions);
    RETURN_NOT_OK(
        s.Execute("INSERT INTO catalog_partition_index_entries (table_id, index_name, index_key, "
                  "partition_id) "
                  "VALUES (?, ?, ?, ?)",
                  {table.id, std::string_view(index.name), Blob{key}, partition_id}));
  }
  return Status::OK();
}

}  // namespace internal

Status CreatePartitionIndexInTxn(Session& s, const TableRow& table, const json& index) {
  std::string name = index.value("IndexName", "");
  std::string where =
      "table '" + table.body.value("DatabaseName", "") + "." + table.body.value("Name", "") + "'";
  ASSIGN_OR_RETURN(std::vector<IndexDef> existing, LoadIndexes(s, table.id));
  for (const IndexDef& def : existing) {
    if (def.name == name)
      return Status::AlreadyExists("Partition index '" + name + "' already exists on " + where);
  }
  if (existing.size() >= kMaxIndexesPerTable) {
    return Status::ResourceLimit(where + " already has " + std::to_string(existing.size()) +
                                 " partition indexes, the most a table can have");
  }
  IndexDef def{name, {}};
  json keys = json::array();
  for (const json& k : index.value("Keys", json::array())) {
    std::string key_name = NormalizeName(k.get<std::string>());
    int found = -1;
    for (size_t i = 0; i < table.keys.size(); ++i) {
      if (NormalizeName(table.keys[i].name) == key_name) found = static_cast<int>(i);
    }
    if (found < 0) {
      std::string list;
      for (const auto& pk : table.keys) list += (list.empty() ? "" : ", ") + pk.name;
      return Status::InvalidInput("Partition index '" + name + "' names '" + key_name +
                                  "', which is not a partition key of " + where +
                                  " (keys: " + list + ")");
    }
    for (int p : def.positions) {
      if (p == found)
        return Status::InvalidInput("Partition index '" + name + "' lists key '" + key_name +
                                    "' twice");
    }
    def.positions.push_back(found);
    const json& pk = table.body["PartitionKeys"][found];
    keys.push_back({{"Name", pk.value("Name", "")}, {"Type", pk.value("Type", "string")}});
  }
  json descriptor = {{"IndexName", name}, {"Keys", keys}, {"IndexStatus", "ACTIVE"}};
  std::string positions = Dump(json(def.positions));
  std::string body = Dump(descriptor);
  RETURN_NOT_OK(s.Execute(
      "INSERT INTO catalog_partition_indexes (table_id, index_name, key_positions, body) "
      "VALUES (?, ?, ?, ?)",
      {table.id, std::string_view(name), std::string_view(positions), std::string_view(body)}));
  // Backfill: every existing partition gets its entry in the same transaction.
  struct Pending {
    int64_t id;
    std::vector<std::string> values;
  };
  std::vector<Pending> partitions;
  RETURN_NOT_OK(s.Query("SELECT id, partition_values FROM catalog_partitions WHERE table_id = ?",
                        {table.id}, [&](const Row& r) {
                          partitions.push_back({r.Int(0), ValuesOf(ParseStored(r.Text(1)))});
                          return true;
                        }));
  std::vector<IndexDef> just_this{def};
  for (const Pending& p : partitions) {
    RETURN_NOT_OK(InsertIndexEntries(s, table, just_this, p.id, p.values));
  }
  return Status::OK();
}

Status Catalog::CreatePartitionIndex(std::string_view db, std::string_view table,
                                     const json& partition_index) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    return CreatePartitionIndexInTxn(s, row, partition_index);
  });
}

Result<std::vector<json>> Catalog::GetPartitionIndexes(std::string_view db,
                                                       std::string_view table) {
  std::vector<json> out;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    return s.Query(
        "SELECT body FROM catalog_partition_indexes WHERE table_id = ? ORDER BY index_name",
        {row.id}, [&](const Row& r) {
          out.push_back(ParseStored(r.Text(0)));
          return true;
        });
  }));
  return out;
}

Status Catalog::DeletePartitionIndex(std::string_view db, std::string_view table,
                                     std::string_view index_name) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    RETURN_NOT_OK(
        s.Execute("DELETE FROM catalog_partition_indexes WHERE table_id = ? AND index_name = ?",
                  {row.id, index_name}));
    if (s.ChangedRows() == 0) {
      return Status::NotFound("Partition index '" + std::string(index_name) +
                              "' not found on table '" + NormalizeName(db) + "." +
                              NormalizeName(table) + "'");
    }
    return s.Execute(
        "DELETE FROM catalog_partition_index_entries WHERE table_id = ? AND index_name = ?",
        {row.id, index_name});
  });
}

}  // namespace sluice::catalog
