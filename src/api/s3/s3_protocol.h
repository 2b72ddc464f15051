// The S3 REST-XML protocol pieces shared by the S3 operation files: XML building, error
// responses, S3 time formats, and request helpers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http_server.h"
#include "common/base64.h"
#include "common/status.h"
#include "common/time.h"
#include "storage/object_store.h"

namespace sluice::api::s3 {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// Builds an XML document; Text() escapes.
class Xml {
 public:
  explicit Xml(std::string_view root);  // writes the declaration and <root xmlns=...>
  Xml& Open(std::string_view tag);
  Xml& Close(std::string_view tag);
  Xml& Element(std::string_view tag, std::string_view text);
  std::string Finish();  // closes the root

 private:
  std::string root_;
  std::string out_;
};

std::string XmlEscape(std::string_view text);

// The S3 error code and HTTP status for a Status. Storage messages may start with an S3 code
// ("NoSuchKey: ..."); that code is used (and stripped from the message), else the Status code's
// default.
struct S3Error {
  std::string code;
  int http_status;
  std::string message;
};
S3Error ToS3Error(const Status& status);

// <Error><Code/><Message/><Resource/><RequestId/></Error> with the mapped status.
HttpResponse ErrorResponse(const Status& status, std::string_view resource);
// Extra elements after <Resource>, e.g. PermanentRedirect's <Bucket> and <Endpoint>.
using ErrorFields = std::vector<std::pair<std::string, std::string>>;
HttpResponse ErrorResponse(std::string_view code, int http_status, std::string_view message,
                           std::string_view resource, const ErrorFields& extra = {});

// Adds <RequestId> to an error document (errors are built before the request id is known).
void StampRequestId(HttpResponse& response, std::string_view request_id);

// "2026-11-22T06:04:04.000Z"
std::string Iso8601Millis(int64_t epoch_ms);

// The value of a query parameter, or std::nullopt.
std::optional<std::string> Query(const HttpRequest& request, std::string_view name);
bool HasQuery(const HttpRequest& request, std::string_view name);

// x-amz-meta-* headers (names lower-cased, prefix removed).
std::map<std::string, std::string> UserMetadata(const HttpRequest& request);
// Content-Type, Content-Encoding (without aws-chunked) and user metadata of a request.
storage::WriteOptions WriteOptionsOf(const HttpRequest& request);

// Adds ETag, Last-Modified, Content-Type, Content-Encoding and x-amz-meta-* headers.
void AddObjectHeaders(const storage::ObjectInfo& info, HttpResponse& response);

}  // namespace sluice::api::s3
