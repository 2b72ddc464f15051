#include "api/glue/glue_service.h"

#include <nlohmann/json.hpp>

namespace sluice::api {

extern const char kGlueModelJson[];  // generated from src/api/models/glue.json

WireError GlueError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidInput:
      return {"InvalidInputException", 400};
    case StatusCode::kNotFound:
      return {"EntityNotFoundException", 400};
    case StatusCode::kAlreadyExists:
      return {"AlreadyExistsException", 400};
    case StatusCode::kConcurrentModification:
      return {"ConcurrentModificationException", 400};
    case StatusCode::kResourceLimit:
      return {"ResourceNumberLimitExceededException", 400};
    case StatusCode::kFailedPrecondition: {
      static constexpr std::string_view kNames[] = {
          "CrawlerRunningException", "CrawlerNotRunningException", "CrawlerStoppingException",
          "SchedulerTransitioningException", "ConcurrentRunsExceededException"};
      for (std::string_view name : kNames) {
        if (status.message().rfind(name, 0) == 0) return {name, 400};
      }
      return {"IllegalOperationException", 400};
    }
    case StatusCode::kPayloadTooLarge:
      return {"RequestEntityTooLargeException", 413};
    case StatusCode::kUnknownOperation:
      return {"UnknownOperationException", 400};
    case StatusCode::kUnavailable:
      return {"ServiceUnavailableException", 503};  // retryable
    case StatusCode::kOk:
    case StatusCode::kIOError:
    case StatusCode::kInternal:
      break;
  }
  return {"InternalServiceException", 500};
}

Result<std::unique_ptr<JsonService>> MakeGlueService(catalog::Catalog& catalog,
                                                     const CrawlerApi& crawlers) {
  ASSIGN_OR_RETURN(auto model, ServiceModel::Load(kGlueModelJson));
  auto service = std::make_unique<JsonService>("AWSGlue", std::move(model), &GlueError);
  glue::RegisterDatabaseOperations(*service, catalog);
  glue::RegisterTableOperations(*service, catalog);
  glue::RegisterPartitionOperations(*service, catalog);
  if (crawlers.crawlers && crawlers.runs && crawlers.classifiers) {
    glue::RegisterCrawlerOperations(*service, crawlers);
  }
  return service;
}

namespace glue {

catalog::PageRequest PageOf(const nlohmann::json& input, int default_max) {
  catalog::PageRequest page;
  page.max_results = input.value("MaxResults", default_max);
  if (input.contains("NextToken") && input["NextToken"].is_string() &&
      !input["NextToken"].get_ref<const std::string&>().empty()) {
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

std::string ErrorsOutput(std::string_view key_field,
                         const std::vector<catalog::ItemError>& errors) {
  // An empty Errors list is left out, so that the AWS CLI (which shows ResponseMetadata whenever
  // an Errors key is present) prints a clean result.
  if (errors.empty()) return "{}";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors) {
    list.push_back({{std::string(key_field), e.item_key},
                    {"ErrorDetail", {{"ErrorCode", e.error_code}, {"ErrorMessage", e.message}}}});
  }
  return nlohmann::json({{"Errors", list}})
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> StringList(const nlohmann::json& list) {
  std::vector<std::string> out;
  if (list.is_array()) {
    for (const auto& v : list) out.push_back(v.get<std::string>());
  }
  return out;
}

void ProjectAttributes(const nlohmann::json& input,
                       const std::vector<std::pair<std::string, std::string>>& fields,
                       catalog::Page& page) {
  auto it = input.find("AttributesToGet");
  if (it == input.end() || !it->is_array() || it->empty()) return;
  std::vector<std::string> keep = {"Name"};
  for (const auto& attribute : *it) {
    for (const auto& [name, member] : fields) {
      if (attribute == name) keep.push_back(member);
    }
  }
  for (std::string& item : page.items) {
    nlohmann::json doc = nlohmann::json::parse(item);
    nlohmann::json projected = nlohmann::json::object();
    for (const std::string& k : keep) {
      if (doc.contains(k)) projected[k] = doc[k];
    }
    item = projected.dump();
  }
}

}  // namespace glue
}  // namespace sluice::api
