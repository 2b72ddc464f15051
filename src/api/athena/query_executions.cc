// Athena query executions: StartQueryExecution, GetQueryExecution, GetQueryResults,
// StopQueryExecution, ListQueryExecutions, BatchGetQueryExecution (query/query_executions.h).
#include "query/query_executions.h"

#include <nlohmann/json.hpp>

#include "api/athena/athena_service.h"

namespace sluice::api {

using nlohmann::json;

namespace {

Result<query::StartRequest> StartRequestOf(const json& in) {
  query::StartRequest request;
  request.query = in["QueryString"].get<std::string>();
  if (in.contains("QueryExecutionContext")) {
    const json& context = in["QueryExecutionContext"];
    request.database = context.value("Database", "");
    std::string catalog = context.value("Catalog", "awsdatacatalog");
    for (char& c : catalog) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (catalog != "awsdatacatalog") {
      return Status::InvalidInput("Catalog " + context.value("Catalog", "") +
                                  " does not exist: Sluice serves AwsDataCatalog");
    }
  }
  if (in.contains("ResultConfiguration") && in["ResultConfiguration"].contains("OutputLocation")) {
    request.output_location = in["ResultConfiguration"]["OutputLocation"].get<std::string>();
  }
  request.workgroup = in.value("WorkGroup", std::string(query::kPrimaryWorkGroup));
  for (const json& p : in.value("ExecutionParameters", json::array())) {
    request.parameters.push_back(p.get<std::string>());
  }
  if (in.contains("ClientRequestToken")) {
    request.client_request_token = in["ClientRequestToken"].get<std::string>();
  }
  return request;
}

}  // namespace

void RegisterQueryExecutionOps(JsonService& service, const AthenaApi& api) {
  if (api.executions == nullptr) return;
  query::QueryExecutions& executions = *api.executions;
  service.Register("StartQueryExecution", [&executions](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(query::StartRequest request, StartRequestOf(in));
    ASSIGN_OR_RETURN(std::string id, executions.Start(request));
    return athena::Dump({{"QueryExecutionId", id}});
  });
  service.Register("GetQueryExecution", [&executions](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json doc, executions.Get(in["QueryExecutionId"].get<std::string>()));
    return athena::Dump({{"QueryExecution", doc}});
  });
  service.Register("GetQueryResults", [&executions](const json& in) -> Result<std::string> {
    ASSIGN_OR_RETURN(json page, executions.Results(in["QueryExecutionId"].get<std::string>(),
                                                   athena::PageOf(in, 1000)));
    return athena::Dump(page);
  });
  service.Register("StopQueryExecution", [&executions](const json& in) -> Result<std::string> {
    RETURN_NOT_OK(executions.Stop(in["QueryExecutionId"].get<std::string>()));
    return std::string("{}");
  });
  service.Register("ListQueryExecutions", [&executions](const json& in) -> Result<std::string> {
    std::string workgroup = in.value("WorkGroup", std::string(query::kPrimaryWorkGroup));
    ASSIGN_OR_RETURN(catalog::Page page, executions.List(workgroup, athena::PageOf(in, 50)));
    json out = {{"QueryExecutionIds", page.items}};
    if (page.next_token) out["NextToken"] = *page.next_token;
    return athena::Dump(out);
  });
  service.Register("BatchGetQueryExecution", [&executions](const json& in) -> Result<std::string> {
    json found = json::array();
    json unprocessed = json::array();
    for (const json& id : in["QueryExecutionIds"]) {
      auto doc = executions.Get(id.get<std::string>());
      if (doc.ok()) {
        found.push_back(std::move(*doc));
      } else {
        unprocessed.push_back({{"QueryExecutionId", id},
                               {"ErrorCode", "INVALID_INPUT"},
                               {"ErrorMessage", doc.status().message()}});
      }
    }
    return athena::Dump(
        {{"QueryExecutions", found}, {"UnprocessedQueryExecutionIds", unprocessed}});
  });
}

}  // namespace sluice::api
