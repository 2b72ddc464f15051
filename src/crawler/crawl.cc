#include "crawler/crawl.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "crawler/classifier_registry.h"
#include "crawler/crawl_listing.h"
#include "crawler/crawl_watches.h"
#include "crawler/file_state.h"
#include "crawler/table_definition.h"
#include "crawler/table_planner.h"
#include "formats/avro_schema.h"
#include "formats/compression.h"
#include "formats/parquet_schema.h"
#include "storage/object_events.h"

namespace sluice::crawler {

using nlohmann::json;

namespace {

struct CrawlConfig {
  bool combine_compatible = false;
  std::optional<int> table_level;
  bool merge_new_columns = false;
  std::optional<int> table_threshold;
  bool glue_compatible = false;
  bool typed_partition_keys = false;
};

CrawlConfig ParseConfig(const json& crawler) {
  CrawlConfig c;
  json config = json::parse(crawler.value("Configuration", "{}"), nullptr, false);
  if (!config.is_object()) return c;
  json grouping = config.value("Grouping", json::object());
  c.combine_compatible = grouping.value("TableGroupingPolicy", "") == "CombineCompatibleSchemas";
  if (grouping.contains("TableLevelConfiguration")) {
    c.table_level = grouping["TableLevelConfiguration"].get<int>();
  }
  json tables = config.value("CrawlerOutput", json::object()).value("Tables", json::object());
  c.merge_new_columns = tables.value("AddOrUpdateBehavior", "") == "MergeNewColumns";
  if (tables.contains("TableThreshold")) c.table_threshold = tables["TableThreshold"].get<int>();
  c.glue_compatible =
      config.value("Sluice", json::object()).value("GlueCompatibleInference", false);
  c.typed_partition_keys =
      config.value("Sluice", json::object()).value("TypedPartitionKeys", false);
  return c;
}

// The DuckDB that reads Parquet footers: the environment's, or one opened on first use (most
// crawls never need it, and opening one costs tens of milliseconds).
engine::Database* FooterDb(const CrawlEnvironment& env) {
  if (env.duckdb != nullptr) return env.duckdb;
  static std::once_flag once;
  static std::unique_ptr<engine::Database> db;
  std::call_once(once, [] {
    auto opened = engine::Database::Open("");
    if (opened.ok()) db = std::move(*opened);
  });
  return db.get();
}

// Fills a Parquet file's columns and row count from its footer (two ranged reads).
Status ReadParquetFooter(storage::ObjectStore& store, const std::string& container,
                         const CrawlFile& file, const CrawlEnvironment& env,
                         formats::FileClassification& out) {
  auto read = [&](uint64_t offset, uint64_t length) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto reader, store.Open(container, file.key, offset, length));
    std::string bytes(length, '\0');
    size_t got = 0;
    while (got < length) {
      ASSIGN_OR_RETURN(size_t n, reader->Read(bytes.data() + got, length - got));
      if (n == 0) break;
      got += n;
    }
    bytes.resize(got);
    return bytes;
  };
  if (file.size < 12) return Status::InvalidInput("too small to be a Parquet file");
  engine::Database* duckdb = FooterDb(env);
  if (duckdb == nullptr) return Status::Internal("DuckDB could not be opened");
  ASSIGN_OR_RETURN(std::string last8, read(file.size - 8, 8));
  ASSIGN_OR_RETURN(uint64_t tail_length, formats::ParquetTailLength(last8, file.size));
  ASSIGN_OR_RETURN(std::string tail, read(file.size - tail_length, tail_length));
  char path[] = "/tmp/sluice-parquet-footer-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Status::IOError("cannot create a temporary file for a Parquet footer");
  std::string stub = formats::ParquetStub(tail);
  bool written = write(fd, stub.data(), stub.size()) == static_cast<ssize_t>(stub.size());
  close(fd);
  Result<formats::ParquetSchema> schema =
      written ? formats::ReadParquetSchema(*duckdb, path)
              : Result<formats::ParquetSchema>(Status::IOError("writing a Parquet footer failed"));
  unlink(path);
  RETURN_NOT_OK(schema.status());
  out.columns = std::move(schema->columns);
  out.schema_known = true;
  out.sample_records = schema->rows;
  return Status::OK();
}

