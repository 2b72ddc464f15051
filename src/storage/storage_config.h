// Where buckets live: the storage configuration `sluice serve` reads from --storage-config FILE
// and --external-bucket flags. Buckets not named here live in the built-in store.
//
// The file is JSON:
//   {
//     "external_buckets": [
//       { "bucket": "corp-lake",                 (required; an S3 bucket name)
//         "endpoint": "https://s3.eu-west-1.amazonaws.com",   (required; http(s)://host[:port])
//         "region": "eu-west-1",                 (optional; default: the server's --region)
//         "access_key_id": "AKIA...",            (optional; default: $AWS_ACCESS_KEY_ID)
//         "secret_access_key": "...",            (optional; default: $AWS_SECRET_ACCESS_KEY)
//         "list_fetches_metadata": false }       (optional; default false: listings carry key,
//     ]                                           size, etag, time only)
//   }
// A flag is the short form of one entry: `--external-bucket corp-lake=http://127.0.0.1:9000`.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/s3_client_store.h"

namespace sluice::storage {

struct ExternalBucket {
  std::string bucket;
  S3ClientOptions client;
};

struct StorageDefaults {
  std::string region = "us-east-1";
  std::string access_key;  // usually from the environment
  std::string secret_key;
};

// Parses the JSON file text. InvalidInput naming the entry and field for unknown fields, wrong
// types, missing bucket or endpoint, an invalid bucket name, or a bucket listed twice.
Result<std::vector<ExternalBucket>> ParseStorageConfig(std::string_view json,
                                                       const StorageDefaults& defaults);

// Parses "BUCKET=ENDPOINT". InvalidInput saying the expected form otherwise.
Result<ExternalBucket> ParseExternalBucketFlag(std::string_view flag,
                                               const StorageDefaults& defaults);

// StorageDefaults with the credentials of $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY.
StorageDefaults DefaultsFromEnvironment(std::string region);

}  // namespace sluice::storage
