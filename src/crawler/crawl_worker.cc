#include "crawler/crawl_worker.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "catalog/catalog.h"
#include "crawler/crawl.h"
#include "metastore/metastore.h"
#include "storage/bucket_store.h"
#include "storage/local_store.h"
#include "storage/storage_router.h"

extern char** environ;

namespace sluice::crawler {

using nlohmann::json;

namespace {

std::atomic<bool> g_stop{false};

void OnTerm(int) { g_stop.store(true); }

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Status::IOError(std::string("writing to the crawl worker: ") + strerror(errno));
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

std::string ReadAll(int fd) {
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

CrawlOutcome Failed(const std::string& message) {
  CrawlOutcome o;
  o.state = "FAILED";
  o.error_message = message;
  o.log = "ERROR: " + message + "\n";
  return o;
}

json ExternalToJson(const std::vector<storage::ExternalBucket>& buckets) {
  json out = json::array();
  for (const auto& b : buckets) {
    out.push_back({{"bucket", b.bucket},
                   {"endpoint", b.client.endpoint},
                   {"region", b.client.region},
                   {"access_key_id", b.client.access_key},
                   {"secret_access_key", b.client.secret_key},
                   {"list_fetches_metadata", b.client.list_fetches_metadata}});
  }
  return out;
}

}  // namespace

json OutcomeToJson(const CrawlOutcome& o) {
  return {{"state", o.state},
          {"error_message", o.error_message},
          {"tables_created", o.tables_created},
          {"tables_updated", o.tables_updated},
          {"tables_deleted", o.tables_deleted},
          {"partitions_created", o.partitions_created},
          {"partitions_updated", o.partitions_updated},
          {"log", o.log}};
}

CrawlOutcome OutcomeFromJson(const json& doc) {
  CrawlOutcome o;
  o.state = doc.value("state", "FAILED");
  o.error_message = doc.value("error_message", "");
  o.tables_created = doc.value("tables_created", 0);
  o.tables_updated = doc.value("tables_updated", 0);
  o.tables_deleted = doc.value("tables_deleted", 0);
  o.partitions_created = doc.value("partitions_created", 0);
  o.partitions_updated = doc.value("partitions_updated", 0);
  o.log = doc.value("log", "");
  return o;
}

CrawlOutcome RunCrawlInWorker(const WorkerConfig& config, const json& crawler,
                              const std::string& crawl_id, const std::atomic<bool>& stop) {
  int to_child[2], from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0) return Failed("cannot start a crawl worker: pipe failed");
  if (pipe2(from_child, O_CLOEXEC) != 0) {
    close(to_child[0]);
    close(to_child[1]);
    return Failed("cannot start a crawl worker: pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  std::string binary = config.binary;
  std::string command = "crawl-worker";
  char* argv[] = {binary.data(), command.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  if (rc != 0) {
    close(to_child[1]);
    close(from_child[0]);
    return Failed("cannot start the crawl worker " + binary + ": " + strerror(rc));
  }
  json request = {{"data_dir", config.data_dir},
                  {"crawler", crawler},
                  {"crawl_id", crawl_id},
                  {"threads", config.threads},
                  {"catalog_id", config.catalog_id},
                  {"external_buckets", ExternalToJson(config.external_buckets)}};
  signal(SIGPIPE, SIG_IGN);
  Status sent = WriteAll(to_child[1], request.dump(-1, ' ', false, json::error_handler_t::replace));
  close(to_child[1]);
  // Read the outcome, forwarding a stop request as SIGTERM (once).
  std::string output;
  bool signalled = false;
  while (true) {
    if (stop.load() && !signalled) {
      kill(pid, SIGTERM);
      signalled = true;
    }
    pollfd p{from_child[0], POLLIN, 0};
    int ready = poll(&p, 1, 100);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[64 * 1024];
    ssize_t n = read(from_child[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  close(from_child[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  json doc = json::parse(output, nullptr, false);
  if (doc.is_object() && doc.contains("state")) return OutcomeFromJson(doc);
  if (!sent.ok()) return Failed(sent.message());
  if (WIFSIGNALED(status)) {
    return Failed("the crawl worker process died from signal " + std::to_string(WTERMSIG(status)) +
                  " (" + strsignal(WTERMSIG(status)) +
                  "); tables written before that point are kept");
  }
  return Failed("the crawl worker process exited with code " +
                std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                " without an outcome");
}

int CrawlWorkerMain(int in_fd, int out_fd) {
  struct sigaction sa {};
  sa.sa_handler = OnTerm;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  auto reply = [&](const CrawlOutcome& o) {
    std::string text = OutcomeToJson(o).dump(-1, ' ', false, json::error_handler_t::replace);
    return WriteAll(out_fd, text).ok() ? 0 : 1;
  };
  json request = json::parse(ReadAll(in_fd), nullptr, false);
  if (!request.is_object() || !request.contains("crawler")) {
    return reply(Failed("the crawl worker got no valid request"));
  }
  std::string data_dir = request.value("data_dir", "");
  auto meta = metastore::OpenSqliteMetastore({.path = data_dir + "/metastore.db"});
  if (!meta.ok()) return reply(Failed("opening the metastore: " + meta.status().message()));
  catalog::Catalog catalog(**meta, {.catalog_id = request.value("catalog_id", "000000000000")});
  auto buckets = storage::BucketStore::Open(data_dir, **meta, {.recover = false});
  if (!buckets.ok())
    return reply(Failed("opening the object store: " + buckets.status().message()));
  storage::LocalFileStore files("/");
  storage::StorageRouter router(buckets->get(), &files);
  std::vector<storage::ExternalBucket> external;
  for (const json& b : request.value("external_buckets", json::array())) {
    auto parsed = storage::ParseStorageConfig(json{{"external_buckets", {b}}}.dump(), {});
    if (!parsed.ok()) return reply(Failed(parsed.status().message()));
    external.push_back(std::move((*parsed)[0]));
  }
  if (Status st = router.AddExternal(external); !st.ok()) return reply(Failed(st.message()));
  CrawlEnvironment env{.storage = &router,
                       .catalog = &catalog,
                       .state = meta->get(),
                       .threads = request.value("threads", 2)};
  CrawlOutcome outcome = RunCrawl(request["crawler"], request.value("crawl_id", ""), env, g_stop);
  return reply(outcome);
}

}  // namespace sluice::crawler
