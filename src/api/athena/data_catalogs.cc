// Athena's view of the catalog: one data catalog, AwsDataCatalog (type GLUE), which is the Glue
// catalog Sluice serves; its databases and tables as Athena's Database and TableMetadata shapes.
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/athena/athena_service.h"
#include "common/time.h"

namespace sluice::api::athena {

using nlohmann::json;

namespace {

constexpr std::string_view kCatalogName = "AwsDataCatalog";

bool IsGlueCatalog(std::string_view name) {
  if (name.size() != kCatalogName.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(name[i])) !=
        std::tolower(static_cast<unsigned char>(kCatalogName[i]))) {
      return false;
    }
  }
  return true;
}

std::string UnknownCatalog(std::string_view name) {
  return "Catalog " + std::string(name) + " is not found: Sluice serves one data catalog, " +
         std::string(kCatalogName);
}

// Missing catalogs, databases and tables are MetadataException for the metadata operations.
Status AsMetadataError(const Status& status) {
  if (status.code() != StatusCode::kNotFound) return status;
  return Status::NotFound("MetadataException: " + status.message());
}

// The checks every metadata operation starts with: the catalog is AwsDataCatalog and the
// workgroup, when one is named, exists.
Status CheckScope(const json& in, query::WorkGroups& workgroups) {
  std::string catalog = in["CatalogName"].get<std::string>();
  if (!IsGlueCatalog(catalog))
    return Status::NotFound("MetadataException: " + UnknownCatalog(catalog));
  if (in.contains("WorkGroup")) {
    RETURN_NOT_OK(workgroups.Resolve(in["WorkGroup"].get<std::string>()).status());
  }
  return Status::OK();
}

json DataCatalog(const std::string& catalog_id) {
  return {{"Name", kCatalogName},
          {"Description", "The Glue Data Catalog served by Sluice"},
          {"Type", "GLUE"},
          {"Parameters", {{"catalog-id", catalog_id}}}};
}

// An Athena Database from a Glue Database document.
json AthenaDatabase(const json& glue) {
  json db = {{"Name", glue["Name"]}};
  if (glue.contains("Description")) db["Description"] = glue["Description"];
  db["Parameters"] = glue.value("Parameters", json::object());
  return db;
}

json AthenaColumns(const json& glue_columns) {
  json out = json::array();
  if (!glue_columns.is_array()) return out;
  for (const json& c : glue_columns) {
    json column = {{"Name", c["Name"]}};
    if (c.contains("Type")) column["Type"] = c["Type"];
    if (c.contains("Comment")) column["Comment"] = c["Comment"];
    out.push_back(std::move(column));
  }
  return out;
}

// Athena's TableMetadata from a Glue Table document: the storage descriptor is folded into
// Parameters as Athena shows it (location, inputformat, outputformat, serde.serialization.lib,
// serde.param.<name>), after the storage descriptor's and the table's own parameters.
json TableMetadata(const json& glue) {
  json sd = glue.value("StorageDescriptor", json::object());
  json params = json::object();
  if (sd.contains("Parameters")) params.update(sd["Parameters"]);
  if (glue.contains("Parameters")) params.update(glue["Parameters"]);
  if (sd.contains("Location")) params["location"] = sd["Location"];
  if (sd.contains("InputFormat")) params["inputformat"] = sd["InputFormat"];
  if (sd.contains("OutputFormat")) params["outputformat"] = sd["OutputFormat"];
  json serde = sd.value("SerdeInfo", json::object());
  if (serde.contains("SerializationLibrary")) {
    params["serde.serialization.lib"] = serde["SerializationLibrary"];
  }
  json serde_params = serde.value("Parameters", json::object());
  for (const auto& [key, value] : serde_params.items()) {
    params["serde.param." + key] = value;
  }
  json table = {{"Name", glue["Name"]},
                {"CreateTime", glue.value("CreateTime", 0.0)},
                {"LastAccessTime", glue.value("LastAccessTime", 0.0)}};
  if (glue.contains("TableType")) table["TableType"] = glue["TableType"];
  table["Columns"] = AthenaColumns(sd.value("Columns", json::array()));
  table["PartitionKeys"] = AthenaColumns(glue.value("PartitionKeys", json::array()));
  table["Parameters"] = params;
  return table;
}

// Rewrites each Glue document of a page with `convert`.
void ConvertPage(catalog::Page& page, json (*convert)(const json&)) {
  for (std::string& item : page.items) item = Dump(convert(json::parse(item)));
}

}  // namespace

void RegisterDataCatalogOperations(JsonService& service, const AthenaApi& api) {
  service.Register("ListDataCatalogs", [api](const json& in) -> Result<std::string> {
    if (in.contains("WorkGroup")) {
      RETURN_NOT_OK(api.workgroups.Resolve(in["WorkGroup"].get<std::string>()).status());
    }
    if (in.contains("NextToken")) {  // one catalog fits every page: no token was ever given
      RETURN_NOT_OK(
          catalog::ReadToken("data-catalogs", in["NextToken"].get<std::string>()).status());
    }
    json summary = {{"CatalogName", kCatalogName}, {"Type", "GLUE"}};
    return Dump({{"DataCatalogsSummary", json::array({summary})}});
  });

  service.Register("GetDataCatalog", [api](const json& in) -> Result<std::string> {
    std::string name = in["Name"].get<std::string>();
    if (!IsGlueCatalog(name)) return Status::NotFound(UnknownCatalog(name));
    if (in.contains("WorkGroup")) {
      RETURN_NOT_OK(api.workgroups.Resolve(in["WorkGroup"].get<std::string>()).status());
    }
    return Dump({{"DataCatalog", DataCatalog(api.catalog.options().catalog_id)}});
  });

  service.Register("ListDatabases", [api](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(CheckScope(in, api.workgroups));
    auto page = api.catalog.GetDatabases(PageOf(in, 50));
    if (!page.ok()) return AsMetadataError(page.status());
    ConvertPage(*page, &AthenaDatabase);
    return ListOutput("DatabaseList", *page);
  });

  service.Register("GetDatabase", [api](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(CheckScope(in, api.workgroups));
    auto db = api.catalog.GetDatabase(in["DatabaseName"].get<std::string>());
    if (!db.ok()) return AsMetadataError(db.status());
    return Dump({{"Database", AthenaDatabase(json::parse(*db))}});
  });

  service.Register("ListTableMetadata", [api](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(CheckScope(in, api.workgroups));
    std::optional<std::string> expression;
    if (in.contains("Expression")) expression = in["Expression"].get<std::string>();
    auto page =
        api.catalog.GetTables(in["DatabaseName"].get<std::string>(), expression, PageOf(in, 50));
    if (!page.ok()) return AsMetadataError(page.status());
    ConvertPage(*page, &TableMetadata);
    return ListOutput("TableMetadataList", *page);
  });

  service.Register("GetTableMetadata", [api](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(CheckScope(in, api.workgroups));
    auto table = api.catalog.GetTable(in["DatabaseName"].get<std::string>(),
                                      in["TableName"].get<std::string>());
    if (!table.ok()) return AsMetadataError(table.status());
    return Dump({{"TableMetadata", TableMetadata(json::parse(*table))}});
  });
}

}  // namespace sluice::api::athena
