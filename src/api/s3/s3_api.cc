#include "api/s3/s3_api.h"

#include <pugixml.hpp>
#include <set>

#include "api/s3/s3_protocol.h"

namespace sluice::api::s3 {

namespace {

// Query parameters that select an operation or modify one we serve. Anything else names a
// subresource Sluice does not implement (acl, policy, lifecycle, tagging, ...).
const std::set<std::string>& KnownParameters() {
  static const std::set<std::string> kKnown = {"x-id",
                                               "list-type",
                                               "prefix",
                                               "delimiter",
                                               "max-keys",
                                               "continuation-token",
                                               "start-after",
                                               "fetch-owner",
                                               "encoding-type",
                                               "marker",
                                               "location",
                                               "uploads",
                                               "uploadId",
                                               "partNumber",
                                               "delete",
                                               "max-parts",
                                               "part-number-marker",
                                               "max-uploads",
                                               "key-marker",
                                               "upload-id-marker",
                                               "versionId",
                                               "response-content-type",
                                               "response-content-encoding",
                                               "response-content-disposition",
                                               "response-content-language",
                                               "response-expires",
                                               "response-cache-control",
                                               "x-amz-checksum-mode",
                                               "tagging"};
  return kKnown;
}

HttpResponse NotImplemented(const std::string& what, std::string_view resource) {
  return ErrorResponse("NotImplemented", 501, "Sluice's object store does not implement " + what,
                       resource);
}

}  // namespace

bool IsQueryAuthParameter(std::string_view name) {
  static const std::set<std::string, std::less<>> kAuth = {
      "X-Amz-Algorithm",     "X-Amz-Credential", "X-Amz-Date",           "X-Amz-Expires",
      "X-Amz-SignedHeaders", "X-Amz-Signature",  "X-Amz-Security-Token", "AWSAccessKeyId",
      "Signature",           "Expires"};
  return kAuth.count(name) > 0;
}

Status CheckKey(std::string_view key) {
  if (key.size() > 1024) {
    return Status::InvalidInput("KeyTooLongError: Your key is too long (" +
                                std::to_string(key.size()) + " bytes; the most is 1024)");
  }
  return storage::ValidateKey(key);
}

S3Api::S3Api(storage::BucketStore& store, std::string region, const storage::StorageRouter* router)
    : store_(store), region_(std::move(region)), router_(router) {}

std::optional<HttpResponse> S3Api::ExternalBucket(const Target& t) const {
  if (router_ == nullptr || t.bucket.empty()) return std::nullopt;
  auto endpoint = router_->ExternalEndpoint(t.bucket);
  if (!endpoint) return std::nullopt;
  // The AWS CLI appends ": <Endpoint>" to the message in place of its final '.'.
  HttpResponse response =
      ErrorResponse("PermanentRedirect", 301,
                    "The bucket '" + t.bucket +
                        "' lives on an external S3-compatible store (this server "
                        "reads and writes it for its crawlers and other modules but does not serve "
                        "it over its own "
                        "S3 API) and must be addressed using the specified endpoint.",
                    t.resource, {{"Bucket", t.bucket}, {"Endpoint", endpoint->url}});
  response.headers.emplace_back("x-amz-bucket-region", endpoint->region);
  return response;
}

S3Api::Target S3Api::TargetOf(const HttpRequest& request) {
  Target t;
  std::string_view path = request.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  size_t slash = path.find('/');
  t.bucket = std::string(path.substr(0, slash));
  if (slash != std::string_view::npos) t.key = std::string(path.substr(slash + 1));
  t.resource = "/" + std::string(path);
  return t;
}

namespace {

// The request's operation parameters (auth and x-id left out).
std::set<std::string> ParametersOf(const HttpRequest& request) {
  std::set<std::string> out;
  for (const auto& [name, value] : request.query) {
    if (name != "x-id" && !IsQueryAuthParameter(name)) out.insert(name);
  }
  return out;
}

// True when every parameter present is one of `allowed` (so no subresource falls through to
// an operation it does not belong to: DELETE /bucket?tagging must not delete the bucket).
template <typename Allowed>
bool OnlyIn(const std::set<std::string>& present, const Allowed& allowed) {
  for (const std::string& p : present) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || p == a;
    if (!ok) return false;
  }
  return true;
}

bool Only(const std::set<std::string>& present, std::initializer_list<std::string_view> allowed) {
  return OnlyIn(present, allowed);
}

constexpr std::string_view kListParameters[] = {
    "list-type",   "prefix",      "delimiter",     "max-keys", "continuation-token",
    "start-after", "fetch-owner", "encoding-type", "marker"};
constexpr std::string_view kGetObjectParameters[] = {"versionId",
                                                     "response-content-type",
                                                     "response-content-encoding",
                                                     "response-content-disposition",
                                                     "response-content-language",
                                                     "response-expires",
                                                     "response-cache-control",
                                                     "x-amz-checksum-mode"};

}  // namespace

