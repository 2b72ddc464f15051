// Small edits of a stored QueryExecution document (botocore shape QueryExecution).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace sluice::query {

// AthenaError.ErrorCategory: 1 system, 2 user (the query or its input must change), 3 other.
enum class ErrorCategory { kSystem = 1, kUser = 2, kOther = 3 };

// Sets Status.State (SUCCEEDED, FAILED or CANCELLED) and CompletionDateTime; for FAILED also
// StateChangeReason and AthenaError with `reason`.
void SetFinalState(nlohmann::json& doc, const std::string& state, const std::string& reason,
                   ErrorCategory category);

}  // namespace sluice::query
