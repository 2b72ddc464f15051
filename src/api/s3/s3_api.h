// The S3 REST API (path-style, as botocore sends it with --endpoint-url) over the built-in
// BucketStore. One file per operation group: s3_api.cc (routing, buckets), s3_objects.cc,
// s3_list.cc, s3_multipart.cc. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/http_server.h"
#include "storage/bucket_store.h"
#include "storage/storage_router.h"

namespace sluice::api::s3 {

// Query parameters of presigned URLs (SigV4 X-Amz-*, SigV2 AWSAccessKeyId/Signature/Expires);
// signatures are not verified yet, so they are accepted and ignored.
bool IsQueryAuthParameter(std::string_view name);

// ValidateKey, reporting an over-long key as S3's KeyTooLongError.
Status CheckKey(std::string_view key);

class S3Api {
 public:
  // Buckets that `router` (optional, not owned) routes to an external endpoint are not served
  // here: requests for them get S3's PermanentRedirect naming that endpoint.
  S3Api(storage::BucketStore& store, std::string region,
        const storage::StorageRouter* router = nullptr);

  // Requests with buffered bodies (everything but object and part uploads).
  HttpResponse Handle(const HttpRequest& request);
  // PutObject and UploadPart stream their bodies into the store; nullptr for other requests.
  std::unique_ptr<BodySink> StreamBody(const HttpRequest& request);

 private:
  // The path split into bucket and key ("" when absent).
  struct Target {
    std::string bucket;
    std::string key;
    std::string resource;  // "/bucket/key" for error messages
  };
  static Target TargetOf(const HttpRequest& request);

  HttpResponse ListBuckets();
  HttpResponse CreateBucket(const HttpRequest& request, const Target& t);
  HttpResponse HeadBucket(const Target& t);
  HttpResponse DeleteBucket(const Target& t);
  HttpResponse GetBucketLocation(const Target& t);
  HttpResponse ListObjects(const HttpRequest& request, const Target& t, bool v2);
  HttpResponse DeleteObjects(const HttpRequest& request, const Target& t);
  HttpResponse GetObject(const HttpRequest& request, const Target& t, bool head);
  HttpResponse DeleteObject(const Target& t);
  HttpResponse CopyObject(const HttpRequest& request, const Target& t);
  HttpResponse CreateMultipartUpload(const HttpRequest& request, const Target& t);
  HttpResponse CompleteMultipartUpload(const HttpRequest& request, const Target& t);
  HttpResponse AbortMultipartUpload(const HttpRequest& request, const Target& t);
  HttpResponse ListParts(const HttpRequest& request, const Target& t);
  HttpResponse ListMultipartUploads(const HttpRequest& request, const Target& t);
  HttpResponse UploadPartCopy(const HttpRequest& request, const Target& t);
  HttpResponse GetObjectTagging(const Target& t);

  // PermanentRedirect (301, with x-amz-bucket-region) when the bucket lives on an external
  // endpoint, else nullopt.
  std::optional<HttpResponse> ExternalBucket(const Target& t) const;

  storage::BucketStore& store_;
  std::string region_;
  const storage::StorageRouter* router_;
};

}  // namespace sluice::api::s3