// Reads the start of a file, decompressing as it goes.
class SampleReader {
 public:
  // Decompressed output beyond `max_text` is not kept (a zip bomb costs nothing).
  SampleReader(std::unique_ptr<storage::ObjectReader> reader, size_t max_text)
      : reader_(std::move(reader)), max_text_(max_text) {}

  // Reads until `text()` holds at least `target` bytes or the file ends.
  Status Fill(size_t target) {
    std::string chunk(16 * 1024, '\0');
    const size_t max_raw = 64u << 20;  // a compressed file's sample never reads more than this
    while (text_.size() < target && !eof_ && raw_bytes_ < max_raw) {
      ASSIGN_OR_RETURN(size_t n, reader_->Read(chunk.data(), chunk.size()));
      if (n == 0) {
        eof_ = true;
        break;
      }
      std::string_view piece(chunk.data(), n);
      if (raw_bytes_ == 0) {
        compression_ = formats::DetectCompression(piece);
        if (compression_ != formats::Compression::kNone) {
          ASSIGN_OR_RETURN(decompressor_, formats::NewDecompressor(compression_, max_text_));
        }
      }
      raw_bytes_ += n;
      if (decompressor_) {
        Status fed = decompressor_->Feed(piece, text_);
        if (fed.code() == StatusCode::kResourceLimit) break;  // the sample is full
        RETURN_NOT_OK(fed);
      } else {
        text_.append(piece);
      }
      // Binary formats are known by their first bytes; their schema comes from metadata.
      if (!decompressor_ &&
          (text_.rfind("PAR1", 0) == 0 || text_.rfind(std::string("Obj\x01", 4), 0) == 0)) {
        break;
      }
    }
    return Status::OK();
  }
  const std::string& text() const { return text_; }
  bool eof() const { return eof_; }
  formats::Compression compression() const { return compression_; }

 private:
  std::unique_ptr<storage::ObjectReader> reader_;
  size_t max_text_;
  std::unique_ptr<formats::Decompressor> decompressor_;
  formats::Compression compression_ = formats::Compression::kNone;
  std::string text_;
  uint64_t raw_bytes_ = 0;
  bool eof_ = false;
};

// Glue reads "the first 1,000 records or 1 MB, whichever comes first": a first look at 128 KiB
// decides when it already holds 1,000 records.
constexpr size_t kFirstLook = 128 * 1024;
constexpr size_t kEnoughRecords = 1000;

// Reads the start of a file (decompressed) and classifies it.
SampledFile Sample(const TargetListing& listing, const CrawlFile& file, const CrawlEnvironment& env,
                   const formats::ClassifyOptions& options) {
  SampledFile out;
  out.file = file;
  storage::ObjectStore* store = listing.location.store;
  auto failed = [&](const Status& st) {
    formats::FileClassification f;
    f.reason = "could not be read: " + st.message();
    out.schema = f;
    return out;
  };
  auto opened = store->Open(listing.location.container, file.key, 0, std::nullopt);
  if (!opened.ok()) return failed(opened.status());
  SampleReader reader(std::move(*opened), env.sample_bytes + (64u << 10));
  Status st = reader.Fill(std::min(kFirstLook, env.sample_bytes));
  if (!st.ok()) return failed(st);
  out.compression = std::string(formats::CompressionName(reader.compression()));
  std::string_view text = reader.text();
  bool complete = reader.eof() && text.size() <= env.sample_bytes;
  out.schema = formats::ClassifySample(text.substr(0, env.sample_bytes), complete, options);
  bool enough = out.schema->certainty >= 1.0 && out.schema->sample_records >= kEnoughRecords;
  if (!complete && !enough && out.schema->classification != "parquet" &&
      out.schema->classification != "avro") {
    st = reader.Fill(env.sample_bytes);
    if (!st.ok()) return failed(st);
    text = reader.text();
    complete = reader.eof() && text.size() <= env.sample_bytes;
    out.schema = formats::ClassifySample(text.substr(0, env.sample_bytes), complete, options);
  }
  out.sample_bytes = std::min(text.size(), env.sample_bytes);
  if (out.schema->classification == "avro" && !out.schema->schema_known) {
    auto avro = formats::ReadAvroSchema(reader.text());
    if (!avro.ok() && !reader.eof()) {  // a header larger than the first look: read on
      if (reader.Fill(env.sample_bytes).ok()) avro = formats::ReadAvroSchema(reader.text());
    }
    if (avro.ok()) {
      out.schema->columns = std::move(avro->columns);
      out.schema->schema_known = true;
      out.schema->table_parameters["avro.schema.literal"] = avro->schema_json;
      out.schema->serde_parameters["avro.schema.literal"] = avro->schema_json;
      out.schema->reason += "; schema from the header (codec " + avro->codec + ")";
    } else {
      out.schema->certainty = 0.0;
      out.schema->reason += "; its schema could not be read: " + avro.status().message();
    }
  }
  if (out.schema->classification == "parquet" && !out.schema->schema_known) {
    Status st = ReadParquetFooter(*store, listing.location.container, file, env, *out.schema);
    if (!st.ok()) {
      out.schema->certainty = 0.0;
      out.schema->reason += "; its schema could not be read: " + st.message();
    }
  }
  return out;
}

