// ServiceModel: a botocore service model subset (src/api/models/<service>.json, made by
// scripts/gen-api-model) used to validate requests exactly as the AWS model constrains them.
//
// Immutable after Load(); thread-safe to share.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace sluice::api {

class ServiceModel {
 public:
  // Parses the model text. Errors: Internal (the embedded model is part of the binary).
  static Result<std::unique_ptr<ServiceModel>> Load(std::string_view model_json);
  ~ServiceModel();

  // True when the model (as extracted) has the operation.
  bool HasOperation(std::string_view operation) const;

  // Checks `input` against the operation's input shape: JSON types, required members, string
  // lengths, numeric ranges, list sizes, enums and patterns. Unknown members are ignored.
  // Errors: InvalidInput naming the member path and the constraint, e.g.
  // "Value at 'DatabaseInput.Name' failed to satisfy constraint: Member must have length
  // less than or equal to 255".
  Status ValidateInput(std::string_view operation, const nlohmann::json& input) const;

  struct Shape;

 private:
  ServiceModel();
  std::unordered_map<std::string, std::unique_ptr<Shape>> shapes_;
  std::unordered_map<std::string, const Shape*> operation_inputs_;
  void Link();
};

}  // namespace sluice::api
