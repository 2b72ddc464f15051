// Parsing of the AWS Signature Version 4 Authorization header. Verification comes later; for
// now the caller's access key, region and service are read for logging and attribution.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::api {

struct SigV4Credential {
  std::string access_key;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
};

// Parses "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/glue/aws4_request,
// SignedHeaders=..., Signature=...". Returns std::nullopt for anything else.
std::optional<SigV4Credential> ParseSigV4Authorization(std::string_view header);

}  // namespace sluice::api
