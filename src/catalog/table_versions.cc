// Table versions: GetTableVersion(s), DeleteTableVersion, BatchDeleteTableVersion.
// Every table version (archived and current) is a row of catalog_table_versions.
#include <charconv>

#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"

namespace sluice::catalog {

using metastore::Row;
using metastore::Session;
using namespace internal;

namespace {

Result<int64_t> ParseVersionId(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1) {
    return Status::InvalidInput("Invalid VersionId '" + std::string(text) +
                                "': table versions are positive integers such as \"1\"");
  }
  return v;
}

std::string VersionEntry(std::string_view body, int64_t version) {
  std::string out = "{\"Table\":";
  out += body;
  out += ",\"VersionId\":\"" + std::to_string(version) + "\"}";
  return out;
}

Status DeleteVersionInTxn(Session& s, const TableRow& row, const std::string& db,
                          std::string_view version_text) {
  ASSIGN_OR_RETURN(int64_t version, ParseVersionId(version_text));
  std::string where = "'" + db + "." + row.body.value("Name", "") + "'";
  if (version == row.version_id) {
    return Status::InvalidInput("Version " + std::to_string(version) +
                                " is the current version of " + where +
                                "; update the table first or delete the table");
  }
  RETURN_NOT_OK(
      s.Execute("DELETE FROM catalog_table_versions WHERE table_id = ? AND version_id = ?",
                {row.id, version}));
  if (s.ChangedRows() == 0) {
    return Status::NotFound("Version " + std::to_string(version) + " of table " + where +
                            " not found");
  }
  return Status::OK();
}

}  // namespace

Result<std::string> Catalog::GetTableVersion(std::string_view raw_db, std::string_view raw_table,
                                             const std::optional<std::string>& version_id) {
  std::string db = NormalizeName(raw_db);
  std::string table = NormalizeName(raw_table);
  std::optional<std::string> out;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, table));
    int64_t version = row.version_id;
    if (version_id) {
      ASSIGN_OR_RETURN(version, ParseVersionId(*version_id));
    }
    RETURN_NOT_OK(
        s.Query("SELECT body FROM catalog_table_versions WHERE table_id = ? AND version_id = ?",
                {row.id, version}, [&](const Row& r) {
                  out = VersionEntry(r.Text(0), version);
                  return false;
                }));
    if (!out) {
      return Status::NotFound("Version " + std::to_string(version) + " of table '" + db + "." +
                              table + "' not found");
    }
    return Status::OK();
  }));
  return std::move(*out);
}

Result<Page> Catalog::GetTableVersions(std::string_view raw_db, std::string_view raw_table,
                                       const PageRequest& page) {
  std::string db = NormalizeName(raw_db);
  std::string table = NormalizeName(raw_table);
  int64_t before = INT64_MAX;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, ReadToken("versions", *page.next_token));
    if (!cursor.is_number_integer()) return Status::InvalidInput("Invalid NextToken");
    before = cursor.get<int64_t>();
  }
  PageFiller out("versions", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, table));
    return s.Query(
        "SELECT version_id, body FROM catalog_table_versions WHERE table_id = ? AND version_id < ? "
        "ORDER BY version_id DESC LIMIT ?",
        {row.id, before, int64_t{page.max_results} + 1},
        [&](const Row& r) { return out.Offer(r.Int(0), VersionEntry(r.Text(1), r.Int(0))); });
  }));
  return out.Finish();
}

Status Catalog::DeleteTableVersion(std::string_view raw_db, std::string_view raw_table,
                                   std::string_view version_id) {
  std::string db = NormalizeName(raw_db);
  std::string table = NormalizeName(raw_table);
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, table));
    return DeleteVersionInTxn(s, row, db, version_id);
  });
}

Result<std::vector<ItemError>> Catalog::BatchDeleteTableVersion(
    std::string_view raw_db, std::string_view raw_table, const std::vector<std::string>& versions) {
  std::string db = NormalizeName(raw_db);
  std::string table = NormalizeName(raw_table);
  std::vector<ItemError> errors;
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(TableRow row, LoadTable(s, db, table));
    for (const std::string& v : versions) {
      Status st = DeleteVersionInTxn(s, row, db, v);
      if (st.ok()) continue;
      if (st.code() != StatusCode::kNotFound && st.code() != StatusCode::kInvalidInput) return st;
      errors.push_back(
          {v, st.IsNotFound() ? "EntityNotFoundException" : "InvalidInputException", st.message()});
    }
    return Status::OK();
  }));
  return errors;
}

}  // namespace sluice::catalog
