// Glue operations on tables and table versions.
#include <nlohmann/json.hpp>

#include "api/glue/glue_service.h"

namespace sluice::api::glue {

using nlohmann::json;

namespace {

std::optional<std::string> OptionalString(const json& in, const char* field) {
  if (in.contains(field) && in[field].is_string()) return in[field].get<std::string>();
  return std::nullopt;
}

// CreateTable/UpdateTable take the table's name in TableInput.Name or, in newer models, in a
// top-level Name.
Result<json> TableInputOf(const json& in) {
  json table_input = in.value("TableInput", json::object());
  if (!table_input.contains("Name")) {
    if (!in.contains("Name"))
      return Status::InvalidInput("Missing required member 'TableInput.Name'");
    table_input["Name"] = in["Name"];
  }
  return table_input;
}

}  // namespace

void RegisterTableOperations(JsonService& service, catalog::Catalog& catalog) {
  service.Register("CreateTable", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json table_input, TableInputOf(in));
    RETURN_NOT_OK(catalog.CreateTable(in["DatabaseName"].get<std::string>(), table_input,
                                      in.value("PartitionIndexes", json::array())));
    return std::string("{}");
  });
  service.Register("GetTable", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string table, catalog.GetTable(in["DatabaseName"].get<std::string>(),
                                                         in["Name"].get<std::string>()));
    return "{\"Table\":" + table + "}";
  });
  service.Register("GetTables", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page,
                     catalog.GetTables(in["DatabaseName"].get<std::string>(),
                                       OptionalString(in, "Expression"), PageOf(in, 100)));
    ProjectAttributes(in, {{"TABLE_TYPE", "TableType"}}, page);
    return ListOutput("TableList", page);
  });
  service.Register("UpdateTable", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json table_input, TableInputOf(in));
    RETURN_NOT_OK(catalog.UpdateTable(in["DatabaseName"].get<std::string>(), table_input,
                                      in.value("SkipArchive", false),
                                      OptionalString(in, "VersionId")));
    return std::string("{}");
  });
  service.Register("DeleteTable", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(
        catalog.DeleteTable(in["DatabaseName"].get<std::string>(), in["Name"].get<std::string>()));
    return std::string("{}");
  });
  service.Register("BatchDeleteTable", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto errors, catalog.BatchDeleteTable(in["DatabaseName"].get<std::string>(),
                                                           StringList(in["TablesToDelete"])));
    return ErrorsOutput("TableName", errors);
  });
  service.Register("GetTableVersion", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string version,
                     catalog.GetTableVersion(in["DatabaseName"].get<std::string>(),
                                             in["TableName"].get<std::string>(),
                                             OptionalString(in, "VersionId")));
    return "{\"TableVersion\":" + version + "}";
  });
  service.Register("GetTableVersions", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page,
                     catalog.GetTableVersions(in["DatabaseName"].get<std::string>(),
                                              in["TableName"].get<std::string>(), PageOf(in, 100)));
    return ListOutput("TableVersions", page);
  });
  service.Register("DeleteTableVersion", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.DeleteTableVersion(in["DatabaseName"].get<std::string>(),
                                             in["TableName"].get<std::string>(),
                                             in["VersionId"].get<std::string>()));
    return std::string("{}");
  });
  service.Register("BatchDeleteTableVersion", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto errors,
                     catalog.BatchDeleteTableVersion(in["DatabaseName"].get<std::string>(),
                                                     in["TableName"].get<std::string>(),
                                                     StringList(in["VersionIds"])));
    if (errors.empty()) return std::string("{}");
    // Glue names each failed item by TableName and VersionId.
    json list = json::array();
    for (const auto& e : errors) {
      list.push_back({{"TableName", in["TableName"]},
                      {"VersionId", e.item_key},
                      {"ErrorDetail", {{"ErrorCode", e.error_code}, {"ErrorMessage", e.message}}}});
    }
    return json({{"Errors", list}}).dump();
  });
}

}  // namespace sluice::api::glue
