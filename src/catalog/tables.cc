// Tables: CreateTable, GetTable(s), UpdateTable, DeleteTable, BatchDeleteTable.
#include <regex>
#include <set>

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "common/time.h"

namespace sluice::catalog {

using metastore::Row;
using metastore::Session;
using namespace internal;

Status CreatePartitionIndexInTxn(Session& s, const TableRow& table,
                                 const json& index);           // partition_indexes.cc
Status ReencodePartitions(Session& s, const TableRow& table);  // partitions.cc

namespace {

constexpr const char* kTableFields[] = {
    "Description",       "Owner",         "LastAccessTime",   "LastAnalyzedTime", "Retention",
    "StorageDescriptor", "PartitionKeys", "ViewOriginalText", "ViewExpandedText", "TableType",
    "Parameters",        "TargetTable",   "ViewDefinition"};

json TableDocument(std::string_view database, const std::string& name, const json& input,
                   double create_time, double update_time, int64_t version,
                   const std::string& catalog_id) {
  json t = {{"Name", name}, {"DatabaseName", database}};
  for (const char* f : kTableFields) {
    if (input.contains(f) && !input[f].is_null()) t[f] = input[f];
  }
  if (!t.contains("PartitionKeys")) t["PartitionKeys"] = json::array();
  if (!t.contains("Retention")) t["Retention"] = 0;
  t["CreateTime"] = create_time;
  t["UpdateTime"] = update_time;
  t["IsRegisteredWithLakeFormation"] = false;
  t["CatalogId"] = catalog_id;
  t["VersionId"] = std::to_string(version);
  return t;
}

Status ValidatePartitionKeys(const json& input) {
  std::set<std::string> seen;
  for (const json& key : input.value("PartitionKeys", json::array())) {
    std::string n = NormalizeName(key.value("Name", ""));
    if (!seen.insert(n).second) {
      return Status::InvalidInput("Duplicate partition key '" + n + "' in PartitionKeys");
    }
  }
  return Status::OK();
}

std::string TableNameOf(const json& input) { return NormalizeName(input.value("Name", "")); }

bool SameKeys(const std::vector<PartitionKey>& a, const std::vector<PartitionKey>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (NormalizeName(a[i].name) != NormalizeName(b[i].name) || a[i].type != b[i].type)
      return false;
  }
  return true;
}

// Hive-style patterns ("sales*", "a*|b*") are accepted too: a '*' that does not follow a regex
// atom becomes ".*".
Result<std::regex> CompileTablePattern(const std::string& expression) {
  std::string pattern;
  for (size_t i = 0; i < expression.size(); ++i) {
    char c = expression[i];
    char prev = i > 0 ? expression[i - 1] : '\0';
    if (c == '*' && (i == 0 || prev == '|' ||
                     (prev != '.' && prev != ')' && prev != ']' && prev != '\\' && prev != '}'))) {
      pattern += ".*";
    } else {
      pattern += c;
    }
  }
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    return Status::InvalidInput("Invalid Expression '" + expression +
                                "': not a regular expression (" + e.what() + ")");
  }
}

}  // namespace

namespace internal {

Result<TableRow> InsertTable(Session& s, const std::string& db, const std::string& name,
                             const json& input, const std::string& catalog_id) {
  RETURN_NOT_OK(ValidateEntityName("table", name));
  RETURN_NOT_OK(ValidatePartitionKeys(input));
  double now = NowEpochSeconds();
  std::string body = Dump(TableDocument(db, name, input, now, now, 1, catalog_id));
  std::string keys = Dump(input.value("PartitionKeys", json::array()));
  RETURN_NOT_OK(RequireDatabase(s, db));
  TableRow row;
  Status st = s.Query(
      "INSERT INTO catalog_tables (database_name, name, version_id, partition_keys, body) "
      "VALUES (?, ?, 1, ?, ?) RETURNING id",
      {std::string_view(db), std::string_view(name), std::string_view(keys),
       std::string_view(body)},
      [&](const Row& r) {
        row.id = r.Int(0);
        return true;
      });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("Table '" + name + "' already exists in database '" + db + "'");
  }
  RETURN_NOT_OK(st);
  RETURN_NOT_OK(
      s.Execute("INSERT INTO catalog_table_versions (table_id, version_id, body) VALUES (?, 1, ?)",
                {row.id, std::string_view(body)}));
  row.version_id = 1;
  row.body = ParseStored(body);
  row.keys = KeysOf(row.body);
  return row;
}

Status ReplaceTable(Session& s, TableRow& row, const json& input, bool skip_archive,
                    const std::string& catalog_id) {
  RETURN_NOT_OK(ValidatePartitionKeys(input));
  int64_t next = row.version_id + 1;
  json doc = TableDocument(row.body.value("DatabaseName", ""), row.body.value("Name", ""), input,
                           row.body.value("CreateTime", 0.0), NowEpochSeconds(), next, catalog_id);
  std::string body = Dump(doc);
  std::string keys = Dump(doc["PartitionKeys"]);
  if (skip_archive) {
    RETURN_NOT_OK(
        s.Execute("DELETE FROM catalog_table_versions WHERE table_id = ? AND version_id = ?",
                  {row.id, row.version_id}));
  }
  RETURN_NOT_OK(
      s.Execute("INSERT INTO catalog_table_versions (table_id, version_id, body) VALUES (?, ?, ?)",
                {row.id, next, std::string_view(body)}));
  RETURN_NOT_OK(s.Execute(
      "UPDATE catalog_tables SET version_id = ?, partition_keys = ?, body = ? WHERE id = ?",
      {next, std::string_view(keys), std::string_view(body), row.id}));
  std::vector<PartitionKey> new_keys = KeysOf(doc);
  bool rekey = !SameKeys(row.keys, new_keys);
  row.version_id = next;
  row.keys = std::move(new_keys);
  row.body = std::move(doc);
  if (rekey) RETURN_NOT_OK(ReencodePartitions(s, row));
  return Status::OK();
}

}  // namespace internal

