// Partitions: Create/BatchCreate/Get/Update/BatchUpdate/Delete/BatchDelete. Queries
// (GetPartitions, BatchGetPartition) are in partition_query.cc.
//
// Each partition row carries sort_key = EncodeIndexKey over all partition keys, which is both
// its identity (UNIQUE per table) and the table's primary partition index.
#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "common/time.h"

namespace sluice::catalog {

using metastore::Blob;
using metastore::Row;
using metastore::Session;
using namespace internal;

namespace {

constexpr const char* kPartitionFields[] = {"LastAccessTime", "StorageDescriptor", "Parameters",
                                            "LastAnalyzedTime"};

std::string Describe(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", '" : "'") + values[i] + "'";
  return out + "]";
}

Status CheckArity(const TableRow& table, const std::vector<std::string>& values) {
  if (values.size() == table.keys.size()) return Status::OK();
  std::string keys;
  for (const auto& k : table.keys) keys += (keys.empty() ? "" : ", ") + k.name;
  return Status::InvalidInput(
      "Partition values " + Describe(values) + " have " + std::to_string(values.size()) +
      " value(s) but table '" + table.body.value("Name", "") + "' has " +
      std::to_string(table.keys.size()) + " partition key(s) (" + keys + ")");
}

json PartitionDocument(const TableRow& table, const json& input, double creation_time,
                       const std::string& catalog_id) {
  json p = {{"Values", input.value("Values", json::array())},
            {"DatabaseName", table.body.value("DatabaseName", "")},
            {"TableName", table.body.value("Name", "")},
            {"CreationTime", creation_time}};
  for (const char* f : kPartitionFields) {
    if (input.contains(f) && !input[f].is_null()) p[f] = input[f];
  }
  p["CatalogId"] = catalog_id;
  return p;
}

Status NotFoundPartition(const TableRow& table, const std::vector<std::string>& values) {
  return Status::NotFound("Partition " + Describe(values) + " not found in table '" +
                          table.body.value("DatabaseName", "") + "." +
                          table.body.value("Name", "") + "'");
}

std::string ErrorName(const Status& st) {
  switch (st.code()) {
    case StatusCode::kNotFound:
      return "EntityNotFoundException";
    case StatusCode::kAlreadyExists:
      return "AlreadyExistsException";
    default:
      return "InvalidInputException";
  }
}

bool IsItemError(const Status& st) {
  return st.code() == StatusCode::kNotFound || st.code() == StatusCode::kAlreadyExists ||
         st.code() == StatusCode::kInvalidInput;
}

}  // namespace

namespace internal {

Result<int64_t> InsertPartition(Session& s, const TableRow& table,
                                const std::vector<IndexDef>& indexes, const json& input,
                                const std::string& catalog_id, double creation_time) {
  std::vector<std::string> values = ValuesOf(input.value("Values", json::array()));
  RETURN_NOT_OK(CheckArity(table, values));
  std::string sort_key = EncodeIndexKey(table.keys, values, AllPositions(table.keys));
  std::string body = Dump(PartitionDocument(table, input, creation_time, catalog_id));
  std::string values_json = Dump(json(values));
  int64_t id = 0;
  Status st = s.Query(
      "INSERT INTO catalog_partitions (table_id, sort_key, partition_values, body) "
      "VALUES (?, ?, ?, ?) RETURNING id",
      {table.id, Blob{sort_key}, std::string_view(values_json), std::string_view(body)},
      [&](const Row& r) {
        id = r.Int(0);
        return true;
      });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("Partition " + Describe(values) + " already exists");
  }
  RETURN_NOT_OK(st);
  RETURN_NOT_OK(InsertIndexEntries(s, table, indexes, id, values));
  return id;
}

// Finds a partition by its values: its id and body, or NotFound.
Result<std::pair<int64_t, json>> FindPartition(Session& s, const TableRow& table,
                                               const std::vector<std::string>& values) {
  RETURN_NOT_OK(CheckArity(table, values));
  std::string sort_key = EncodeIndexKey(table.keys, values, AllPositions(table.keys));
  std::optional<std::pair<int64_t, json>> found;
  RETURN_NOT_OK(
      s.Query("SELECT id, body FROM catalog_partitions WHERE table_id = ? AND sort_key = ?",
              {table.id, Blob{sort_key}}, [&](const Row& r) {
                found.emplace(r.Int(0), ParseStored(r.Text(1)));
                return false;
              }));
  if (!found) return NotFoundPartition(table, values);
  return std::move(*found);
}

Status DeletePartitionById(Session& s, int64_t id) {
  RETURN_NOT_OK(
      s.Execute("DELETE FROM catalog_partition_index_entries WHERE partition_id = ?", {id}));
  return s.Execute("DELETE FROM catalog_partitions WHERE id = ?", {id});
}

Status UpdatePartitionInTxn(Session& s, const TableRow& table, const std::vector<IndexDef>& indexes,
                            const std::vector<std::string>& values, const json& input,
                            const std::string& catalog_id) {
  ASSIGN_OR_RETURN(auto found, FindPartition(s, table, values));
  json new_input = input;
  if (!new_input.contains("Values")) new_input["Values"] = values;
  double created = found.second.value("CreationTime", 0.0);
  RETURN_NOT_OK(DeletePartitionById(s, found.first));
  return InsertPartition(s, table, indexes, new_input, catalog_id, created).status();
}

}  // namespace internal

