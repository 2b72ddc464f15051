// A small awsJson1.1 client for subcommands that drive a running `sluice serve` through its
// public API (as the AWS CLI would): one POST per call, SigV4-signed by libcurl with the
// credentials of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (any value works with Sluice).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/result.h"

namespace sluice::cli {

class AwsJsonClient {
 public:
  // `endpoint` like http://127.0.0.1:8080; `target_prefix` like "AWSGlue" or "Logs_20140328";
  // `service` the SigV4 service name ("glue", "logs").
  AwsJsonClient(std::string endpoint, std::string target_prefix, std::string service);

  // The response document; errors carry the AWS error name and message
  // ("EntityNotFoundException: ...") — NotFound for *NotFound*, Unavailable when the server
  // cannot be reached, InvalidInput otherwise.
  Result<nlohmann::json> Call(const std::string& operation, const nlohmann::json& input) const;

 private:
  std::string endpoint_, target_prefix_, service_;
};

}  // namespace sluice::cli
