// HttpServer: the one HTTP/1.1 port of `sluice serve`, on libmicrohttpd.
//
// Connection model: a pool of event-loop threads, each with its own epoll set; a connection
// is served by one of them and costs no thread while idle, so idle keep-alive connections
// cannot starve other clients. TCP_NODELAY is set on every accepted socket (without it a
// keep-alive client waits ~40 ms per request for delayed ACKs). Request bodies are buffered up
// to a limit (413 past it). Handlers run on the loop threads and must be thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace sluice::api {

struct HttpRequest {
  std::string method;
  std::string path;                                          // URL-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;

  // The first header named `lower_name`, or "" when absent.
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body sent from a file with sendfile(2) instead of `body`; the response owns `fd` and
  // closes it once sent. For HEAD requests only the length is announced.
  struct FileBody {
    int fd = -1;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  std::optional<FileBody> file;
};

// Receives a request body as it arrives, for bodies too large to buffer (S3 uploads).
// After the last byte, Finish() produces the response. Used by one thread at a time.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // A failure is remembered by the sink; later data is discarded and Finish reports it.
  virtual void Append(std::string_view data) = 0;
  virtual HttpResponse Finish() = 0;
};

// Implemented by the API dispatcher. Must be thread-safe; must not throw.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // The response for a body over the limit (the body is not read).
  virtual HttpResponse PayloadTooLarge(const HttpRequest& request, uint64_t limit) = 0;
  // Called when the headers have arrived: a sink to stream the body into (no size limit), or
  // nullptr to buffer the body (up to the limit) and call Handle. `request.body` is empty here.
  virtual std::unique_ptr<BodySink> StreamBody(const HttpRequest& /*request*/) { return nullptr; }
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = pick a free port
  int threads = 4;
  uint64_t max_body_bytes = 10ull * 1024 * 1024;
  int idle_timeout_seconds = 60;
};

class HttpServer {
 public:
  // Binds and starts serving. Errors: IOError when the address cannot be bound, with errno text.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   HttpHandler& handler);
  ~HttpServer();  // stops at once (Shutdown(0) if not shut down yet)

  // The bound port (useful with port 0).
  int port() const;

  // Stops accepting connections, waits up to `drain` for in-flight requests to finish, then
  // closes every connection. Idempotent.
  void Shutdown(std::chrono::milliseconds drain);

  struct State;

 private:
  explicit HttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sluice::api