std::string Describe(const json& j) { return j.dump(); }

// Glue consumes at most 100,000 event messages per crawl.
constexpr size_t kMaxEvents = 100000;

// CRAWL_EVENT_MODE: the keys (in the target's container) that events since the last crawl name
// for this target; nullopt when the events cannot be trusted to be complete, and the target is
// listed in full: not the built-in store or a watched file:// folder, or a file:// folder whose
// watch (re)started after the last crawl (the server was down in between).
std::optional<std::vector<std::string>> EventKeys(const std::string& path,
                                                  storage::StorageRouter& router,
                                                  metastore::Metastore& state,
                                                  const std::vector<storage::ObjectEvent>& events,
                                                  int64_t position, std::vector<std::string>& log) {
  auto where = router.Resolve(path);
  if (!where.ok() || where->external) {
    log.push_back("The crawl is not running in event mode for " + path +
                  ": its bucket is external; it is listed in full");
    return std::nullopt;
  }
  std::vector<std::string> keys;
  std::string base = where->key;  // the target's prefix in its container
  if (!base.empty() && base.back() != '/') base.push_back('/');
  if (path.rfind("file:", 0) != 0) {
    for (const auto& e : events) {
      if (e.bucket == where->container) keys.push_back(e.key);
    }
    return keys;
  }
  std::string root_uri = "file://" + FileTargetRoot(path);
  auto watched = storage::HasObjectEvent(state, root_uri, storage::kWatchStarted, position);
  bool restarted = false;
  for (const auto& e : events) {
    if (e.bucket != root_uri) continue;
    if (e.kind == storage::kWatchStarted) {
      restarted = true;
    } else {
      keys.push_back(base + e.key);
    }
  }
  if (!watched.ok() || !*watched || restarted) {
    log.push_back("The crawl is not running in event mode for " + path +
                  (restarted ? ": its folder watch restarted since the last crawl"
                             : ": its folder was not watched at the last crawl") +
                  "; it is listed in full");
    return std::nullopt;
  }
  return keys;
}

std::string FolderOf(const std::string& uri) { return uri.substr(0, uri.rfind('/') + 1); }

// Samples files on a few threads (files are independent; each holds one sample in memory).
void SampleInParallel(const TargetListing& listing, const std::vector<size_t>& todo,
                      std::vector<SampledFile>& files, const CrawlEnvironment& env,
                      const formats::ClassifyOptions& options, const std::atomic<bool>& stop) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k; (k = next.fetch_add(1)) < todo.size();) {
      if (stop.load()) return;
      files[todo[k]] = Sample(listing, listing.files[todo[k]], env, options);
    }
  };
  size_t threads = std::min<size_t>(todo.size(), std::clamp(env.threads, 1, 16));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// What is known of each listed file: unchanged files (same size and time as in the last crawl)