Status Catalog::CreateTable(std::string_view raw_db, const json& input, const json& indexes) {
  std::string db = NormalizeName(raw_db);
  std::string name = TableNameOf(input);
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, InsertTable(s, db, name, input, options_.catalog_id));
    if (indexes.is_array()) {
      for (const json& index : indexes) RETURN_NOT_OK(CreatePartitionIndexInTxn(s, row, index));
    }
    return Status::OK();
  });
}

Status Catalog::CreateTableWithPartitions(std::string_view raw_db, const json& input,
                                          const json& partitions) {
  std::string db = NormalizeName(raw_db);
  std::string name = TableNameOf(input);
  double now = NowEpochSeconds();
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, InsertTable(s, db, name, input, options_.catalog_id));
    for (const json& partition : partitions) {
      RETURN_NOT_OK(InsertPartition(s, row, {}, partition, options_.catalog_id, now).status());
    }
    return Status::OK();
  });
}

Result<std::string> Catalog::GetTable(std::string_view raw_db, std::string_view raw_name) {
  std::string db = NormalizeName(raw_db);
  std::string name = NormalizeName(raw_name);
  std::optional<std::string> body;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    RETURN_NOT_OK(s.Query("SELECT body FROM catalog_tables WHERE database_name = ? AND name = ?",
                          {std::string_view(db), std::string_view(name)}, [&](const Row& r) {
                            body.emplace(r.Text(0));
                            return false;
                          }));
    if (body) return Status::OK();
    RETURN_NOT_OK(RequireDatabase(s, db));
    return Status::NotFound("Table '" + name + "' not found in database '" + db + "'");
  }));
  return std::move(*body);
}

Result<Page> Catalog::GetTables(std::string_view raw_db,
                                const std::optional<std::string>& expression,
                                const PageRequest& page) {
  std::string db = NormalizeName(raw_db);
  std::optional<std::regex> pattern;
  if (expression && !expression->empty()) {
    ASSIGN_OR_RETURN(pattern, CompileTablePattern(*expression));
  }
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, ReadToken("tables", *page.next_token));
    if (!cursor.is_string()) return Status::InvalidInput("Invalid NextToken");
    after = cursor.get<std::string>();
  }
  PageFiller out("tables", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    RETURN_NOT_OK(RequireDatabase(s, db));
    return s.Query(
        "SELECT name, body FROM catalog_tables WHERE database_name = ? AND name > ? ORDER BY name",
        {std::string_view(db), std::string_view(after)}, [&](const Row& r) {
          std::string name(r.Text(0));
          if (pattern && !std::regex_match(name, *pattern)) return true;
          return out.Offer(name, r.Text(1));
        });
  }));
  return out.Finish();
}

Status Catalog::UpdateTable(std::string_view raw_db, const json& input, bool skip_archive,
                            const std::optional<std::string>& expected_version_id) {
  std::string db = NormalizeName(raw_db);
  std::string name = TableNameOf(input);
  RETURN_NOT_OK(ValidateEntityName("table", name));
  RETURN_NOT_OK(ValidatePartitionKeys(input));
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, name));
    if (expected_version_id && *expected_version_id != std::to_string(row.version_id)) {
      return Status::ConcurrentModification(
          "Table '" + db + "." + name + "' is at version " + std::to_string(row.version_id) +
          ", not " + *expected_version_id +
          ": it was updated concurrently; get it again and retry");
    }
    return ReplaceTable(s, row, input, skip_archive, options_.catalog_id);
  });
}

Status Catalog::DeleteTable(std::string_view raw_db, std::string_view raw_name) {
  std::string db = NormalizeName(raw_db);
  std::string name = NormalizeName(raw_name);
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, name));
    RETURN_NOT_OK(DeleteTableChildren(s, row.id));
    return s.Execute("DELETE FROM catalog_tables WHERE id = ?", {row.id});
  });
}

Result<std::vector<ItemError>> Catalog::BatchDeleteTable(std::string_view raw_db,
                                                         const std::vector<std::string>& names) {
  std::string db = NormalizeName(raw_db);
  std::vector<ItemError> errors;
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(RequireDatabase(s, db));
    for (const std::string& raw : names) {
      std::string name = NormalizeName(raw);
      auto row = LoadTable(s, db, name);
      if (!row.ok()) {
        errors.push_back({raw, "EntityNotFoundException", row.status().message()});
        continue;
      }
      RETURN_NOT_OK(DeleteTableChildren(s, row->id));
      RETURN_NOT_OK(s.Execute("DELETE FROM catalog_tables WHERE id = ?", {row->id}));
    }
    return Status::OK();
  }));
  return errors;
}

}  // namespace sluice::catalog
