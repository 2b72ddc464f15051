#include "api/json_service.h"

#include <nlohmann/json.hpp>

#include "common/json_depth.h"
#include "common/logging.h"

namespace sluice::api {

namespace {
constexpr size_t kMaxJsonDepth = 64;
}

JsonService::JsonService(std::string target_prefix, std::unique_ptr<ServiceModel> model,
                         ErrorMapper errors)
    : target_prefix_(std::move(target_prefix)), model_(std::move(model)), errors_(errors) {}

void JsonService::Register(const std::string& operation, JsonOperation fn) {
  if (!model_->HasOperation(operation)) {
    LogError("api: operation " + operation + " is not in the " + target_prefix_ + " model");
  }
  operations_[operation] = std::move(fn);
}

Result<std::string> JsonService::Run(std::string_view operation, const HttpRequest& request) const {
  auto it = operations_.find(std::string(operation));
  if (it == operations_.end()) {
    std::string what = model_->HasOperation(operation) ? "is not implemented by Sluice"
                                                       : "is not an operation of " + target_prefix_;
    return Status::UnknownOperation("Operation '" + std::string(operation) + "' " + what);
  }
  std::string_view body = request.body;
  if (JsonNestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return Status::InvalidInput("Request body nests JSON deeper than " +
                                std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json input;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    input = nlohmann::json::object();  // awsJson1.1 servers must accept an empty body
  } else {
    try {
      input = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {
      std::string why = e.what();
      if (size_t p = why.find("] "); p != std::string::npos) why = why.substr(p + 2);
      return Status::InvalidInput("Request body is not valid UTF-8 JSON: " + why);
    }
  }
  if (!input.is_object()) return Status::InvalidInput("Request body must be a JSON object");
  RETURN_NOT_OK(model_->ValidateInput(operation, input));
  try {
    return it->second(input);
  } catch (const std::exception& e) {
    // Operations validate their input; reaching here is a bug, reported as such.
    return Status::Internal(std::string("unexpected failure in ") + std::string(operation) + ": " +
                            e.what());
  }
}

HttpResponse JsonService::Invoke(std::string_view operation, const HttpRequest& request) const {
  Result<std::string> out = Run(operation, request);
  if (!out.ok()) {
    if (out.status().code() == StatusCode::kInternal ||
        out.status().code() == StatusCode::kIOError) {
      LogError("api: " + std::string(operation) + ": " + out.status().ToString());
    }
    return ErrorResponse(out.status());
  }
  HttpResponse response;
  response.body = std::move(*out);
  response.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  return response;
}

HttpResponse JsonService::ErrorResponse(const Status& status) const {
  WireError e = errors_(status);
  HttpResponse response;
  response.status = e.http_status;
  // A message that starts with the error's own name ("CrawlerRunningException: ...") loses it.
  std::string_view message = status.message();
  if (message.size() > e.name.size() + 2 && message.substr(0, e.name.size()) == e.name &&
      message.substr(e.name.size(), 2) == ": ") {
    message.remove_prefix(e.name.size() + 2);
  }
  nlohmann::json body = {{"__type", e.name}, {"Message", message}};
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  response.headers.emplace_back("x-amzn-ErrorType", std::string(e.name));
  return response;
}

std::string JsonList(const std::vector<std::string>& items) {
  size_t n = 2;
  for (const auto& i : items) n += i.size() + 1;
  std::string out;
  out.reserve(n);
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i];
  }
  out += ']';
  return out;
}

std::string JsonQuote(std::string_view text) { return nlohmann::json(text).dump(); }

}  // namespace sluice::api