HttpResponse S3Api::Handle(const HttpRequest& request) {
  Target t = TargetOf(request);
  if (auto redirect = ExternalBucket(t)) return std::move(*redirect);
  std::set<std::string> params = ParametersOf(request);
  for (const std::string& name : params) {
    if (KnownParameters().count(name) == 0) {
      return NotImplemented("the '" + name + "' subresource or parameter", t.resource);
    }
  }
  // Versioning is not supported: only the "null" version (that of an unversioned bucket) exists.
  if (auto version = Query(request, "versionId"); version && *version != "null") {
    return ErrorResponse("InvalidArgument", 400,
                         "Invalid version id specified: this store does not keep versions",
                         t.resource);
  }
  const std::string& m = request.method;
  auto not_allowed = [&](std::string_view what) {
    return ErrorResponse("MethodNotAllowed", 405,
                         "The specified method is not allowed against this resource (" + m + " " +
                             std::string(what) + " with these parameters)",
                         t.resource);
  };
  if (t.bucket.empty()) {
    if (m == "GET" && params.empty()) return ListBuckets();
    return not_allowed("/");
  }
  if (t.key.empty()) {
    if (m == "PUT" && params.empty()) return CreateBucket(request, t);
    if (m == "HEAD" && params.empty()) return HeadBucket(t);
    if (m == "DELETE" && params.empty()) return DeleteBucket(t);
    if (m == "GET" && params.count("location") && Only(params, {"location"})) {
      return GetBucketLocation(t);
    }
    if (m == "GET" && params.count("uploads") &&
        Only(params, {"uploads", "prefix", "delimiter", "max-uploads", "key-marker",
                      "upload-id-marker", "encoding-type"})) {
      return ListMultipartUploads(request, t);
    }
    if (m == "GET" && OnlyIn(params, kListParameters)) {
      return ListObjects(request, t, Query(request, "list-type") == "2");
    }
    if (m == "POST" && params.count("delete") && Only(params, {"delete"})) {
      return DeleteObjects(request, t);
    }
    if (params.count("tagging")) return NotImplemented("bucket tags", t.resource);
    return not_allowed("a bucket");
  }
  if (Status st = CheckKey(t.key); !st.ok()) {
    if (m == "HEAD") return HttpResponse{ToS3Error(st).http_status, {}, {}, {}};
    return ErrorResponse(st, t.resource);
  }
  bool upload = params.count("uploadId") > 0;
  bool copy = !request.Header("x-amz-copy-source").empty();
  if (params.count("tagging")) {
    if (m == "GET" && Only(params, {"tagging", "versionId"})) return GetObjectTagging(t);
    return NotImplemented("object tags (PutObjectTagging, DeleteObjectTagging)", t.resource);
  }
  if (m == "GET" && upload && Only(params, {"uploadId", "max-parts", "part-number-marker"})) {
    return ListParts(request, t);
  }
  if ((m == "GET" || m == "HEAD") && OnlyIn(params, kGetObjectParameters)) {
    return GetObject(request, t, m == "HEAD");
  }
  if (m == "DELETE" && upload && Only(params, {"uploadId"}))
    return AbortMultipartUpload(request, t);
  if (m == "DELETE" && Only(params, {"versionId"})) return DeleteObject(t);
  if (m == "POST" && params.count("uploads") && Only(params, {"uploads"})) {
    return CreateMultipartUpload(request, t);
  }
  if (m == "POST" && upload && Only(params, {"uploadId"}))
    return CompleteMultipartUpload(request, t);
  if (m == "PUT" && copy && params.empty()) return CopyObject(request, t);
  if (m == "PUT" && copy && upload && params.count("partNumber") &&
      Only(params, {"uploadId", "partNumber"})) {
    return UploadPartCopy(request, t);
  }
  // PUT bodies of objects and parts are streamed (StreamBody); anything else reaching here is a
  // method and parameters that name no operation.
  if (m == "HEAD") return HttpResponse{405, {}, {}, {}};
  return not_allowed("an object");
}

