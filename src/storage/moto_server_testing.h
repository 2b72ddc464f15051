// Test support: a moto_server (an independent S3 implementation, pip-installed) started once
// per test binary on a free loopback port and stopped when the binary exits. Only for tests.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace sluice::storage::moto_testing {

namespace fs = std::filesystem;

// The moto_server executable on PATH, or "" when there is none (or SLUICE_NO_MOTO is set: the
// sanitizer run skips the slow external backend, which the release run covers).
inline std::string FindMotoServer() {
  if (std::getenv("SLUICE_NO_MOTO") != nullptr) return "";
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view dirs(path);
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    fs::path candidate = fs::path(std::string(dirs.substr(0, colon))) / "moto_server";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return "";
}

inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

inline bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// One moto_server per test binary, started on first use and stopped (only the pid started
// here) when the binary exits.
class MotoServer {
 public:
  static MotoServer& Get() {
    static MotoServer server;
    return server;
  }
  // "http://127.0.0.1:<port>", or "" when moto could not be started.
  std::string Endpoint() {
    std::call_once(started_, [this] { Start(); });
    return endpoint_;
  }
  ~MotoServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }

 private:
  void Start() {
    std::string binary = FindMotoServer();
    int port = FreePort();
    if (binary.empty() || port == 0) return;
    std::string port_text = std::to_string(port);
    std::vector<std::string> args = {binary, "-H", "127.0.0.1", "-p", port_text};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return;
    pid_ = pid;
    for (int i = 0; i < 300; ++i) {
      if (Accepts(port)) {
        endpoint_ = "http://127.0.0.1:" + port_text;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  std::once_flag started_;
  pid_t pid_ = 0;
  std::string endpoint_;
};

}  // namespace sluice::storage::moto_testing
