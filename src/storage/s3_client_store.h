// S3ClientStore: an ObjectStore over an external S3-compatible service (AWS S3, MinIO, Ceph,
// moto), spoken to over libcurl with path-style URLs (<endpoint>/<bucket>/<key>) and SigV4
// signatures (libcurl's CURLOPT_AWS_SIGV4; every request carries the SHA-256 of its body in
// x-amz-content-sha256, which the signature covers).
//
// Container = bucket. Mapping of the interface onto S3:
//   List   -> ListObjectsV2, plus one HEAD per listed object when list_fetches_metadata (S3
//             listings carry no content type or user metadata, which ObjectInfo promises).
//   Head   -> HEAD; a 404 is followed by a HEAD of the bucket to tell NoSuchBucket (NotFound)
//             from a missing key (std::nullopt), because HEAD responses have no error body.
//   Open   -> one streaming GET with Range, started by Open (so the reader keeps the object as it
//             was then) and pulled by Read with at most ~1 MiB buffered (curl pause/unpause).
//   Create -> HEAD of the bucket (NotFound early); a writer that buffers up to 8 MiB and PUTs
//             once, or switches to a multipart upload (8 MiB parts) for larger objects and aborts
//             it when dropped without Commit. Each PUT/part carries Content-MD5.
//   Delete -> HEAD then DELETE (S3's DELETE does not say whether the key existed).
//   Copy   -> PUT with x-amz-copy-source (and x-amz-metadata-directive REPLACE), single request:
//             sources over 5 GiB are rejected by S3 (InvalidInput).
// S3 reports "no content type" as binary/octet-stream; this store reads that back as "".
//
// Errors: S3 error codes NoSuchBucket / NoSuchKey / NoSuchUpload -> NotFound ("<Code>: ..."),
// other 4xx -> InvalidInput with S3's message, 5xx / SlowDown / timeouts / connection failures ->
// Unavailable with the HTTP status or curl's message.
//
// Thread-safe: requests use pooled curl handles (keep-alive connections) guarded by a mutex.
// Writers must not outlive the store; readers may.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "storage/object_store.h"

namespace sluice::storage {

struct S3ClientOptions {
  std::string endpoint = {};  // "http(s)://host[:port]", no path; a trailing '/' is ignored
  std::string region = "us-east-1";
  std::string access_key = {};  // "" sends unsigned (anonymous) requests
  std::string secret_key = {};
  // Connecting, and any request making no progress, for this long fails with Unavailable.
  int timeout_seconds = 60;
  // Whether List fills content type, encoding, user metadata and headers with one HEAD per
  // object; false returns what ListObjectsV2 gives (key, size, etag, time) in one request.
  bool list_fetches_metadata = true;
};

namespace s3client {
class HttpClient;
}  // namespace s3client

class S3ClientStore final : public ObjectStore {
 public:
  // InvalidInput for an endpoint that is not http(s)://, a missing region, or a secret without
  // a key. Does not contact the service.
  static Result<std::unique_ptr<S3ClientStore>> Open(S3ClientOptions options);
  ~S3ClientStore() override;
  S3ClientStore(const S3ClientStore&) = delete;
  S3ClientStore& operator=(const S3ClientStore&) = delete;

  // Creates a bucket (in the store's region). AlreadyExists when it exists (either owner);
  // InvalidInput for a name S3 rejects.
  Status CreateBucket(std::string_view bucket);

  Result<ListPage> List(std::string_view container, const ListOptions& options) override;
  Result<std::optional<ObjectInfo>> Head(std::string_view container, std::string_view key) override;
  Result<std::unique_ptr<ObjectReader>> Open(std::string_view container, std::string_view key,
                                             uint64_t offset,
                                             std::optional<uint64_t> length) override;
  Result<std::unique_ptr<ObjectWriter>> Create(std::string_view container, std::string_view key,
                                               const WriteOptions& options) override;
  Result<bool> Delete(std::string_view container, std::string_view key) override;
  Result<ObjectInfo> Copy(std::string_view src_container, std::string_view src_key,
                          std::string_view dst_container, std::string_view dst_key,
                          const std::optional<WriteOptions>& replace) override;

 private:
  class Writer;

  S3ClientStore(S3ClientOptions options, std::unique_ptr<s3client::HttpClient> http);

  // OK when the bucket exists; NotFound "NoSuchBucket: ..." when it does not.
  Status CheckBucket(std::string_view bucket);
  // HEAD of a key: nullopt on 404 without asking about the bucket.
  Result<std::optional<ObjectInfo>> HeadKey(std::string_view bucket, std::string_view key);

  const S3ClientOptions options_;
  std::unique_ptr<s3client::HttpClient> http_;
};

}  // namespace sluice::storage
