// The libcurl adapter of S3ClientStore: requests, SigV4 signing, the handle pool and the
// streaming download reader.
//
// Bodies are sent with CURLOPT_UPLOAD and a custom method (never CURLOPT_POSTFIELDS): curl 7.88
// signs every header the caller lists, including "Header:" lines that only suppress a header
// and are never sent, so suppressing POST's form Content-Type would break the signature. curl
// 7.88 takes the payload hash from our x-amz-content-sha256 header (checked against a reference
// signer), so the signature covers the body's real SHA-256.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "storage/s3_client_internal.h"

namespace sluice::storage::s3client {

namespace {

constexpr size_t kMaxBuffered = 1 << 20;  // a download pauses the socket beyond this

std::once_flag curl_init_once;

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// Parses one header line into `headers` (cleared on each new status line); returns the status
// of a status line, 0 otherwise.
long ParseHeaderLine(std::string_view line, std::map<std::string, std::string>& headers) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return 0;
    return std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    headers[Lowercase(Trim(line.substr(0, colon)))] = std::string(Trim(line.substr(colon + 1)));
  }
  return 0;
}

struct BodySource {
  std::string_view body;
  size_t pos = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<BodySource*>(user);
  size_t n = std::min(size * count, source->body.size() - source->pos);
  std::memcpy(buffer, source->body.data() + source->pos, n);
  source->pos += n;
  return n;
}

struct Exchange {
  HttpResponse response;
  BodySource source;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  long status = ParseHeaderLine(std::string_view(data, size * count), exchange->response.headers);
  if (status != 0) exchange->response.status = status;
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<Exchange*>(user)->response.body.append(data, size * count);
  return size * count;
}

Status CurlFailure(const HttpRequest& request, CURLcode code, const char* detail) {
  std::string message =
      request.method + " /" + request.bucket + "/" + request.key + ": " + curl_easy_strerror(code);
  if (detail != nullptr && detail[0] != '\0') message += std::string(" (") + detail + ")";
  return Status::Unavailable(message + " (is the S3 endpoint reachable? retry later)");
}

// Streams one GET response. Starts the transfer in StartDownload; Read pulls it with curl multi,
// pausing the transfer whenever kMaxBuffered bytes wait unread.
class DownloadReader final : public ObjectReader {
 public:
  DownloadReader() : multi_(curl_multi_init()), curl_(curl_easy_init()) {}
  ~DownloadReader() override {
    curl_multi_remove_handle(multi_, curl_);
    curl_easy_cleanup(curl_);
    curl_multi_cleanup(multi_);
    curl_slist_free_all(header_list_);
  }
  DownloadReader(const DownloadReader&) = delete;
  DownloadReader& operator=(const DownloadReader&) = delete;

  CURL* curl() { return curl_; }
  curl_slist** header_list() { return &header_list_; }

  // Runs the transfer until the response headers (or the end) arrived.
  Status Start(const HttpRequest& request, std::string_view what) {
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &DownloadReader::OnHeaderLine);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &DownloadReader::OnData);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
    curl_multi_add_handle(multi_, curl_);
    while (!headers_done_ && !finished_) Pump();
    if (finished_ && result_ != CURLE_OK) return CurlFailure(request, result_, error_);
    if (status_ < 200 || status_ >= 300) {
      while (!finished_) Pump();
      if (result_ != CURLE_OK) return CurlFailure(request, result_, error_);
      return ErrorStatus("GetObject", what, status_, error_body_);
    }
    auto it = headers_.find("content-length");
    if (it == headers_.end()) {
      return Status::IOError("GetObject " + std::string(what) +
                             ": no Content-Length in the response");
    }
    length_ = std::strtoull(it->second.c_str(), nullptr, 10);
    what_ = std::string(what);
    return Status::OK();
  }

  Result<size_t> Read(char* buffer, size_t size) override {
    while (pos_ == pending_.size()) {
      pending_.clear();
      pos_ = 0;
      if (finished_) {
        if (result_ != CURLE_OK) {
          return Status::Unavailable("GetObject " + what_ + " failed after " +
                                     std::to_string(delivered_) + " of " + std::to_string(length_) +
                                     " bytes: " + curl_easy_strerror(result_) + " (" + error_ +
                                     ")");
        }
        if (delivered_ != length_) {
          return Status::IOError("GetObject " + what_ + " ended after " +
                                 std::to_string(delivered_) + " of " + std::to_string(length_) +
                                 " bytes");
        }
        return size_t{0};
      }
      if (paused_) {
        paused_ = false;
        curl_easy_pause(curl_, CURLPAUSE_CONT);  // may deliver the held data right here
      } else {
        Pump();
      }
    }
    size_t n = std::min(size, pending_.size() - pos_);
    std::memcpy(buffer, pending_.data() + pos_, n);
    pos_ += n;
    delivered_ += n;
    return n;
  }

  uint64_t length() const override { return length_; }

 private:
  void Pump() {
    int running = 0;
    curl_multi_perform(multi_, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) {
        finished_ = true;
        result_ = msg->data.result;
      }
    }
    if (!finished_ && running > 0 && !paused_) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }

  static size_t OnHeaderLine(char* data, size_t size, size_t count, void* user) {
    auto* self = static_cast<DownloadReader*>(user);
    std::string_view line(data, size * count);
    long status = ParseHeaderLine(line, self->headers_);
    if (status != 0) self->status_ = status;
    if (Trim(line).empty() && self->status_ >= 200) self->headers_done_ = true;
    return size * count;
  }

  static size_t OnData(char* data, size_t size, size_t count, void* user) {
    auto* self = static_cast<DownloadReader*>(user);
    if (self->status_ < 200 || self->status_ >= 300) {
      self->error_body_.append(data, size * count);
      return size * count;
    }
    if (self->pending_.size() - self->pos_ >= kMaxBuffered) {
      self->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    self->pending_.append(data, size * count);
    return size * count;
  }

  CURLM* multi_;
  CURL* curl_;
  curl_slist* header_list_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {};
  std::string what_;
  long status_ = 0;
  std::map<std::string, std::string> headers_;
  bool headers_done_ = false;
  bool finished_ = false;
  bool paused_ = false;
  CURLcode result_ = CURLE_OK;
  std::string error_body_;
  std::string pending_;
  size_t pos_ = 0;
  uint64_t length_ = 0;
  uint64_t delivered_ = 0;
};

}  // namespace

