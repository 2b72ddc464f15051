#include "storage/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>

#include "common/logging.h"
#include "common/time.h"
#include "storage/object_events.h"

namespace sluice::storage {

namespace fs = std::filesystem;

struct FileWatcher::State {
  std::string root;
  std::string root_uri;
  metastore::Metastore* store = nullptr;
  int inotify_fd = -1;
  int stop_fd = -1;
  std::map<int, std::string> dirs;  // watch descriptor → path relative to root ("" = root)
  std::thread thread;

  ~State() {
    if (inotify_fd >= 0) close(inotify_fd);
    if (stop_fd >= 0) close(stop_fd);
  }

  static bool Ignored(std::string_view name) {
    return name.empty() || name.front() == '.' || name.front() == '_';
  }

  void Record(const std::string& relative) {
    struct stat st {};
    std::string path = root + "/" + relative;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    ObjectEvent e{0,
                  root_uri,
                  relative,
                  static_cast<uint64_t>(st.st_size),
                  "",
                  NowEpochMillis(),
                  "ObjectCreated:File"};
    Status s =
        store->Write([&](metastore::Session& session) { return RecordObjectEvent(session, e); });
    if (!s.ok()) LogWarn("storage: cannot record the event for " + path + ": " + s.ToString());
  }

  // Watches `relative` and everything below it; with `record_files`, records files found there
  // (a directory moved or created after its contents).
  void AddTree(const std::string& relative, bool record_files) {
    std::string path = relative.empty() ? root : root + "/" + relative;
    int wd = inotify_add_watch(inotify_fd, path.c_str(),
                               IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR);
    if (wd < 0) {
      LogWarn("storage: cannot watch " + path + ": " + std::strerror(errno));
      return;
    }
    dirs[wd] = relative;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string name = entry.path().filename().string();
      if (Ignored(name)) continue;
      std::string child = relative.empty() ? name : relative + "/" + name;
      if (entry.is_directory(ec)) {
        AddTree(child, record_files);
      } else if (record_files && entry.is_regular_file(ec)) {
        Record(child);
      }
    }
  }

  void Run() {
    alignas(inotify_event) char buffer[64 * 1024];
    pollfd fds[2] = {{inotify_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    while (true) {
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      ssize_t n = read(inotify_fd, buffer, sizeof(buffer));
      if (n <= 0) continue;
      for (char* p = buffer; p < buffer + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        auto dir = dirs.find(ev->wd);
        if (dir == dirs.end() || ev->len == 0) continue;
        std::string name(ev->name);
        if (Ignored(name)) continue;
        std::string relative = dir->second.empty() ? name : dir->second + "/" + name;
        if (ev->mask & IN_ISDIR) {
          if (ev->mask & (IN_CREATE | IN_MOVED_TO)) AddTree(relative, true);
        } else if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
          Record(relative);
        }
      }
    }
  }
};

FileWatcher::FileWatcher(std::unique_ptr<State> state) : state_(std::move(state)) {}

FileWatcher::~FileWatcher() { Stop(); }

const std::string& FileWatcher::root_uri() const { return state_->root_uri; }

Result<std::unique_ptr<FileWatcher>> FileWatcher::Start(const std::string& root,
                                                        metastore::Metastore& store) {
  std::error_code ec;
  if (root.empty() || root.front() != '/' || !fs::is_directory(root, ec)) {
    return Status::NotFound("cannot watch '" + root + "': not an existing absolute directory");
  }
  auto state = std::make_unique<State>();
  state->root = root;
  while (state->root.size() > 1 && state->root.back() == '/') state->root.pop_back();
  state->root_uri = "file://" + state->root;
  state->store = &store;
  state->inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  state->stop_fd = eventfd(0, EFD_CLOEXEC);
  if (state->inotify_fd < 0 || state->stop_fd < 0) {
    return Status::IOError(std::string("inotify: ") + std::strerror(errno));
  }
  state->AddTree("", /*record_files=*/false);
  // Consumers learn that events of this root are complete only from here on.
  ObjectEvent started{0, state->root_uri, "", 0, "", NowEpochMillis(), kWatchStarted};
  RETURN_NOT_OK(store.Write(
      [&](metastore::Session& session) { return RecordObjectEvent(session, started); }));
  State* raw = state.get();
  state->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<FileWatcher>(new FileWatcher(std::move(state)));
}

void FileWatcher::Stop() {
  if (!state_ || !state_->thread.joinable()) return;
  uint64_t one = 1;
  if (write(state_->stop_fd, &one, sizeof(one)) < 0)
    LogWarn("storage: cannot stop the file watcher");
  state_->thread.join();
}

}  // namespace sluice::storage