// Re-encodes every partition of `table` after its partition key types changed.
Status ReencodePartitions(Session& s, const TableRow& table) {
  struct Stored {
    int64_t id;
    std::string values, body;
  };
  std::vector<Stored> rows;
  RETURN_NOT_OK(
      s.Query("SELECT id, partition_values, body FROM catalog_partitions WHERE table_id = ?",
              {table.id}, [&](const Row& r) {
                rows.push_back({r.Int(0), std::string(r.Text(1)), std::string(r.Text(2))});
                return true;
              }));
  if (rows.empty()) return Status::OK();
  ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, table.id));
  RETURN_NOT_OK(
      s.Execute("DELETE FROM catalog_partition_index_entries WHERE table_id = ?", {table.id}));
  RETURN_NOT_OK(s.Execute("DELETE FROM catalog_partitions WHERE table_id = ?", {table.id}));
  for (const Stored& p : rows) {
    std::vector<std::string> values = ValuesOf(ParseStored(p.values));
    if (values.size() != table.keys.size()) {
      return Status::InvalidInput("Cannot change the number of partition keys of table '" +
                                  table.body.value("Name", "") +
                                  "' while it has partitions; delete them first");
    }
    std::string sort_key = EncodeIndexKey(table.keys, values, AllPositions(table.keys));
    RETURN_NOT_OK(s.Execute(
        "INSERT INTO catalog_partitions (id, table_id, sort_key, partition_values, body) "
        "VALUES (?, ?, ?, ?, ?)",
        {p.id, table.id, Blob{sort_key}, std::string_view(p.values), std::string_view(p.body)}));
    RETURN_NOT_OK(InsertIndexEntries(s, table, indexes, p.id, values));
  }
  return Status::OK();
}

Status Catalog::CreatePartition(std::string_view db, std::string_view table, const json& input) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    return InsertPartition(s, row, indexes, input, options_.catalog_id, NowEpochSeconds()).status();
  });
}

Result<std::vector<ItemError>> Catalog::BatchCreatePartition(std::string_view db,
                                                             std::string_view table,
                                                             const json& inputs) {
  std::vector<ItemError> errors;
  double now = NowEpochSeconds();
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    for (const json& input : inputs) {
      auto id = InsertPartition(s, row, indexes, input, options_.catalog_id, now);
      if (id.ok()) continue;
      if (!IsItemError(id.status())) return id.status();
      errors.push_back(
          {input.value("Values", json::array()), ErrorName(id.status()), id.status().message()});
    }
    return Status::OK();
  }));
  return errors;
}

Result<std::string> Catalog::GetPartition(std::string_view db, std::string_view table,
                                          const std::vector<std::string>& values) {
  std::string body;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    RETURN_NOT_OK(CheckArity(row, values));
    std::string sort_key = EncodeIndexKey(row.keys, values, AllPositions(row.keys));
    bool found = false;
    RETURN_NOT_OK(s.Query("SELECT body FROM catalog_partitions WHERE table_id = ? AND sort_key = ?",
                          {row.id, Blob{sort_key}}, [&](const Row& r) {
                            body = r.Text(0);
                            found = true;
                            return false;
                          }));
    return found ? Status::OK() : NotFoundPartition(row, values);
  }));
  return body;
}

Status Catalog::UpdatePartition(std::string_view db, std::string_view table,
                                const std::vector<std::string>& values, const json& input) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    return UpdatePartitionInTxn(s, row, indexes, values, input, options_.catalog_id);
  });
}

Result<std::vector<ItemError>> Catalog::BatchUpdatePartition(std::string_view db,
                                                             std::string_view table,
                                                             const json& entries) {
  std::vector<ItemError> errors;
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(std::vector<IndexDef> indexes, LoadIndexes(s, row.id));
    for (const json& entry : entries) {
      json values = entry.value("PartitionValueList", json::array());
      Status st =
          UpdatePartitionInTxn(s, row, indexes, ValuesOf(values),
                               entry.value("PartitionInput", json::object()), options_.catalog_id);
      if (st.ok()) continue;
      if (!IsItemError(st)) return st;
      errors.push_back({values, ErrorName(st), st.message()});
    }
    return Status::OK();
  }));
  return errors;
}

Status Catalog::DeletePartition(std::string_view db, std::string_view table,
                                const std::vector<std::string>& values) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    ASSIGN_OR_RETURN(auto found, FindPartition(s, row, values));
    return DeletePartitionById(s, found.first);
  });
}

Result<std::vector<ItemError>> Catalog::BatchDeletePartition(
    std::string_view db, std::string_view table,
    const std::vector<std::vector<std::string>>& values_list) {
  std::vector<ItemError> errors;
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, NormalizeName(db), NormalizeName(table)));
    for (const auto& values : values_list) {
      auto found = FindPartition(s, row, values);
      Status st = found.ok() ? DeletePartitionById(s, found->first) : found.status();
      if (st.ok()) continue;
      if (!IsItemError(st)) return st;
      errors.push_back({values, ErrorName(st), st.message()});
    }
    return Status::OK();
  }));
  return errors;
}

}  // namespace sluice::catalog
