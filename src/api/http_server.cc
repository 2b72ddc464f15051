#include "api/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "common/logging.h"

namespace sluice::api {

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

struct HttpServer::State {
  HttpServerOptions options;
  HttpHandler* handler = nullptr;
  MHD_Daemon* daemon = nullptr;
  int listen_fd = -1;
  int port = 0;
  std::atomic<int64_t> in_flight{0};
  std::atomic<bool> stopped{false};
};

namespace {

// Per-request state, from the first access-handler call to the completion callback.
struct RequestContext {
  HttpRequest request;
  HttpResponse response;
  std::unique_ptr<BodySink> sink;  // set when the handler streams the body
  bool too_large = false;
};

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* req = static_cast<HttpRequest*>(cls);
  std::string name(key);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  req->headers.emplace_back(std::move(name), value != nullptr ? value : "");
  return MHD_YES;
}

MHD_Result CollectQuery(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* req = static_cast<HttpRequest*>(cls);
  req->query.emplace_back(key, value != nullptr ? value : "");
  return MHD_YES;
}

MHD_Result Queue(MHD_Connection* connection, RequestContext& ctx) {
  HttpResponse& r = ctx.response;
  MHD_Response* response = nullptr;
  if (r.file) {
    // MHD closes the fd when the response is destroyed.
    response = MHD_create_response_from_fd_at_offset64(r.file->length, r.file->fd, r.file->offset);
    r.file.reset();
  } else {
    response = MHD_create_response_from_buffer(r.body.size(), r.body.data(),
                                               MHD_RESPMEM_PERSISTENT);  // ctx outlives the send
  }
  for (const auto& [k, v] : r.headers) MHD_add_response_header(response, k.c_str(), v.c_str());
  MHD_Result ret = MHD_queue_response(connection, static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return ret;
}

MHD_Result AccessHandler(void* cls, MHD_Connection* connection, const char* url, const char* method,
                         const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                         void** con_cls) {
  auto* state = static_cast<HttpServer::State*>(cls);
  auto* ctx = static_cast<RequestContext*>(*con_cls);
  if (ctx == nullptr) {
    ctx = new RequestContext();  // NOLINT: owned by MHD until RequestCompleted deletes it
    *con_cls = ctx;
    state->in_flight.fetch_add(1, std::memory_order_relaxed);
    ctx->request.method = method;
    ctx->request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, CollectHeader, &ctx->request);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, CollectQuery, &ctx->request);
    ctx->sink = state->handler->StreamBody(ctx->request);
    if (ctx->sink) return MHD_YES;
    std::string_view length = ctx->request.Header("content-length");
    if (!length.empty()) {
      uint64_t n = std::strtoull(std::string(length).c_str(), nullptr, 10);
      if (n > state->options.max_body_bytes) {
        ctx->too_large = true;
        ctx->response =
            state->handler->PayloadTooLarge(ctx->request, state->options.max_body_bytes);
        return Queue(connection, *ctx);
      }
      ctx->request.body.reserve(n);
    }
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (ctx->sink) {
      ctx->sink->Append(std::string_view(upload_data, *upload_data_size));
    } else if (!ctx->too_large) {
      if (ctx->request.body.size() + *upload_data_size > state->options.max_body_bytes) {
        ctx->too_large = true;
        ctx->request.body.clear();
        ctx->request.body.shrink_to_fit();
      } else {
        ctx->request.body.append(upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (ctx->sink) {
    ctx->response = ctx->sink->Finish();
    ctx->sink.reset();
  } else if (ctx->too_large) {
    ctx->response = state->handler->PayloadTooLarge(ctx->request, state->options.max_body_bytes);
  } else {
    ctx->response = state->handler->Handle(ctx->request);
  }
  return Queue(connection, *ctx);
}

void RequestCompleted(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
  auto* state = static_cast<HttpServer::State*>(cls);
  auto* ctx = static_cast<RequestContext*>(*con_cls);
  if (ctx == nullptr) return;
  if (ctx->response.file && ctx->response.file->fd >= 0) close(ctx->response.file->fd);
  delete ctx;  // NOLINT: created in AccessHandler
  *con_cls = nullptr;
  state->in_flight.fetch_sub(1, std::memory_order_relaxed);
}

void ConnectionNotify(void*, MHD_Connection* connection, void**,
                      MHD_ConnectionNotificationCode code) {
  if (code != MHD_CONNECTION_NOTIFY_STARTED) return;
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info == nullptr) return;
  int one = 1;
  setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

void MhdLog(void*, const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof(buf), fmt, ap);
  std::string line = "http: ";
  line += buf;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  LogDebug(line);
}

Result<int> BindListenSocket(const std::string& host, int port, int* bound_port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string h = host == "localhost" ? "127.0.0.1" : host;
  if (inet_pton(AF_INET, h.c_str(), &addr.sin_addr) != 1) {
    return Status::InvalidInput("--host must be an IPv4 address such as 127.0.0.1 (got '" + host +
                                "')");
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return Status::IOError(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 1024) != 0) {
    int err = errno;
    close(fd);
    return Status::IOError("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                           std::strerror(err));
  }
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound_port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

HttpServer::~HttpServer() { Shutdown(std::chrono::milliseconds(0)); }

int HttpServer::port() const { return state_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler& handler) {
  auto state = std::make_unique<State>();
  state->options = options;
  state->handler = &handler;
  ASSIGN_OR_RETURN(state->listen_fd, BindListenSocket(options.host, options.port, &state->port));
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
  state->daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &AccessHandler, state.get(), MHD_OPTION_LISTEN_SOCKET,
      state->listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
      static_cast<unsigned>(std::max(1, options.threads)), MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned>(options.idle_timeout_seconds), MHD_OPTION_CONNECTION_LIMIT, 4096u,
      // MHD clears this per-connection pool between requests: keep it small (headers fit).
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(16 * 1024),
      MHD_OPTION_NOTIFY_COMPLETED, &RequestCompleted, state.get(), MHD_OPTION_NOTIFY_CONNECTION,
      &ConnectionNotify, nullptr, MHD_OPTION_EXTERNAL_LOGGER, &MhdLog, nullptr, MHD_OPTION_END);
  if (state->daemon == nullptr) {
    close(state->listen_fd);
    return Status::IOError("cannot start the HTTP server on " + options.host + ":" +
                           std::to_string(state->port));
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

void HttpServer::Shutdown(std::chrono::milliseconds drain) {
  if (state_ == nullptr || state_->stopped.exchange(true)) return;
  MHD_socket fd = MHD_quiesce_daemon(state_->daemon);  // stop accepting; in-flight go on
  if (fd != MHD_INVALID_SOCKET) close(fd);
  auto deadline = std::chrono::steady_clock::now() + drain;
  while (state_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  MHD_stop_daemon(state_->daemon);
  state_->daemon = nullptr;
}

}  // namespace sluice::api
