// Athena operations on named (saved) queries.
#include <nlohmann/json.hpp>

#include "api/athena/athena_service.h"

namespace sluice::api::athena {

using nlohmann::json;

void RegisterNamedQueryOperations(JsonService& service, query::NamedQueries& named_queries) {
  service.Register("CreateNamedQuery", [&named_queries](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string id, named_queries.Create(in));
    return Dump({{"NamedQueryId", id}});
  });
  service.Register("GetNamedQuery", [&named_queries](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json doc, named_queries.Get(in["NamedQueryId"].get<std::string>()));
    return Dump({{"NamedQuery", doc}});
  });
  service.Register("ListNamedQueries", [&named_queries](const json& in) -> Result<std::string> {
    std::string workgroup = in.value("WorkGroup", std::string(query::kPrimaryWorkGroup));
    ASSIGN_OR_RETURN(catalog::Page page, named_queries.List(workgroup, PageOf(in, 50)));
    return ListOutput("NamedQueryIds", page);
  });
  service.Register("BatchGetNamedQuery", [&named_queries](const json& in) -> Result<std::string> {
    std::vector<std::string> ids;
    for (const auto& id : in["NamedQueryIds"]) ids.push_back(id.get<std::string>());
    ASSIGN_OR_RETURN(query::NamedQueries::Batch batch, named_queries.BatchGet(ids));
    return Dump(
        {{"NamedQueries", batch.named_queries}, {"UnprocessedNamedQueryIds", batch.unprocessed}});
  });
  service.Register("DeleteNamedQuery", [&named_queries](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(named_queries.Delete(in["NamedQueryId"].get<std::string>()));
    return std::string("{}");
  });
}

}  // namespace sluice::api::athena
