// The pieces of S3ClientStore below the ObjectStore interface: URL encoding, XML parsing, error
// mapping (s3_client_xml.cc) and the libcurl adapter (s3_client_http.cc). Not part of the
// module's interface; declared here so they can be unit-tested without a server.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base64.h"
#include "common/result.h"
#include "common/time.h"
#include "storage/object_store.h"

namespace sluice::storage::s3client {

// Shared with the rest of Sluice (common/base64.h).
using ::sluice::Base64Encode;
using ::sluice::ParseHttpDate;
using ::sluice::UriEncode;

// S3's URI encoding (as SigV4 canonicalizes it): every byte but A-Z a-z 0-9 - _ . ~ becomes
// %XX (uppercase hex); '/' is kept when `keep_slash`.

using QueryParams = std::vector<std::pair<std::string, std::string>>;
// "a=1&b=&c=x%2Fy": sorted by name, names and values UriEncode'd, '=' even for empty values, so
// the URL's query is already the canonical query SigV4 signs.
std::string CanonicalQuery(QueryParams params);

// Lowercase hex SHA-256, and standard base64 (for Content-MD5).
std::string Sha256Hex(std::string_view data);
// 32 hex digits (any case) to 16 bytes; nullopt when malformed.
std::optional<std::string> HexDecodeMd5(std::string_view hex);

// Epoch milliseconds of an ISO 8601 date ("2026-02-03T10:00:00.123Z"); nullopt otherwise.
// (RFC 1123 dates: ParseHttpDate from common/time.h.)
std::optional<int64_t> ParseIso8601(std::string_view text);

// An ETag without its surrounding double quotes.
std::string StripQuotes(std::string_view etag);

struct S3Error {
  std::string code;
  std::string message;
};
// The <Error><Code/><Message/></Error> of a response body; nullopt when the body is not one.
std::optional<S3Error> ParseError(std::string_view body);

// The Status for a failed response: by S3 code when the body has one, else by HTTP status.
// `what` names the bucket/key for the message ("bucket 'b'", "object 'k' in bucket 'b'").
Status ErrorStatus(std::string_view operation, std::string_view what, long http_status,
                   std::string_view body);

// A ListObjectsV2 result. Objects carry key, size, etag and time only. InvalidInput when the
// body is not a ListBucketResult.
Result<ListPage> ParseListObjectsV2(std::string_view body);
// The UploadId of an InitiateMultipartUploadResult.
Result<std::string> ParseUploadId(std::string_view body);
// The CompleteMultipartUpload request body for parts numbered 1..n.
std::string CompleteMultipartXml(const std::vector<std::string>& part_etags);

// One HTTP exchange. Header names in responses are lowercase.
struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string bucket = {};     // "" = the service root
  std::string key = {};        // "" = the bucket itself
  QueryParams query = {};
  std::vector<std::pair<std::string, std::string>> headers = {};
  std::string_view body = {};  // borrowed for the duration of the call
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpConfig {
  std::string endpoint;  // without a trailing '/'
  std::string region;
  std::string access_key;
  std::string secret_key;
  int timeout_seconds = 60;
};

// The libcurl adapter: builds URLs, signs, performs, and wraps curl errors into Status.
// Thread-safe; idle easy handles are pooled so connections are kept alive.
class HttpClient {
 public:
  explicit HttpClient(HttpConfig config);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs a request and returns any HTTP response (also 4xx/5xx); Unavailable when no
  // response arrived (curl's message included).
  Result<HttpResponse> Perform(const HttpRequest& request);

  // Starts a GET and returns a reader once the response headers arrived. A non-2xx response
  // becomes the Status of ErrorStatus(operation, what, ...).
  Result<std::unique_ptr<ObjectReader>> StartDownload(const HttpRequest& request,
                                                      std::string_view what);

  std::string Url(const HttpRequest& request) const;

 private:
  struct Handle;
  std::unique_ptr<Handle> Acquire();
  void Release(std::unique_ptr<Handle> handle);
  // Sets URL, signing, headers, method, body and timeouts on a (reset) easy handle. `header_list`
  // receives the curl_slist to free after the transfer.
  void Prepare(CURL* curl, const HttpRequest& request, curl_slist** header_list) const;

  const HttpConfig config_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Handle>> idle_;  // GUARDED_BY(pool_mu_)
};

}  // namespace sluice::storage::s3client
