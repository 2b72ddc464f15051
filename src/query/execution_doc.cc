#include "query/execution_doc.h"

#include "common/time.h"

namespace sluice::query {

void SetFinalState(nlohmann::json& doc, const std::string& state, const std::string& reason,
                   ErrorCategory category) {
  nlohmann::json& status = doc["Status"];
  status["State"] = state;
  status["CompletionDateTime"] = NowEpochSeconds();
  if (!reason.empty()) status["StateChangeReason"] = reason;
  if (state == "FAILED") {
    status["AthenaError"] = {{"ErrorCategory", static_cast<int>(category)},
                             {"ErrorType", category == ErrorCategory::kUser ? 1100 : 1000},
                             {"Retryable", category == ErrorCategory::kSystem},
                             {"ErrorMessage", reason}};
  }
}

}  // namespace sluice::query
