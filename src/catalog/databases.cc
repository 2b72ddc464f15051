// Databases: CreateDatabase, GetDatabase(s), UpdateDatabase, DeleteDatabase.
#include "catalog/catalog.h"
#include "catalog/catalog_internal.h"
#include "common/time.h"

namespace sluice::catalog {

using metastore::Row;
using metastore::Session;
using namespace internal;

namespace {

constexpr const char* kDatabaseFields[] = {"Description",    "LocationUri",
                                           "Parameters",     "CreateTableDefaultPermissions",
                                           "TargetDatabase", "FederatedDatabase"};

json DatabaseDocument(const std::string& name, const json& input, double create_time,
                      const std::string& catalog_id) {
  json db = {{"Name", name}};
  for (const char* f : kDatabaseFields) {
    if (input.contains(f) && !input[f].is_null()) db[f] = input[f];
  }
  if (!db.contains("CreateTableDefaultPermissions")) {
    // What Glue grants when Lake Formation is not in charge of permissions.
    db["CreateTableDefaultPermissions"] =
        json::array({{{"Principal", {{"DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS"}}},
                      {"Permissions", json::array({"ALL"})}}});
  }
  db["CreateTime"] = create_time;
  db["CatalogId"] = catalog_id;
  return db;
}

}  // namespace

Status Catalog::CreateDatabase(const json& input) {
  std::string name = NormalizeName(input.value("Name", ""));
  RETURN_NOT_OK(ValidateEntityName("database", name));
  std::string body = Dump(DatabaseDocument(name, input, NowEpochSeconds(), options_.catalog_id));
  Status st = store_.Write([&](Session& s) {
    return s.Execute("INSERT INTO catalog_databases (name, body) VALUES (?, ?)",
                     {std::string_view(name), std::string_view(body)});
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("Database '" + name + "' already exists");
  }
  return st;
}

Result<std::string> Catalog::GetDatabase(std::string_view raw_name) {
  std::string name = NormalizeName(raw_name);
  std::optional<std::string> body;
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query("SELECT body FROM catalog_databases WHERE name = ?", {std::string_view(name)},
                   [&](const Row& r) {
                     body.emplace(r.Text(0));
                     return false;
                   });
  }));
  if (!body) return Status::NotFound("Database '" + name + "' not found");
  return std::move(*body);
}

Result<Page> Catalog::GetDatabases(const PageRequest& page) {
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, ReadToken("databases", *page.next_token));
    if (!cursor.is_string()) return Status::InvalidInput("Invalid NextToken");
    after = cursor.get<std::string>();
  }
  PageFiller out("databases", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query("SELECT name, body FROM catalog_databases WHERE name > ? ORDER BY name LIMIT ?",
                   {std::string_view(after), int64_t{page.max_results} + 1},
                   [&](const Row& r) { return out.Offer(r.Text(0), r.Text(1)); });
  }));
  return out.Finish();
}

Status Catalog::UpdateDatabase(std::string_view raw_name, const json& input) {
  std::string name = NormalizeName(raw_name);
  std::string new_name = NormalizeName(input.value("Name", name));
  if (new_name != name) {
    return Status::InvalidInput("Renaming database '" + name + "' to '" + new_name +
                                "' is not supported; DatabaseInput.Name must equal Name");
  }
  return store_.Write([&](Session& s) {
    std::optional<json> old;
    RETURN_NOT_OK(s.Query("SELECT body FROM catalog_databases WHERE name = ?",
                          {std::string_view(name)}, [&](const Row& r) {
                            old = ParseStored(r.Text(0));
                            return false;
                          }));
    if (!old) return Status::NotFound("Database '" + name + "' not found");
    std::string body =
        Dump(DatabaseDocument(name, input, old->value("CreateTime", 0.0), options_.catalog_id));
    return s.Execute("UPDATE catalog_databases SET body = ? WHERE name = ?",
                     {std::string_view(body), std::string_view(name)});
  });
}

Status Catalog::DeleteDatabase(std::string_view raw_name) {
  std::string name = NormalizeName(raw_name);
  return store_.Write([&](Session& s) {
    RETURN_NOT_OK(RequireDatabase(s, name));
    std::vector<int64_t> tables;
    RETURN_NOT_OK(s.Query("SELECT id FROM catalog_tables WHERE database_name = ?",
                          {std::string_view(name)}, [&](const Row& r) {
                            tables.push_back(r.Int(0));
                            return true;
                          }));
    for (int64_t id : tables) RETURN_NOT_OK(DeleteTableChildren(s, id));
    RETURN_NOT_OK(
        s.Execute("DELETE FROM catalog_tables WHERE database_name = ?", {std::string_view(name)}));
    return s.Execute("DELETE FROM catalog_databases WHERE name = ?", {std::string_view(name)});
  });
}

}  // namespace sluice::catalog
