// Storage URIs: where an object or a prefix lives, as Glue tables and jobs name it.
//
//   s3://bucket/key/with/slashes   container = bucket, key = the rest (may be empty or end in '/')
//   file:///abs/path/to/key        container = first path segment ("abs"), key = the rest
//                                  (file://localhost/abs/... is the same, as RFC 8089 allows)
//
// Keys are literal: no percent-decoding is applied, so "%20" stays three characters, as S3
// object keys written in table locations are. Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace sluice::storage {

struct StorageUri {
  std::string scheme;     // "s3" or "file"
  std::string container;  // the bucket, or the first segment of a file path
  std::string key;        // "" for the container itself; may end with '/' (a prefix)
};

// Parses an s3:// or file:/// URI (the scheme is matched case-insensitively and returned in
// lowercase). InvalidInput, quoting the URI and saying what to fix, for another scheme, an empty
// bucket, a relative file path (file://relative), or a key that ValidateKey rejects.
Result<StorageUri> ParseStorageUri(std::string_view uri);

}  // namespace sluice::storage
