#include "api/dispatcher.h"

#include "api/s3/s3_protocol.h"
#include "api/sigv4.h"
#include "common/ids.h"
#include "common/logging.h"

namespace sluice::api {

namespace {

HttpResponse WithRequestId(HttpResponse response, const std::string& id) {
  response.headers.emplace_back("x-amzn-RequestId", id);
  response.headers.emplace_back("x-amz-request-id", id);
  return response;
}

HttpResponse PlainError(int status, std::string_view type, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.body = "{\"__type\":" + JsonQuote(type) + ",\"Message\":" + JsonQuote(message) + "}";
  r.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  return r;
}

}  // namespace

// Adds the request id to the response of a streamed upload.
class RequestIdSink final : public BodySink {
 public:
  RequestIdSink(std::unique_ptr<BodySink> inner, std::string id)
      : inner_(std::move(inner)), id_(std::move(id)) {}
  void Append(std::string_view data) override { inner_->Append(data); }
  HttpResponse Finish() override {
    HttpResponse r = inner_->Finish();
    s3::StampRequestId(r, id_);
    return WithRequestId(std::move(r), id_);
  }

 private:
  std::unique_ptr<BodySink> inner_;
  std::string id_;
};

void Dispatcher::SetS3Api(std::unique_ptr<s3::S3Api> s3) { s3_ = std::move(s3); }

std::unique_ptr<BodySink> Dispatcher::StreamBody(const HttpRequest& request) {
  if (s3_ == nullptr || !request.Header("x-amz-target").empty()) return nullptr;
  auto sink = s3_->StreamBody(request);
  if (sink == nullptr) return nullptr;
  NoteCaller(request);
  return std::make_unique<RequestIdSink>(std::move(sink), NewUuid());
}

void Dispatcher::AddJsonService(std::unique_ptr<JsonService> service) {
  services_.push_back(std::move(service));
}

const JsonService* Dispatcher::FindService(std::string_view prefix) const {
  for (const auto& s : services_) {
    if (s->target_prefix() == prefix) return s.get();
  }
  return nullptr;
}

void Dispatcher::NoteCaller(const HttpRequest& request) {
  std::string_view auth = request.Header("authorization");
  if (auth.empty()) return;
  auto credential = ParseSigV4Authorization(auth);
  if (!credential) return;
  std::lock_guard<std::mutex> lock(callers_mu_);
  if (callers_.size() < 10000 && callers_.insert(credential->access_key).second) {
    LogInfo("api: first request signed by access key " + credential->access_key + " (region " +
            credential->region + ", service " + credential->service + ")");
  }
}

HttpResponse Dispatcher::Handle(const HttpRequest& request) {
  std::string request_id = NewUuid();
  NoteCaller(request);
  std::string_view target = request.Header("x-amz-target");
  if (LogEnabled(LogLevel::kDebug)) {
    LogDebug("api: " + request.method + " " + request.path + " target=" + std::string(target) +
             " id=" + request_id);
  }
  if (!target.empty()) {
    size_t dot = target.find('.');
    std::string_view prefix = target.substr(0, dot);
    const JsonService* service = FindService(prefix);
    if (service == nullptr || dot == std::string_view::npos) {
      return WithRequestId(PlainError(400, "UnknownOperationException",
                                      "Unknown X-Amz-Target '" + std::string(target) +
                                          "': this endpoint serves AWSGlue.<Operation>"),
                           request_id);
    }
    if (request.method != "POST") {
      return WithRequestId(service->ErrorResponse(Status::InvalidInput(
                               "The JSON protocol takes POST requests, not " + request.method)),
                           request_id);
    }
    return WithRequestId(service->Invoke(target.substr(dot + 1), request), request_id);
  }
  if (request.method == "GET" && request.path == "/_sluice/health") {
    HttpResponse ok;
    ok.body = "ok\n";
    ok.headers.emplace_back("Content-Type", "text/plain");
    return WithRequestId(std::move(ok), request_id);
  }
  if (s3_ != nullptr) {
    HttpResponse r = s3_->Handle(request);
    s3::StampRequestId(r, request_id);
    return WithRequestId(std::move(r), request_id);
  }
  return WithRequestId(
      PlainError(400, "UnknownOperationException",
                 "No X-Amz-Target header: send POST / with X-Amz-Target: AWSGlue.<Operation> "
                 "(this server does not serve S3)"),
      request_id);
}

HttpResponse Dispatcher::PayloadTooLarge(const HttpRequest& request, uint64_t limit) {
  if (s3_ != nullptr && request.Header("x-amz-target").empty()) {
    HttpResponse r = s3::ErrorResponse("EntityTooLarge", 400,
                                       "Your proposed upload exceeds the maximum allowed size of " +
                                           std::to_string(limit) + " bytes for this request",
                                       request.path);
    r.headers.emplace_back("Connection", "close");
    std::string id = NewUuid();
    s3::StampRequestId(r, id);
    return WithRequestId(std::move(r), id);
  }
  HttpResponse r = PlainError(413, "RequestEntityTooLargeException",
                              "Request body is larger than the limit of " + std::to_string(limit) +
                                  " bytes; send less data per request");
  r.headers.emplace_back("Connection", "close");
  return WithRequestId(std::move(r), NewUuid());
}

}  // namespace sluice::api
