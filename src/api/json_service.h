// JsonService: one AWS service spoken in the awsJson1.1 protocol (POST / with
// X-Amz-Target: <TargetPrefix>.<Operation>), e.g. Glue ("AWSGlue") and, later, Athena.
//
// Invoke() parses and guards the body (size, nesting depth, UTF-8, JSON object), validates it
// against the botocore model, runs the operation and renders the response or the error as
// botocore parses it: {"__type": "<ErrorName>", "Message": "..."} with the mapped HTTP status.
// Registration happens before serving; Invoke is thread-safe afterwards.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/http_server.h"
#include "api/service_model.h"
#include "common/result.h"

namespace sluice::api {

// An operation: validated input → the JSON text of its output shape.
using JsonOperation = std::function<Result<std::string>(const nlohmann::json& input)>;

// The AWS error name and HTTP status a Status becomes in this service.
struct WireError {
  std::string_view name;
  int http_status;
};
using ErrorMapper = WireError (*)(const Status& status);

class JsonService {
 public:
  JsonService(std::string target_prefix, std::unique_ptr<ServiceModel> model, ErrorMapper errors);

  const std::string& target_prefix() const { return target_prefix_; }

  // Adds an operation; its name must exist in the model.
  void Register(const std::string& operation, JsonOperation fn);

  HttpResponse Invoke(std::string_view operation, const HttpRequest& request) const;

  // Renders `status` as this service's error response.
  HttpResponse ErrorResponse(const Status& status) const;

 private:
  Result<std::string> Run(std::string_view operation, const HttpRequest& request) const;

  std::string target_prefix_;
  std::unique_ptr<ServiceModel> model_;
  ErrorMapper errors_;
  std::unordered_map<std::string, JsonOperation> operations_;
};

// Appends `"Key":<json text>` helpers for building outputs from stored JSON text.
std::string JsonList(const std::vector<std::string>& items);
std::string JsonQuote(std::string_view text);

}  // namespace sluice::api