// keep their previous classification; the others are sampled — at most SampleSize per leaf
// folder. With CRAWL_NEW_FOLDERS_ONLY, folders the last crawl saw are not looked at again.
std::vector<SampledFile> SampleTarget(const TargetListing& listing, const json& target,
                                      const std::map<std::string, FileState>& previous,
                                      bool new_folders_only, const CrawlEnvironment& env,
                                      const formats::ClassifyOptions& options,
                                      const std::atomic<bool>& stop,
                                      std::vector<std::string>& log) {
  std::set<std::string> known_folders;
  if (new_folders_only) {
    for (const auto& [uri, state] : previous) known_folders.insert(FolderOf(uri));
  }
  std::optional<int> sample_size;
  if (target.contains("SampleSize")) sample_size = target["SampleSize"].get<int>();
  std::map<std::string, int> sampled_in_folder;
  std::vector<SampledFile> files(listing.files.size());
  std::vector<bool> keep(listing.files.size(), true);
  std::vector<size_t> todo;
  size_t reused = 0, ignored = 0, unsampled = 0;
  for (size_t i = 0; i < listing.files.size(); ++i) {
    const CrawlFile& file = listing.files[i];
    std::string uri = listing.path + file.relative;
    auto it = previous.find(uri);
    bool unchanged = it != previous.end() && it->second.size == file.size &&
                     it->second.modified_ms == file.last_modified_ms;
    if (new_folders_only && known_folders.count(FolderOf(uri))) {
      if (it == previous.end()) {
        keep[i] = false;  // a new file in a known folder: CRAWL_NEW_FOLDERS_ONLY ignores it
        ++ignored;
        continue;
      }
      unchanged = true;  // known folders are not re-read
    }
    if (unchanged) {
      files[i] = it->second.sampled;
      files[i].file = file;
      ++reused;
      continue;
    }
    std::string folder = file.relative.substr(0, file.relative.rfind('/') + 1);
    if (sample_size && sampled_in_folder[folder]++ >= *sample_size) {
      files[i].file = file;  // not sampled: its table takes its siblings' format
      ++unsampled;
      continue;
    }
    todo.push_back(i);
  }
  SampleInParallel(listing, todo, files, env, options, stop);
  for (size_t i : todo) {
    const SampledFile& s = files[i];
    if (!s.schema) continue;  // stopped before it was sampled
    log.push_back(listing.path + s.file.relative + ": " + s.schema->classification + " (" +
                  s.compression + "): " + s.schema->reason);
  }
  log.push_back(listing.path + ": " + std::to_string(todo.size()) + " file(s) read, " +
                std::to_string(reused) + " unchanged since the last crawl (not read again), " +
                std::to_string(unsampled) + " not sampled (SampleSize)" +
                (new_folders_only ? ", " + std::to_string(ignored) +
                                        " new file(s) in known folders ignored "
                                        "(CRAWL_NEW_FOLDERS_ONLY)"
                                  : ""));
  std::vector<SampledFile> out;
  out.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (keep[i] && files[i].file.key == listing.files[i].key) out.push_back(std::move(files[i]));
  }
  return out;
}

}  // namespace

