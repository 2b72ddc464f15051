// The Athena API (awsJson1.1, X-Amz-Target: AmazonAthena.<Operation>). One file per operation
// group registers its operations: workgroups.cc, named_queries.cc, data_catalogs.cc (the Glue
// catalog seen as Athena's AwsDataCatalog) and query_executions.cc.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>

#include "api/json_service.h"
#include "catalog/catalog.h"
#include "query/named_queries.h"
#include "query/workgroups.h"

namespace sluice::query {
class QueryExecutions;
}

namespace sluice::api {

// What the Athena operations act on (not owned). `executions` null: no query operations.
struct AthenaApi {
  catalog::Catalog& catalog;
  query::WorkGroups& workgroups;
  query::NamedQueries& named_queries;
  query::QueryExecutions* executions;
};

// Builds the Athena service with every implemented operation. Errors: Internal when the embedded
// model cannot be loaded.
Result<std::unique_ptr<JsonService>> MakeAthenaService(AthenaApi api);

// Athena's error names and statuses: InvalidRequestException (400) for anything the caller must
// fix, missing and duplicate entities included, as Athena reports them; TooManyRequestsException
// (400, retryable) for limits and transient refusals; InternalServerException (500) for faults.
// A message that starts with "MetadataException: " or "ResourceNotFoundException: " becomes that
// error (the prefix is dropped from the message).
WireError AthenaError(const Status& status);

// Query executions: StartQueryExecution, GetQueryExecution, GetQueryResults, ... (implemented in
// query_executions.cc).
void RegisterQueryExecutionOps(JsonService& service, const AthenaApi& api);

namespace athena {

void RegisterWorkGroupOperations(JsonService& service, query::WorkGroups& workgroups);
void RegisterNamedQueryOperations(JsonService& service, query::NamedQueries& named_queries);
void RegisterDataCatalogOperations(JsonService& service, const AthenaApi& api);

// Shared helpers for the operation files.
// MaxResults (default `default_max` when absent or 0) and NextToken of a list input.
catalog::PageRequest PageOf(const nlohmann::json& input, int default_max);
// {"<key>": [items...], "NextToken": ...}
std::string ListOutput(std::string_view key, const catalog::Page& page);
std::string Dump(const nlohmann::json& doc);

}  // namespace athena
}  // namespace sluice::api
