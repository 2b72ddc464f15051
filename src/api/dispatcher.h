// Dispatcher: routes every request on the one port to its API, like a single AWS endpoint.
//
//   POST / with X-Amz-Target: <Prefix>.<Operation>  → the JsonService registered for <Prefix>
//                                                     (AWSGlue now; AmazonAthena, Logs_20140328
//                                                     later)
//   GET /_sluice/health                              → 200 "ok"
//   anything else                                    → the S3 REST API (path-style)
// Every response carries x-amzn-RequestId (and x-amz-request-id for S3 clients). The SigV4
// Authorization header is parsed so the caller's access key is known; each new key is logged
// once. Thread-safe once services are added.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api/http_server.h"
#include "api/json_service.h"
#include "api/s3/s3_api.h"

namespace sluice::api {

class Dispatcher final : public HttpHandler {
 public:
  void AddJsonService(std::unique_ptr<JsonService> service);
  // The S3 API; without one, S3 requests get an error saying it is not served.
  void SetS3Api(std::unique_ptr<s3::S3Api> s3);

  HttpResponse Handle(const HttpRequest& request) override;
  HttpResponse PayloadTooLarge(const HttpRequest& request, uint64_t limit) override;
  std::unique_ptr<BodySink> StreamBody(const HttpRequest& request) override;

 private:
  const JsonService* FindService(std::string_view prefix) const;
  void NoteCaller(const HttpRequest& request);

  std::vector<std::unique_ptr<JsonService>> services_;
  std::unique_ptr<s3::S3Api> s3_;
  std::mutex callers_mu_;
  std::set<std::string> callers_;  // GUARDED_BY(callers_mu_)
};

}  // namespace sluice::api
