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
};

// Implemented by the API dispatcher. Must be thread-safe; must not throw.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // The response for a body over the limit (the body is not read).
  virtual HttpResponse PayloadTooLarge(const HttpRequest& request, uint64_t limit) = 0;
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
