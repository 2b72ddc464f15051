#include "api/athena/athena_service.h"

#include <nlohmann/json.hpp>

namespace sluice::api {

extern const char kAthenaModelJson[];  // generated from src/api/models/athena.json

WireError AthenaError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kConcurrentModification:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPayloadTooLarge: {
      static constexpr std::string_view kNames[] = {"MetadataException",
                                                    "ResourceNotFoundException"};
      for (std::string_view name : kNames) {
        if (status.message().rfind(std::string(name) + ": ", 0) == 0) return {name, 400};
      }
      return {"InvalidRequestException", 400};
    }
    case StatusCode::kResourceLimit:
    case StatusCode::kUnavailable:
      return {"TooManyRequestsException", 400};  // botocore retries it as throttling
    case StatusCode::kUnknownOperation:
      return {"UnknownOperationException", 400};
    case StatusCode::kOk:
    case StatusCode::kIOError:
    case StatusCode::kInternal:
      break;
  }
  return {"InternalServerException", 500};
}

Result<std::unique_ptr<JsonService>> MakeAthenaService(AthenaApi api) {
  ASSIGN_OR_RETURN(auto model, ServiceModel::Load(kAthenaModelJson));
  auto service = std::make_unique<JsonService>("AmazonAthena", std::move(model), &AthenaError);
  athena::RegisterWorkGroupOperations(*service, api.workgroups);
  athena::RegisterNamedQueryOperations(*service, api.named_queries);
  athena::RegisterDataCatalogOperations(*service, api);
  RegisterQueryExecutionOps(*service, api);
  return service;
}

namespace athena {

catalog::PageRequest PageOf(const nlohmann::json& input, int default_max) {
  catalog::PageRequest page;
  page.max_results = input.value("MaxResults", 0);
  if (page.max_results <= 0) page.max_results = default_max;
  if (input.contains("NextToken") && input["NextToken"].is_string()) {
    page.next_token = input["NextToken"].get<std::string>();
  }
  return page;
}

std::string ListOutput(std::string_view key, const catalog::Page& page) {
  std::string out = "{\"";
  out += key;
  out += "\":";
  out += JsonList(page.items);
  if (page.next_token) out += ",\"NextToken\":" + JsonQuote(*page.next_token);
  out += '}';
  return out;
}

std::string Dump(const nlohmann::json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace athena
}  // namespace sluice::api
