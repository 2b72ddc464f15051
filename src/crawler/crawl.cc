#include "crawler/crawl.h"

#include <unistd.h>

#include <cstdlib>
#include <map>

#include "crawler/crawl_listing.h"
#include "crawler/table_definition.h"
#include "crawler/table_planner.h"
#include "formats/compression.h"
#include "formats/parquet_schema.h"

namespace sluice::crawler {

using nlohmann::json;

namespace {

struct CrawlConfig {
  bool combine_compatible = false;
  std::optional<int> table_level;
  bool merge_new_columns = false;
  std::optional<int> table_threshold;
  bool glue_compatible = false;
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
  c.glue_compatible = config.value("Sluice", json::object()).value("GlueCompatibleInference", false);
  return c;
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
  if (env.duckdb == nullptr) return Status::Internal("DuckDB could not be opened");
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
      written ? formats::ReadParquetSchema(*env.duckdb, path)
              : Result<formats::ParquetSchema>(Status::IOError("writing a Parquet footer failed"));
  unlink(path);
  RETURN_NOT_OK(schema.status());
  out.columns = std::move(schema->columns);
  out.schema_known = true;
  out.sample_records = schema->rows;
  return Status::OK();
}

// Reads the start of a file (decompressed) and classifies it.
SampledFile Sample(const TargetListing& listing, const CrawlFile& file, const CrawlEnvironment& env,
                   const formats::ClassifyOptions& options) {
  SampledFile out;
  out.file = file;
  storage::ObjectStore* store = listing.location.store;
  auto reader = store->Open(listing.location.container, file.key, 0, std::nullopt);
  formats::FileClassification failed;
  if (!reader.ok()) {
    failed.reason = "could not be read: " + reader.status().message();
    out.schema = failed;
    return out;
  }
  std::string raw, text;
  std::unique_ptr<formats::Decompressor> decompressor;
  bool eof = false;
  std::string chunk(256 * 1024, '\0');
  const size_t max_raw = 64u << 20;  // a compressed file's sample never reads more than this
  while (text.size() < env.sample_bytes && raw.size() < max_raw) {
    auto n = (*reader)->Read(chunk.data(), chunk.size());
    if (!n.ok()) {
      failed.reason = "could not be read: " + n.status().message();
      out.schema = failed;
      return out;
    }
    if (*n == 0) {
      eof = true;
      break;
    }
    std::string_view piece(chunk.data(), *n);
    if (raw.empty()) {
      formats::Compression c = formats::DetectCompression(piece);
      out.compression = std::string(formats::CompressionName(c));
      if (c != formats::Compression::kNone) {
        auto d = formats::NewDecompressor(c);
        if (!d.ok()) {
          failed.reason = d.status().message();
          out.schema = failed;
          return out;
        }
        decompressor = std::move(*d);
      }
    }
    raw.append(piece);
    // Binary formats are known by their first bytes; their schema comes from metadata.
    if (!decompressor && (raw.rfind("PAR1", 0) == 0 || raw.rfind(std::string("Obj\x01", 4), 0) == 0)) {
      text = raw;
      break;
    }
    if (decompressor) {
      Status st = decompressor->Feed(piece, text);
      if (!st.ok()) {
        failed.reason = st.message();
        out.schema = failed;
        return out;
      }
    } else {
      text.append(piece);
    }
  }
  bool complete = eof && text.size() <= env.sample_bytes;
  if (text.size() > env.sample_bytes) text.resize(env.sample_bytes);
  out.sample_bytes = text.size();
  out.schema = formats::ClassifySample(text, complete, options);
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

}  // namespace

CrawlOutcome RunCrawl(const json& crawler, const std::string& crawl_id,
                      const CrawlEnvironment& given, const std::atomic<bool>& stop) {
  CrawlEnvironment env = given;
  std::unique_ptr<engine::Database> owned_duckdb;
  if (env.duckdb == nullptr) {
    auto db = engine::Database::Open("");
    if (db.ok()) owned_duckdb = std::move(*db);
    env.duckdb = owned_duckdb.get();
  }
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
    fail("Database " + database + " not found: create it (CreateDatabase) or change the "
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

  std::vector<PlannedTable> tables;
  std::vector<std::string> target_roots;
  for (const json& target : crawler["Targets"].value("S3Targets", json::array())) {
    auto listing = ListTarget(target, *env.storage, stop);
    if (!listing.ok()) {
      fail("listing " + target.value("Path", "") + ": " + listing.status().message());
      return finish();
    }
    log.push_back(listing->path + ": " + std::to_string(listing->files.size()) + " file(s), " +
                  std::to_string(listing->artifacts_skipped) + " artifact(s) skipped, " +
                  std::to_string(listing->excluded) + " excluded");
    target_roots.push_back(listing->path);
    // SampleSize: files classified per leaf folder; the others take their folder's format.
    std::optional<int> sample_size;
    if (target.contains("SampleSize")) sample_size = target["SampleSize"].get<int>();
    std::map<std::string, int> sampled_in_folder;
    std::vector<SampledFile> files;
    for (const CrawlFile& file : listing->files) {
      if (stop.load()) break;
      std::string folder = file.relative.substr(0, file.relative.rfind('/') + 1);
      if (sample_size && sampled_in_folder[folder]++ >= *sample_size) {
        SampledFile skipped;
        skipped.file = file;
        files.push_back(std::move(skipped));
        continue;
      }
      files.push_back(Sample(*listing, file, env, classify));
      const SampledFile& s = files.back();
      log.push_back(listing->path + file.relative + ": " + s.schema->classification + " (" +
                    s.compression + "): " + s.schema->reason);
    }
    PlanOptions plan;
    plan.root_uri = listing->path;
    std::string root = listing->path.substr(0, listing->path.size() - 1);
    plan.root_name = root.substr(root.rfind('/') + 1);
    plan.table_prefix = crawler.value("TablePrefix", "");
    plan.combine_compatible = config.combine_compatible;
    plan.table_level = config.table_level;
    plan.root_level = static_cast<int>(std::count(listing->location.key.begin(),
                                                  listing->location.key.end(), '/'));
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
         std::to_string(*config.table_threshold) + ". Failing crawler without writing to Data "
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
  Status gone = HandleVanishedTables(*env.catalog, database, name, target_roots, planned_names,
                                     policy.value("DeleteBehavior", "DEPRECATE_IN_DATABASE"),
                                     outcome, log);
  if (!gone.ok()) {
    fail("handling tables whose data is gone: " + gone.message());
    return finish();
  }
  outcome.state = "COMPLETED";
  return finish();
}

}  // namespace sluice::crawler
