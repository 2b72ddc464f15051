// Athena operations on workgroups.
#include <nlohmann/json.hpp>

#include "api/athena/athena_service.h"

namespace sluice::api::athena {

using nlohmann::json;

void RegisterWorkGroupOperations(JsonService& service, query::WorkGroups& workgroups) {
  service.Register("CreateWorkGroup", [&workgroups](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(workgroups.Create(in));
    return std::string("{}");
  });
  service.Register("GetWorkGroup", [&workgroups](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json doc, workgroups.Get(in["WorkGroup"].get<std::string>()));
    return Dump({{"WorkGroup", doc}});
  });
  service.Register("ListWorkGroups", [&workgroups](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(catalog::Page page, workgroups.List(PageOf(in, 50)));
    return ListOutput("WorkGroups", page);
  });
  service.Register("UpdateWorkGroup", [&workgroups](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(workgroups.Update(in));
    return std::string("{}");
  });
  service.Register("DeleteWorkGroup", [&workgroups](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(workgroups.Delete(in["WorkGroup"].get<std::string>(),
                                    in.value("RecursiveDeleteOption", false)));
    return std::string("{}");
  });
}

}  // namespace sluice::api::athena
