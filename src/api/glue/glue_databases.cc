// Glue operations on databases.
#include <nlohmann/json.hpp>

#include "api/glue/glue_service.h"

namespace sluice::api::glue {

using nlohmann::json;

void RegisterDatabaseOperations(JsonService& service, catalog::Catalog& catalog) {
  service.Register("CreateDatabase", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.CreateDatabase(in["DatabaseInput"]));
    return std::string("{}");
  });
  service.Register("GetDatabase", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string db, catalog.GetDatabase(in["Name"].get<std::string>()));
    return "{\"Database\":" + db + "}";
  });
  service.Register("GetDatabases", [&catalog](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page, catalog.GetDatabases(PageOf(in, 100)));
    ProjectAttributes(in, {{"TARGET_DATABASE", "TargetDatabase"}}, page);
    return ListOutput("DatabaseList", page);
  });
  service.Register("UpdateDatabase", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.UpdateDatabase(in["Name"].get<std::string>(), in["DatabaseInput"]));
    return std::string("{}");
  });
  service.Register("DeleteDatabase", [&catalog](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(catalog.DeleteDatabase(in["Name"].get<std::string>()));
    return std::string("{}");
  });
}

}  // namespace sluice::api::glue
