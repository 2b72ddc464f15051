// `sluice serve`: the control plane on one HTTP port.
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/athena/athena_service.h"
#include "api/dispatcher.h"
#include "api/glue/glue_service.h"
#include "api/logs/logs_service.h"
#include "catalog/catalog.h"
#include "cli/commands.h"
#include "common/logging.h"
#include "crawler/crawl_worker.h"
#include "metastore/metastore.h"
#include "query/named_queries.h"
#include "query/query_executions.h"
#include "query/workgroups.h"
#include "storage/bucket_store.h"
#include "storage/local_store.h"
#include "storage/storage_config.h"
#include "storage/storage_router.h"

namespace sluice::cli {
namespace {

struct ServeOptions {
  std::string data_dir;
  int query_workers = 4;
  int query_cache_mb = 2048;
  std::string query_memory_limit;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  uint64_t max_body_mb = 10;
  std::string account_id = "000000000000";
  std::string region = "us-east-1";
  bool sync_objects = true;
  std::string storage_config;                 // JSON file: see storage/storage_config.h
  std::vector<std::string> external_buckets;  // BUCKET=ENDPOINT
};

// The external buckets of --storage-config and --external-bucket (credentials default to the
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of the environment).
Result<std::vector<storage::ExternalBucket>> ExternalBuckets(const ServeOptions& opt) {
  storage::StorageDefaults defaults = storage::DefaultsFromEnvironment(opt.region);
  std::vector<storage::ExternalBucket> out;
  if (!opt.storage_config.empty()) {
    std::ifstream in(opt.storage_config);
    if (!in)
      return Status::InvalidInput("cannot read --storage-config '" + opt.storage_config + "'");
    std::stringstream text;
    text << in.rdbuf();
    ASSIGN_OR_RETURN(out, storage::ParseStorageConfig(text.str(), defaults));
  }
  for (const std::string& flag : opt.external_buckets) {
    ASSIGN_OR_RETURN(storage::ExternalBucket bucket,
                     storage::ParseExternalBucketFlag(flag, defaults));
    out.push_back(std::move(bucket));
  }
  return out;
}

// This executable, to start crawl workers from.
std::string SelfPath() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("sluice") : path.string();
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "sluice serve: %s\n", message.c_str());
  return 1;
}