struct HttpClient::Handle {
  Handle() : curl(curl_easy_init()) {}
  ~Handle() { curl_easy_cleanup(curl); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  CURL* curl;
  char error[CURL_ERROR_SIZE] = {};
};

HttpClient::HttpClient(HttpConfig config) : config_(std::move(config)) {
  std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Handle> HttpClient::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Handle> handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  return std::make_unique<Handle>();
}

void HttpClient::Release(std::unique_ptr<Handle> handle) {
  curl_easy_reset(handle->curl);  // keeps the live connection for the next request
  handle->error[0] = '\0';
  std::lock_guard<std::mutex> lock(pool_mu_);
  idle_.push_back(std::move(handle));
}

std::string HttpClient::Url(const HttpRequest& request) const {
  std::string url = config_.endpoint + "/";
  if (!request.bucket.empty()) url += UriEncode(request.bucket, false);
  if (!request.key.empty()) url += "/" + UriEncode(request.key, true);
  if (!request.query.empty()) url += "?" + CanonicalQuery(request.query);
  return url;
}

void HttpClient::Prepare(CURL* curl, const HttpRequest& request, curl_slist** header_list) const {
  curl_easy_setopt(curl, CURLOPT_URL, Url(request).c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(config_.timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // our keys may hold "..": never squash them
  if (!config_.access_key.empty()) {
    std::string provider = "aws:amz:" + config_.region + ":s3";
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, provider.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.access_key.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.secret_key.c_str());
  }
  curl_slist* list = nullptr;
  list = curl_slist_append(list, ("x-amz-content-sha256: " + Sha256Hex(request.body)).c_str());
  for (const auto& [name, value] : request.headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  *header_list = list;
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

Result<HttpResponse> HttpClient::Perform(const HttpRequest& request) {
  std::unique_ptr<Handle> handle = Acquire();
  Exchange exchange;
  exchange.source.body = request.body;
  curl_slist* header_list = nullptr;
  Prepare(handle->curl, request, &header_list);
  curl_easy_setopt(handle->curl, CURLOPT_ERRORBUFFER, handle->error);
  curl_easy_setopt(handle->curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle->curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(handle->curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle->curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(handle->curl, CURLOPT_READFUNCTION, &ReadBody);
  curl_easy_setopt(handle->curl, CURLOPT_READDATA, &exchange.source);
  CURLcode code = curl_easy_perform(handle->curl);
  curl_slist_free_all(header_list);
  Status failure = code == CURLE_OK ? Status::OK() : CurlFailure(request, code, handle->error);
  Release(std::move(handle));
  if (!failure.ok()) return failure;
  return std::move(exchange.response);
}

Result<std::unique_ptr<ObjectReader>> HttpClient::StartDownload(const HttpRequest& request,
                                                                std::string_view what) {
  auto reader = std::make_unique<DownloadReader>();
  Prepare(reader->curl(), request, reader->header_list());
  RETURN_NOT_OK(reader->Start(request, what));
  return std::unique_ptr<ObjectReader>(std::move(reader));
}

}  // namespace sluice::storage::s3client