// Objects carry no tags in Sluice; the AWS CLI asks for them when it copies large objects.
HttpResponse S3Api::GetObjectTagging(const Target& t) {
  auto info = store_.Head(t.bucket, t.key);
  if (!info.ok()) return ErrorResponse(info.status(), t.resource);
  if (!*info)
    return ErrorResponse("NoSuchKey", 404, "The specified key does not exist.", t.resource);
  Xml xml("Tagging");
  xml.Open("TagSet").Close("TagSet");
  HttpResponse r;
  r.body = xml.Finish();
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

HttpResponse S3Api::ListBuckets() {
  auto buckets = store_.ListBuckets();
  if (!buckets.ok()) return ErrorResponse(buckets.status(), "/");
  Xml xml("ListAllMyBucketsResult");
  xml.Open("Owner").Element("ID", "sluice").Element("DisplayName", "sluice").Close("Owner");
  xml.Open("Buckets");
  for (const auto& b : *buckets) {
    xml.Open("Bucket").Element("Name", b.name).Element("CreationDate", Iso8601Millis(b.created_ms));
    xml.Close("Bucket");
  }
  xml.Close("Buckets");
  HttpResponse r;
  r.body = xml.Finish();
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

HttpResponse S3Api::CreateBucket(const HttpRequest& request, const Target& t) {
  std::string region = region_;
  if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    pugi::xml_document doc;
    if (!doc.load_buffer(request.body.data(), request.body.size())) {
      return ErrorResponse("MalformedXML", 400,
                           "The XML you provided was not well-formed or did not validate against "
                           "our published schema",
                           t.resource);
    }
    std::string constraint =
        doc.child("CreateBucketConfiguration").child("LocationConstraint").text().as_string();
    if (!constraint.empty()) region = constraint;
  }
  Status st = store_.CreateBucket(t.bucket, region);
  if (!st.ok()) return ErrorResponse(st, t.resource);
  HttpResponse r;
  r.headers.emplace_back("Location", "/" + t.bucket);
  return r;
}

HttpResponse S3Api::HeadBucket(const Target& t) {
  auto bucket = store_.GetBucket(t.bucket);
  if (!bucket.ok()) return ErrorResponse(bucket.status(), t.resource);
  HttpResponse r;
  if (!*bucket) {
    r.status = 404;  // HEAD responses carry no body; botocore maps the status
    return r;
  }
  r.headers.emplace_back("x-amz-bucket-region", (*bucket)->region);
  return r;
}

HttpResponse S3Api::DeleteBucket(const Target& t) {
  Status st = store_.DeleteBucket(t.bucket);
  if (!st.ok()) return ErrorResponse(st, t.resource);
  HttpResponse r;
  r.status = 204;
  return r;
}

HttpResponse S3Api::GetBucketLocation(const Target& t) {
  auto bucket = store_.GetBucket(t.bucket);
  if (!bucket.ok()) return ErrorResponse(bucket.status(), t.resource);
  if (!*bucket) {
    return ErrorResponse("NoSuchBucket", 404, "The specified bucket does not exist", t.resource);
  }
  HttpResponse r;
  std::string region = (*bucket)->region == "us-east-1" ? "" : (*bucket)->region;
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" +
           std::string(kS3Namespace) + "\">" + XmlEscape(region) + "</LocationConstraint>";
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

}  // namespace sluice::api::s3
