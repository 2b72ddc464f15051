#include "storage/storage_config.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "common/json_depth.h"
#include "storage/bucket_store.h"

namespace sluice::storage {
namespace {

using nlohmann::json;

Status Invalid(const std::string& where, const std::string& what) {
  return Status::InvalidInput("storage config: " + where + ": " + what);
}

Result<std::string> StringField(const json& entry, const char* name, const std::string& where) {
  const json& value = entry.at(name);
  if (!value.is_string()) return Invalid(where, std::string("\"") + name + "\" must be a string");
  return value.get<std::string>();
}

Status CheckEndpoint(const ExternalBucket& b, const std::string& where) {
  if (b.client.endpoint.rfind("http://", 0) != 0 && b.client.endpoint.rfind("https://", 0) != 0) {
    return Invalid(where, "endpoint '" + b.client.endpoint +
                              "' must start with http:// or https:// (e.g. http://127.0.0.1:9000)");
  }
  Status name = ValidateBucketName(b.bucket);
  if (!name.ok()) return Invalid(where, name.message());
  return Status::OK();
}

Result<ExternalBucket> ParseEntry(const json& entry, const std::string& where,
                                  const StorageDefaults& defaults) {
  if (!entry.is_object()) return Invalid(where, "must be an object");
  static const std::set<std::string> kKnown = {
      "bucket",        "endpoint",          "region",
      "access_key_id", "secret_access_key", "list_fetches_metadata"};
  for (const auto& [name, value] : entry.items()) {
    if (!kKnown.count(name)) {
      return Invalid(where, "unknown field \"" + name +
                                "\" (known: bucket, endpoint, region, access_key_id, "
                                "secret_access_key, list_fetches_metadata)");
    }
  }
  for (const char* required : {"bucket", "endpoint"}) {
    if (!entry.contains(required)) {
      return Invalid(where, std::string("\"") + required + "\" is required");
    }
  }
  ExternalBucket b;
  b.client.region = defaults.region;
  b.client.access_key = defaults.access_key;
  b.client.secret_key = defaults.secret_key;
  b.client.list_fetches_metadata = false;
  ASSIGN_OR_RETURN(b.bucket, StringField(entry, "bucket", where));
  ASSIGN_OR_RETURN(b.client.endpoint, StringField(entry, "endpoint", where));
  if (entry.contains("region")) {
    ASSIGN_OR_RETURN(b.client.region, StringField(entry, "region", where));
  }
  if (entry.contains("access_key_id")) {
    ASSIGN_OR_RETURN(b.client.access_key, StringField(entry, "access_key_id", where));
  }
  if (entry.contains("secret_access_key")) {
    ASSIGN_OR_RETURN(b.client.secret_key, StringField(entry, "secret_access_key", where));
  }
  if (entry.contains("list_fetches_metadata")) {
    const json& value = entry.at("list_fetches_metadata");
    if (!value.is_boolean())
      return Invalid(where, "\"list_fetches_metadata\" must be true or false");
    b.client.list_fetches_metadata = value.get<bool>();
  }
  RETURN_NOT_OK(CheckEndpoint(b, where));
  return b;
}

}  // namespace

Result<std::vector<ExternalBucket>> ParseStorageConfig(std::string_view text,
                                                       const StorageDefaults& defaults) {
  if (JsonNestingDepth(text, 16) > 16) {
    return Status::InvalidInput("storage config: nested too deeply");
  }
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidInput("storage config: not valid JSON");
  if (!doc.is_object()) return Status::InvalidInput("storage config: must be a JSON object");
  for (const auto& [name, value] : doc.items()) {
    if (name != "external_buckets") {
      return Invalid("top level", "unknown field \"" + name + "\" (known: external_buckets)");
    }
  }
  std::vector<ExternalBucket> out;
  if (!doc.contains("external_buckets")) return out;
  const json& list = doc.at("external_buckets");
  if (!list.is_array()) return Invalid("external_buckets", "must be an array");
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string where = "external_buckets[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(ExternalBucket b, ParseEntry(list[i], where, defaults));
    if (!seen.insert(b.bucket).second) {
      return Invalid(where, "bucket '" + b.bucket + "' is listed twice");
    }
    out.push_back(std::move(b));
  }
  return out;
}

Result<ExternalBucket> ParseExternalBucketFlag(std::string_view flag,
                                               const StorageDefaults& defaults) {
  size_t eq = flag.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == flag.size()) {
    return Status::InvalidInput("--external-bucket '" + std::string(flag) +
                                "': expected BUCKET=ENDPOINT, e.g. lake=http://127.0.0.1:9000");
  }
  ExternalBucket b;
  b.bucket = std::string(flag.substr(0, eq));
  b.client.endpoint = std::string(flag.substr(eq + 1));
  b.client.region = defaults.region;
  b.client.access_key = defaults.access_key;
  b.client.secret_key = defaults.secret_key;
  b.client.list_fetches_metadata = false;
  RETURN_NOT_OK(CheckEndpoint(b, "--external-bucket " + std::string(flag)));
  return b;
}

StorageDefaults DefaultsFromEnvironment(std::string region) {
  StorageDefaults d;
  d.region = std::move(region);
  if (const char* key = std::getenv("AWS_ACCESS_KEY_ID")) d.access_key = key;
  if (const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY")) d.secret_key = secret;
  return d;
}

}  // namespace sluice::storage