CrawlOutcome RunCrawl(const json& crawler, const std::string& crawl_id,
                      const CrawlEnvironment& given, const std::atomic<bool>& stop) {
  const CrawlEnvironment& env = given;
  CrawlOutcome outcome;
  std::vector<std::string> log;
  auto fail = [&](const std::string& message) {
    outcome.state = "FAILED";
    outcome.error_message = message;
    log.push_back("ERROR: " + message);
  };
  auto finish = [&]() {
    for (const std::string& line : log) outcome.log += line + "\n";
    return outcome;
  };
  std::string name = crawler.value("Name", "");
  log.push_back("Crawler configured with Configuration " + crawler.value("Configuration", "{}") +
                " and SchemaChangePolicy " + Describe(crawler["SchemaChangePolicy"]));
  std::string database = crawler.value("DatabaseName", "");
  if (database.empty()) {
    fail("the crawler has no DatabaseName: set one with UpdateCrawler");
    return finish();
  }
  if (auto db = env.catalog->GetDatabase(database); !db.ok()) {
    fail("Database " + database +
         " not found: create it (CreateDatabase) or change the "
         "crawler's DatabaseName");
    return finish();
  }
  CrawlConfig config = ParseConfig(crawler);
  json policy = crawler["SchemaChangePolicy"];
  catalog::CrawlApplyPolicy apply;
  apply.update_in_database = policy.value("UpdateBehavior", "UPDATE_IN_DATABASE") != "LOG";
  apply.merge_new_columns = config.merge_new_columns;
  if (config.merge_new_columns) apply.update_in_database = true;
  formats::ClassifyOptions classify;
  classify.glue_compatible = config.glue_compatible;
  for (const json& classifier_name : crawler.value("Classifiers", json::array())) {
    if (env.state == nullptr) break;
    auto doc = ClassifierRegistry(*env.state).Get(classifier_name.get<std::string>());
    if (!doc.ok()) {
      fail("custom classifier " + classifier_name.get<std::string>() + ": " +
           doc.status().message());
      return finish();
    }
    classify.custom.push_back(std::move(*doc));
    log.push_back("custom classifier " + classifier_name.get<std::string>() + " is tried first");
  }

  std::map<std::string, FileState> previous;
  if (env.state != nullptr) {
    auto loaded = LoadFileStates(*env.state, name);
    if (loaded.ok()) previous = std::move(*loaded);
  }
  std::string recrawl =
      crawler.value("RecrawlPolicy", json::object()).value("RecrawlBehavior", "CRAWL_EVERYTHING");
  bool recrawl_new_folders_only = recrawl == "CRAWL_NEW_FOLDERS_ONLY";
  // CRAWL_EVENT_MODE: after a first full crawl, only folders named by object-created events
  // since the last crawl are listed (built-in store targets).
  std::optional<int64_t> event_position;
  int64_t latest_event = 0;
  std::vector<storage::ObjectEvent> events;
  if (recrawl == "CRAWL_EVENT_MODE" && env.state != nullptr) {
    auto position = LoadEventPosition(*env.state, name);
    auto latest = storage::LatestObjectEventId(*env.state);
    if (position.ok() && latest.ok()) {
      event_position = *position;
      latest_event = *latest;
    }
    for (int64_t after = event_position.value_or(latest_event);
         event_position && after < latest_event && events.size() < kMaxEvents;) {
      auto page = storage::ReadObjectEvents(*env.state, after, 1000);
      if (!page.ok() || page->empty()) break;
      for (auto& e : *page) {
        if (e.id > latest_event) break;
        after = e.id;
        events.push_back(std::move(e));
      }
    }
    if (!event_position) log.push_back("CRAWL_EVENT_MODE: the first crawl lists everything");
  }
  std::vector<std::pair<std::string, SampledFile>> seen;  // URI → what this crawl knows
  std::vector<json> own_tables;
  if (auto mine = CrawlerTables(*env.catalog, database, name); mine.ok()) {
    own_tables = std::move(*mine);
  }
  std::vector<PlannedTable> tables;
  std::vector<std::string> target_roots;
  for (const json& target : crawler["Targets"].value("S3Targets", json::array())) {
    Result<TargetListing> listing = Status::Internal("not listed");
    std::string path = target.value("Path", "");
    std::optional<std::vector<std::string>> event_keys;
    if (event_position && !recrawl_new_folders_only) {
      event_keys = EventKeys(path, *env.storage, *env.state, events, *event_position, log);
    }
    if (event_keys) {
      std::map<std::string, std::pair<uint64_t, int64_t>> known;
      for (const auto& [uri, state] : previous) known[uri] = {state.size, state.modified_ms};
      size_t folders = 0;
      listing = ListTargetFromEvents(target, *env.storage, known, *event_keys, stop, &folders);
      log.push_back(path + ": event mode: " + std::to_string(event_keys->size()) +
                    " object-created event(s) since the last crawl; " + std::to_string(folders) +
                    " folder(s) listed again, the rest as the last crawl saw it");
    } else {
      listing = ListTarget(target, *env.storage, stop);
    }
    if (!listing.ok()) {
      fail("listing " + path + ": " + listing.status().message());
      return finish();
    }
    log.push_back(listing->path + ": " + std::to_string(listing->files.size()) + " file(s), " +
                  std::to_string(listing->artifacts_skipped) + " artifact(s) skipped, " +
                  std::to_string(listing->excluded) + " excluded");
    target_roots.push_back(listing->path);
    std::vector<SampledFile> files = SampleTarget(
        *listing, target, previous, recrawl_new_folders_only, env, classify, stop, log);
    for (const SampledFile& f : files) seen.emplace_back(listing->path + f.file.relative, f);
    PlanOptions plan;
    plan.root_uri = listing->path;
    for (const json& t : own_tables) {
      std::string location = t.value("StorageDescriptor", json::object()).value("Location", "");
      if (location.rfind(listing->path, 0) == 0 && !location.empty() && location.back() == '/') {
        plan.known_roots.insert(location.substr(listing->path.size()));
      }
    }
    std::string root = listing->path.substr(0, listing->path.size() - 1);
    plan.root_name = root.substr(root.rfind('/') + 1);
    plan.table_prefix = crawler.value("TablePrefix", "");
    plan.combine_compatible = config.combine_compatible;
    plan.table_level = config.table_level;
    plan.typed_partition_keys = config.typed_partition_keys;
    plan.root_level = static_cast<int>(
        std::count(listing->location.key.begin(), listing->location.key.end(), '/'));
    for (PlannedTable& t : PlanTables(files, plan, log)) tables.push_back(std::move(t));
  }
  if (stop.load()) {
    outcome.state = "STOPPED";
    log.push_back("stopped before any table was written");
    return finish();
  }
  if (config.table_threshold && static_cast<int>(tables.size()) > *config.table_threshold) {
    fail("The number of tables detected by crawler: " + std::to_string(tables.size()) +
         " is greater than the table threshold value provided: " +
         std::to_string(*config.table_threshold) +
         ". Failing crawler without writing to Data "
         "Catalog.");
    return finish();
  }
  std::vector<std::string> planned_names;
  for (const PlannedTable& t : tables) {
    if (stop.load()) {
      outcome.state = "STOPPED";
      log.push_back("stopped: tables after this point were not written");
      return finish();
    }
    planned_names.push_back(t.name);
    catalog::CrawledTable crawled = ToCrawledTable(t, name, crawl_id);
    auto result = env.catalog->ApplyCrawledTable(database, crawled, apply);
    if (!result.ok()) {
      fail("writing table " + t.name + ": " + result.status().message());
      return finish();
    }
    if (result->created) ++outcome.tables_created;
    if (result->updated) ++outcome.tables_updated;
    outcome.partitions_created += result->partitions_added;
    outcome.partitions_updated += result->partitions_updated;
    log.push_back("table " + t.name + ": " +
                  (result->created   ? "created"
                   : result->updated ? "updated"
                                     : "unchanged") +
                  (result->note.empty() ? "" : " (" + result->note + ")") + ", " +
                  std::to_string(result->partitions_added) + " partition(s) added, " +
                  std::to_string(result->partitions_updated) + " updated");
  }
  Status gone =
      HandleVanishedTables(*env.catalog, database, name, target_roots, planned_names,
                           policy.value("DeleteBehavior", "DEPRECATE_IN_DATABASE"), outcome, log);
  if (!gone.ok()) {
    fail("handling tables whose data is gone: " + gone.message());
    return finish();
  }
  if (env.state != nullptr) {
    std::vector<std::pair<std::string, const SampledFile*>> states;
    for (const auto& [uri, f] : seen) states.emplace_back(uri, &f);
    Status saved = SaveFileStates(*env.state, name, states);
    if (saved.ok() && recrawl == "CRAWL_EVENT_MODE") {
      saved = SaveEventPosition(*env.state, name, latest_event);
    }
    if (!saved.ok())
      log.push_back(
          "WARN: file states not saved (the next crawl reads every file "
          "again): " +
          saved.message());
  }
  outcome.state = "COMPLETED";
  return finish();
}

}  // namespace sluice::crawler