int RunServe(const ServeOptions& opt) {
  // Block the stop signals before any thread starts so that only sigwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::error_code ec;
  std::filesystem::create_directories(opt.data_dir, ec);
  if (ec) return Fail("cannot create data dir '" + opt.data_dir + "': " + ec.message());

  auto store = metastore::OpenSqliteMetastore(
      {.path = (std::filesystem::path(opt.data_dir) / "metastore.db").string()});
  if (!store.ok()) return Fail(store.status().message());
  catalog::Catalog catalog(**store, {.catalog_id = opt.account_id});

  auto buckets = storage::BucketStore::Open(opt.data_dir, **store, {.sync_data = opt.sync_objects});
  if (!buckets.ok()) return Fail(buckets.status().message());
  auto external = ExternalBuckets(opt);
  if (!external.ok()) return Fail(external.status().message());
  storage::LocalFileStore files("/");
  storage::StorageRouter router(buckets->get(), &files);
  if (Status st = router.AddExternal(*external); !st.ok()) return Fail(st.message());
  for (const storage::ExternalBucket& b : *external) {
    LogInfo("sluice: s3://" + b.bucket + " lives on " + b.client.endpoint);
  }

  crawler::CrawlerRegistry crawlers(**store);
  crawler::ClassifierRegistry classifiers(**store);
  if (Status st = crawlers.RecoverInterrupted(); !st.ok()) return Fail(st.message());
  crawler::WorkerConfig worker{
      .binary = SelfPath(),
      .data_dir = std::filesystem::absolute(opt.data_dir).string(),
      .external_buckets = *external,
      .catalog_id = opt.account_id,
      .threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))};
  crawler::CrawlerService crawls(
      crawlers, [worker](const nlohmann::json& crawler, const std::string& crawl_id,
                         const std::atomic<bool>& stop) {
        return crawler::RunCrawlInWorker(worker, crawler, crawl_id, stop);
      });

  // Folders of CRAWL_EVENT_MODE crawlers with file:// targets are watched while the server runs.
  crawler::CrawlWatches watches(**store);
  for (catalog::PageRequest page{.max_results = 1000, .next_token = std::nullopt};;) {
    auto defined = crawlers.List(page);
    if (!defined.ok()) return Fail(defined.status().message());
    for (const std::string& doc : defined->items) watches.Update(nlohmann::json::parse(doc));
    if (!defined->next_token) break;
    page.next_token = defined->next_token;
  }

  api::Dispatcher dispatcher;
  auto glue = api::MakeGlueService(catalog, {&crawlers, &crawls, &classifiers, &watches});
  if (!glue.ok()) return Fail(glue.status().message());
  dispatcher.AddJsonService(std::move(*glue));
  auto logs = api::MakeLogsService(crawlers);
  if (!logs.ok()) return Fail(logs.status().message());
  dispatcher.AddJsonService(std::move(*logs));
  query::WorkGroups workgroups(**store);
  query::NamedQueries named_queries(**store);
  // Queries read objects in place through open descriptors: allow as many as the system does.
  struct rlimit files_limit;
  if (getrlimit(RLIMIT_NOFILE, &files_limit) == 0 && files_limit.rlim_cur < files_limit.rlim_max) {
    files_limit.rlim_cur = files_limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files_limit);
  }
  std::filesystem::path data_abs = std::filesystem::absolute(opt.data_dir);
  std::filesystem::remove_all(data_abs / "query-scratch", ec);  // left by a killed server
  query::QueryExecutionsOptions query_options;
  query_options.scratch_dir = (data_abs / "query-scratch").string();
  query_options.default_output_location = "file://" + (data_abs / "query-results").string() + "/";
  query_options.workers = static_cast<size_t>(std::max(1, opt.query_workers));
  query_options.cache_dir = (data_abs / "query-cache").string();
  query_options.cache_bytes = static_cast<uint64_t>(std::max(0, opt.query_cache_mb)) << 20;
  query_options.engine.memory_limit = opt.query_memory_limit;
  query_options.engine.temp_directory = (data_abs / "query-scratch" / "spill").string();
  auto executions =
      query::QueryExecutions::Create(**store, catalog, router, workgroups, query_options);
  if (!executions.ok()) return Fail(executions.status().message());
  auto athena = api::MakeAthenaService({catalog, workgroups, named_queries, executions->get()});
  if (!athena.ok()) return Fail(athena.status().message());
  dispatcher.AddJsonService(std::move(*athena));
  dispatcher.SetS3Api(std::make_unique<api::s3::S3Api>(**buckets, opt.region, &router));

  api::HttpServerOptions http;
  http.host = opt.host;
  http.port = opt.port;
  http.threads = opt.threads > 0
                     ? opt.threads
                     : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  http.max_body_bytes = opt.max_body_mb * 1024 * 1024;
  auto server = api::HttpServer::Start(http, dispatcher);
  if (!server.ok()) return Fail(server.status().message());

  std::printf("sluice: listening on http://%s:%d (data dir %s)\n", opt.host.c_str(),
              (*server)->port(), opt.data_dir.c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop, &sig);
  LogInfo(std::string("sluice: ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
          " received, finishing in-flight requests");
  (*server)->Shutdown(std::chrono::seconds(30));
  LogInfo("sluice: stopped");
  return 0;
}

}  // namespace

std::function<int()> AddServeCommand(CLI::App& app) {
  auto opt = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the Glue and S3 APIs on one HTTP port");
  cmd->add_option("--data-dir", opt->data_dir,
                  "Directory for the metastore and data (created if missing)")
      ->required();
  cmd->add_option("--host", opt->host, "IPv4 address to bind")->capture_default_str();
  cmd->add_option("--port", opt->port, "TCP port; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", opt->threads, "HTTP event-loop threads (default: cores, at least 2)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--max-body-mb", opt->max_body_mb, "Largest request body accepted, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--account-id", opt->account_id, "Account id returned as CatalogId")
      ->capture_default_str();
  cmd->add_option("--sync-objects", opt->sync_objects,
                  "fsync each object before acknowledging it (false: faster small writes; a "
                  "killed process still loses nothing, a power loss may)")
      ->capture_default_str();
  cmd->add_option("--region", opt->region, "Region of new buckets without a LocationConstraint")
      ->capture_default_str();
  cmd->add_option("--query-workers", opt->query_workers,
                  "Queries that run at once (more wait QUEUED)")
      ->capture_default_str();
  cmd->add_option("--query-cache-mb", opt->query_cache_mb,
                  "Local copies of external buckets' objects kept for queries, in MiB")
      ->capture_default_str();
  cmd->add_option("--query-memory-limit", opt->query_memory_limit,
                  "DuckDB's memory limit for queries, e.g. 2GB (default: 80% of RAM)");
  cmd->add_option("--storage-config", opt->storage_config,
                  "JSON file naming buckets that live on external S3-compatible endpoints "
                  "(see README: External buckets)");
  cmd->add_option("--external-bucket", opt->external_buckets,
                  "BUCKET=ENDPOINT: s3://BUCKET lives on that S3-compatible endpoint "
                  "(credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); repeatable");
  return [opt] { return RunServe(*opt); };
}

}  // namespace sluice::cli
