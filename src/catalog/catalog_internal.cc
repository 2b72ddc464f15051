#include "catalog/catalog_internal.h"

#include "common/base64.h"

namespace sluice::catalog::internal {

using metastore::Row;
using metastore::Session;

std::string NormalizeName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status ValidateEntityName(std::string_view what, std::string_view name) {
  if (name.empty())
    return Status::InvalidInput("The " + std::string(what) + " name must not be empty");
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c >= 0x80;
    if (!ok) {
      std::string shown = c < 0x20 ? "control character" : "'" + std::string(1, ch) + "'";
      return Status::InvalidInput("Invalid " + std::string(what) + " name '" + std::string(name) +
                                  "': it contains " + shown +
                                  "; use letters, digits, '_' and '-' only");
    }
  }
  return Status::OK();
}

Status RequireDatabase(Session& s, std::string_view database) {
  bool found = false;
  RETURN_NOT_OK(
      s.Query("SELECT 1 FROM catalog_databases WHERE name = ?", {database}, [&](const Row&) {
        found = true;
        return false;
      }));
  if (!found) return Status::NotFound("Database '" + std::string(database) + "' not found");
  return Status::OK();
}

Result<TableRow> LoadTable(Session& s, std::string_view database, std::string_view table) {
  std::optional<TableRow> row;
  RETURN_NOT_OK(s.Query(
      "SELECT id, version_id, body FROM catalog_tables WHERE database_name = ? AND name = ?",
      {database, table}, [&](const Row& r) {
        row.emplace();
        row->id = r.Int(0);
        row->version_id = r.Int(1);
        row->body = ParseStored(r.Text(2));
        return false;
      }));
  if (!row) {
    RETURN_NOT_OK(RequireDatabase(s, database));
    return Status::NotFound("Table '" + std::string(table) + "' not found in database '" +
                            std::string(database) + "'");
  }
  row->keys = KeysOf(row->body);
  return std::move(*row);
}

std::vector<PartitionKey> KeysOf(const json& table) {
  std::vector<PartitionKey> keys;
  auto it = table.find("PartitionKeys");
  if (it == table.end() || !it->is_array()) return keys;
  for (const json& col : *it) {
    PartitionKey key;
    key.name = col.value("Name", "");
    auto type = PartitionKeyTypeFromGlue(col.value("Type", "string"));
    key.type = type.ok() ? *type : PartitionKeyType::kString;
    keys.push_back(std::move(key));
  }
  return keys;
}

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

json ParseStored(std::string_view text) { return json::parse(text, nullptr, false); }

Status DeleteTableChildren(Session& s, int64_t table_id) {
  RETURN_NOT_OK(s.Execute("DELETE FROM catalog_table_versions WHERE table_id = ?", {table_id}));
  RETURN_NOT_OK(
      s.Execute("DELETE FROM catalog_partition_index_entries WHERE table_id = ?", {table_id}));
  RETURN_NOT_OK(s.Execute("DELETE FROM catalog_partition_indexes WHERE table_id = ?", {table_id}));
  return s.Execute("DELETE FROM catalog_partitions WHERE table_id = ?", {table_id});
}

std::vector<std::string> ValuesOf(const json& values) {
  std::vector<std::string> out;
  if (!values.is_array()) return out;
  out.reserve(values.size());
  for (const json& v : values) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace sluice::catalog::internal
