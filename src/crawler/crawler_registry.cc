#include "crawler/crawler_registry.h"

#include <algorithm>

#include "common/ids.h"
#include "common/time.h"
#include "crawler/file_state.h"
#include "storage/uri.h"

namespace sluice::crawler {

using metastore::Row;
using metastore::Session;

namespace {

std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status NotFound(std::string_view name) {
  return Status::NotFound("Crawler with name " + std::string(name) + " not found");
}

// The members of CreateCrawler/UpdateCrawler inputs that are copied into the Crawler document.
constexpr const char* kCopied[] = {
    "Role",        "Targets",     "DatabaseName",  "Description",
    "Classifiers", "TablePrefix", "Configuration", "CrawlerSecurityConfiguration"};

Status ValidateTargets(const json& targets) {
  for (const auto& [kind, list] : targets.items()) {
    if (kind != "S3Targets" && list.is_array() && !list.empty()) {
      return Status::InvalidInput("Targets." + kind +
                                  " are not supported: crawl S3Targets (s3:// or file:// paths)");
    }
  }
  const json& s3 = targets.value("S3Targets", json::array());
  if (!s3.is_array() || s3.empty()) {
    return Status::InvalidInput("Targets.S3Targets must name at least one path to crawl");
  }
  for (size_t i = 0; i < s3.size(); ++i) {
    std::string where = "Targets.S3Targets[" + std::to_string(i) + "]";
    std::string path = s3[i].value("Path", "");
    if (path.empty()) return Status::InvalidInput(where + ".Path is required");
    auto uri = storage::ParseStorageUri(path);
    if (!uri.ok()) return Status::InvalidInput(where + ".Path: " + uri.status().message());
    if (s3[i].contains("SampleSize")) {
      int64_t n = s3[i]["SampleSize"].get<int64_t>();
      if (n < 1 || n > 249) {
        return Status::InvalidInput(where +
                                    ".SampleSize must be between 1 and 249 (files "
                                    "sampled per leaf folder)");
      }
    }
  }
  return Status::OK();
}

Status ValidatePolicies(const json& doc) {
  if (doc["RecrawlPolicy"].value("RecrawlBehavior", "") == "CRAWL_NEW_FOLDERS_ONLY") {
    const json& policy = doc["SchemaChangePolicy"];
    if (policy.value("UpdateBehavior", "") != "LOG" ||
        policy.value("DeleteBehavior", "") != "LOG") {
      return Status::InvalidInput(
          "The SchemaChangePolicy for \"Crawl new folders only\" Amazon S3 target can have only "
          "LOG DeleteBehavior value and LOG UpdateBehavior value.");
    }
  }
  return Status::OK();
}

Status RequireClassifiers(Session& s, const json& doc) {
  for (const auto& name : doc.value("Classifiers", json::array())) {
    bool found = false;
    RETURN_NOT_OK(s.Query("SELECT 1 FROM crawler_classifiers WHERE name = ?",
                          {std::string_view(name.get_ref<const std::string&>())}, [&](const Row&) {
                            found = true;
                            return false;
                          }));
    if (!found) {
      return Status::NotFound("Classifier " + name.get<std::string>() +
                              " not found: create it with CreateClassifier first");
    }
  }
  return Status::OK();
}

// Applies the members present in `input` to `doc`, with Glue's defaults for absent policies.
Status ApplyInput(const json& input, json& doc) {
  for (const char* f : kCopied) {
    if (input.contains(f)) doc[f] = input[f];
  }
  if (input.contains("Schedule")) {
    std::string expr = input["Schedule"].get<std::string>();
    if (expr.empty()) {
      doc.erase("Schedule");
    } else {
      if (expr.rfind("cron(", 0) != 0 || expr.back() != ')') {
        return Status::InvalidInput("Schedule '" + expr +
                                    "' must be a cron expression: cron(minutes hours "
                                    "day-of-month month day-of-week year)");
      }
      // Schedules are stored; running them is the scheduler's (not yet built) job.
      doc["Schedule"] = {{"ScheduleExpression", expr}, {"State", "NOT_SCHEDULED"}};
    }
  }
  json policy = doc.value("SchemaChangePolicy", json{{"UpdateBehavior", "UPDATE_IN_DATABASE"},
                                                     {"DeleteBehavior", "DEPRECATE_IN_DATABASE"}});
  if (input.contains("SchemaChangePolicy")) policy.update(input["SchemaChangePolicy"]);
  doc["SchemaChangePolicy"] = policy;
  doc["RecrawlPolicy"] = input.value(
      "RecrawlPolicy", doc.value("RecrawlPolicy", json{{"RecrawlBehavior", "CRAWL_EVERYTHING"}}));
  doc["LineageConfiguration"] =
      input.value("LineageConfiguration",
                  doc.value("LineageConfiguration", json{{"CrawlerLineageSettings", "DISABLE"}}));
  doc["LakeFormationConfiguration"] =
      input.value("LakeFormationConfiguration",
                  doc.value("LakeFormationConfiguration",
                            json{{"UseLakeFormationCredentials", false}, {"AccountId", ""}}));
  if (doc.contains("Description") && doc["Description"] == "") doc.erase("Description");
  if (!doc.contains("Classifiers")) doc["Classifiers"] = json::array();
  RETURN_NOT_OK(ValidateTargets(doc["Targets"]));
  if (doc.contains("Configuration")) {
    RETURN_NOT_OK(ValidateConfiguration(doc["Configuration"].get<std::string>()));
  }
  return ValidatePolicies(doc);
}

Result<json> Load(Session& s, std::string_view name) {
  std::optional<json> doc;
  RETURN_NOT_OK(
      s.Query("SELECT body FROM crawler_definitions WHERE name = ?", {name}, [&](const Row& r) {
        doc = json::parse(r.Text(0));
        return false;
      }));
  if (!doc) return NotFound(name);
  return std::move(*doc);
}

Status Store(Session& s, const json& doc) {
  std::string name = doc["Name"].get<std::string>();
  std::string body = Dump(doc);
  RETURN_NOT_OK(s.Execute("UPDATE crawler_definitions SET body = ? WHERE name = ?",
                          {std::string_view(body), std::string_view(name)}));
  return Status::OK();
}

// The private start time a running crawler carries becomes CrawlElapsedTime (ms), as Glue
// reports it while a crawl runs.
constexpr const char* kStartKey = "_SluiceCrawlStartMs";

json Present(json doc) {
  if (doc.contains(kStartKey)) {
    if (doc.value("State", "READY") != "READY") {
      doc["CrawlElapsedTime"] = NowEpochMillis() - doc[kStartKey].get<int64_t>();
    }
    doc.erase(kStartKey);
  }
  return doc;
}

Status Running(std::string_view name) {
  return Status::FailedPrecondition("CrawlerRunningException: Crawler with name " +
                                    std::string(name) + " has already started");
}

}  // namespace

namespace {

Status ConfigError(const std::string& what) {
  return Status::InvalidInput("Crawler configuration not valid: " + what);
}

// Checks that `object` (at `path`) is an object with only `known` keys.
Status CheckKeys(const json& object, const std::string& path,
                 std::initializer_list<const char*> known) {
  if (!object.is_object()) return ConfigError(path + " must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
      std::string list;
      for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return ConfigError(path + " contains unsupported keys: " + key + " (supported: " + list +
                         ")");
    }
  }
  return Status::OK();
}

Status CheckString(const json& object, const char* key, const std::string& path,
                   std::initializer_list<const char*> allowed) {
  if (!object.contains(key)) return Status::OK();
  const json& v = object[key];
  if (v.is_string() && std::any_of(allowed.begin(), allowed.end(),
                                   [&](const char* a) { return v.get<std::string>() == a; })) {
    return Status::OK();
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return ConfigError(path + "." + key + " must be one of: " + list);
}

Status CheckPositiveInt(const json& object, const char* key, const std::string& path) {
  if (!object.contains(key)) return Status::OK();
  if (!object[key].is_number_integer() || object[key].get<int64_t>() < 1) {
    return ConfigError(path + "." + key + " must be a positive integer");
  }
  return Status::OK();
}

}  // namespace

Status ValidateConfiguration(std::string_view configuration) {
  json config = json::parse(configuration, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return ConfigError("Configuration must be a JSON object, e.g. {\"Version\":1.0}");
  }
  RETURN_NOT_OK(
      CheckKeys(config, "Configuration",
                {"Version", "Grouping", "CrawlerOutput", "CreatePartitionIndex", "Sluice"}));
  if (!config.contains("Version") || !config["Version"].is_number() ||
      config["Version"].get<double>() != 1.0) {
    return ConfigError("\"Version\": 1.0 is required");
  }
  if (config.contains("Grouping")) {
    const json& g = config["Grouping"];
    RETURN_NOT_OK(CheckKeys(g, "Grouping", {"TableGroupingPolicy", "TableLevelConfiguration"}));
    RETURN_NOT_OK(CheckString(g, "TableGroupingPolicy", "Grouping", {"CombineCompatibleSchemas"}));
    RETURN_NOT_OK(CheckPositiveInt(g, "TableLevelConfiguration", "Grouping"));
  }
  if (config.contains("CrawlerOutput")) {
    const json& out = config["CrawlerOutput"];
    RETURN_NOT_OK(CheckKeys(out, "CrawlerOutput", {"Partitions", "Tables"}));
    if (out.contains("Partitions")) {
      RETURN_NOT_OK(
          CheckKeys(out["Partitions"], "CrawlerOutput.Partitions", {"AddOrUpdateBehavior"}));
      RETURN_NOT_OK(CheckString(out["Partitions"], "AddOrUpdateBehavior",
                                "CrawlerOutput.Partitions", {"InheritFromTable"}));
    }
    if (out.contains("Tables")) {
      RETURN_NOT_OK(CheckKeys(out["Tables"], "CrawlerOutput.Tables",
                              {"AddOrUpdateBehavior", "TableThreshold"}));
      RETURN_NOT_OK(CheckString(out["Tables"], "AddOrUpdateBehavior", "CrawlerOutput.Tables",
                                {"MergeNewColumns"}));
      RETURN_NOT_OK(CheckPositiveInt(out["Tables"], "TableThreshold", "CrawlerOutput.Tables"));
    }
  }
  if (config.contains("CreatePartitionIndex") && !config["CreatePartitionIndex"].is_boolean()) {
    return ConfigError("CreatePartitionIndex must be true or false");
  }
  if (config.contains("Sluice")) {
    const json& own = config["Sluice"];
    RETURN_NOT_OK(CheckKeys(own, "Sluice", {"GlueCompatibleInference", "TypedPartitionKeys"}));
    for (const char* k : {"GlueCompatibleInference", "TypedPartitionKeys"}) {
      if (own.contains(k) && !own[k].is_boolean()) {
        return ConfigError(std::string("Sluice.") + k + " must be true or false");
      }
    }
  }
  return Status::OK();
}

Status CrawlerRegistry::Create(const json& input) {
  std::string name = input["Name"].get<std::string>();
  json doc = {{"Name", name}};
  RETURN_NOT_OK(ApplyInput(input, doc));
  double now = NowEpochSeconds();
  doc["State"] = "READY";
  doc["CrawlElapsedTime"] = 0;
  doc["CreationTime"] = now;
  doc["LastUpdated"] = now;
  doc["Version"] = 1;
  std::string body = Dump(doc);
  Status st = store_.Write([&](Session& s) -> Status {
    RETURN_NOT_OK(RequireClassifiers(s, doc));
    return s.Execute("INSERT INTO crawler_definitions (name, body) VALUES (?, ?)",
                     {std::string_view(name), std::string_view(body)});
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("Crawler with name " + name + " already exists");
  }
  return st;
}

Result<json> CrawlerRegistry::Get(std::string_view name) {
  json doc;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(doc, Load(s, name));
    return Status::OK();
  }));
  return Present(std::move(doc));
}

Result<catalog::Page> CrawlerRegistry::List(const catalog::PageRequest& page) {
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("crawlers", *page.next_token));
    after = cursor.get<std::string>();
  }
  catalog::PageFiller out("crawlers", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query(
        "SELECT name, body FROM crawler_definitions WHERE name > ? ORDER BY name "
        "LIMIT ?",
        {std::string_view(after), int64_t{page.max_results} + 1}, [&](const Row& r) {
          return out.Offer(std::string(r.Text(0)), Dump(Present(json::parse(r.Text(1)))));
        });
  }));
  return out.Finish();
}

Result<catalog::Page> CrawlerRegistry::ListNames(const catalog::PageRequest& page) {
  ASSIGN_OR_RETURN(catalog::Page out, List(page));
  for (std::string& item : out.items) item = Dump(json::parse(item)["Name"]);
  return out;
}

Status CrawlerRegistry::Update(const json& input) {
  std::string name = input["Name"].get<std::string>();
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    if (doc["State"] != "READY") return Running(name);
    RETURN_NOT_OK(ApplyInput(input, doc));
    RETURN_NOT_OK(RequireClassifiers(s, doc));
    doc["LastUpdated"] = NowEpochSeconds();
    doc["Version"] = doc.value("Version", 1) + 1;
    return Store(s, doc);
  });
}

Status CrawlerRegistry::Delete(std::string_view name) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    if (doc["State"] != "READY") return Running(name);
    RETURN_NOT_OK(s.Execute("DELETE FROM crawler_crawls WHERE crawler = ?", {name}));
    RETURN_NOT_OK(DeleteFileStates(s, std::string(name)));
    return s.Execute("DELETE FROM crawler_definitions WHERE name = ?", {name});
  });
}

Result<CrawlerRegistry::Started> CrawlerRegistry::BeginCrawl(std::string_view name) {
  Started started;
  started.crawl_id = NewUuid();
  RETURN_NOT_OK(store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(started.crawler, Load(s, name));
    if (started.crawler["State"] != "READY") return Running(name);
    json doc = started.crawler;
    int64_t now = NowEpochMillis();
    doc["State"] = "RUNNING";
    doc[kStartKey] = now;
    RETURN_NOT_OK(Store(s, doc));
    json crawl = {{"CrawlId", started.crawl_id},
                  {"State", "RUNNING"},
                  {"StartTime", static_cast<double>(now) / 1000.0},
                  {"LogGroup", "/aws-glue/crawlers"},
                  {"LogStream", std::string(name)},
                  {"MessagePrefix", started.crawl_id}};
    std::string body = Dump(crawl);
    return s.Execute(
        "INSERT INTO crawler_crawls (crawler, crawl_id, start_ms, body, log) VALUES (?, ?, ?, ?, "
        "'')",
        {name, std::string_view(started.crawl_id), now, std::string_view(body)});
  }));
  started.crawler["State"] = "RUNNING";
  started.crawler.erase(kStartKey);
  return started;
}

Status CrawlerRegistry::RequestStop(std::string_view name) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    if (doc["State"] == "READY") {
      return Status::FailedPrecondition("CrawlerNotRunningException: Crawler with name " +
                                        std::string(name) + " is not running");
    }
    if (doc["State"] == "STOPPING") {
      return Status::FailedPrecondition("CrawlerStoppingException: Crawler with name " +
                                        std::string(name) + " is already stopping");
    }
    doc["State"] = "STOPPING";
    return Store(s, doc);
  });
}

Status CrawlerRegistry::FinishCrawl(std::string_view name, const std::string& crawl_id,
                                    const CrawlOutcome& outcome) {
  return store_.Write([&](Session& s) -> Status {
    ASSIGN_OR_RETURN(json doc, Load(s, name));
    std::optional<json> crawl;
    RETURN_NOT_OK(s.Query("SELECT body FROM crawler_crawls WHERE crawler = ? AND crawl_id = ?",
                          {name, std::string_view(crawl_id)}, [&](const Row& r) {
                            crawl = json::parse(r.Text(0));
                            return false;
                          }));
    if (!crawl) return Status::NotFound("Crawl " + crawl_id + " of crawler " + std::string(name));
    double end = NowEpochSeconds();
    double start = (*crawl)["StartTime"].get<double>();
    (*crawl)["State"] = outcome.state;
    (*crawl)["EndTime"] = end;
    (*crawl)["DPUHour"] = 0.0;
    json summary = {{"TABLE",
                     {{"ADD", {{"Count", outcome.tables_created}}},
                      {"UPDATE", {{"Count", outcome.tables_updated}}},
                      {"DELETE", {{"Count", outcome.tables_deleted}}}}},
                    {"PARTITION",
                     {{"ADD", {{"Count", outcome.partitions_created}}},
                      {"UPDATE", {{"Count", outcome.partitions_updated}}}}}};
    (*crawl)["Summary"] = Dump(summary);
    if (!outcome.error_message.empty()) (*crawl)["ErrorMessage"] = outcome.error_message;
    std::string body = Dump(*crawl);
    RETURN_NOT_OK(s.Execute(
        "UPDATE crawler_crawls SET body = ?, log = ? WHERE crawler = ? AND crawl_id = ?",
        {std::string_view(body), std::string_view(outcome.log), name, std::string_view(crawl_id)}));
    std::string status = outcome.state == "COMPLETED" ? "SUCCEEDED"
                         : outcome.state == "STOPPED" ? "CANCELLED"
                                                      : "FAILED";
    json last = {{"Status", status},
                 {"LogGroup", "/aws-glue/crawlers"},
                 {"LogStream", std::string(name)},
                 {"MessagePrefix", crawl_id},
                 {"StartTime", start}};
    if (!outcome.error_message.empty()) last["ErrorMessage"] = outcome.error_message;
    doc["LastCrawl"] = last;
    doc["State"] = "READY";
    doc["CrawlElapsedTime"] = 0;
    doc.erase(kStartKey);
    return Store(s, doc);
  });
}

Status CrawlerRegistry::RecoverInterrupted() {
  std::vector<std::pair<std::string, std::string>> running;  // crawler, crawl id
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query("SELECT crawler, crawl_id, body FROM crawler_crawls", {}, [&](const Row& r) {
      if (json::parse(r.Text(2)).value("State", "") == "RUNNING") {
        running.emplace_back(std::string(r.Text(0)), std::string(r.Text(1)));
      }
      return true;
    });
  }));
  for (const auto& [crawler, crawl_id] : running) {
    CrawlOutcome outcome;
    outcome.state = "FAILED";
    outcome.error_message =
        "The server stopped during the crawl; nothing of it was applied "
        "after its last committed table. Start the crawler again.";
    RETURN_NOT_OK(FinishCrawl(crawler, crawl_id, outcome));
  }
  return Status::OK();
}

Result<catalog::Page> CrawlerRegistry::ListCrawls(std::string_view name,
                                                  const catalog::PageRequest& page) {
  // Newest first: the cursor is (start_ms, crawl_id) of the last crawl returned.
  int64_t before_ms = INT64_MAX;
  std::string before_id = "\xff";
  if (page.next_token) {
    ASSIGN_OR_RETURN(json cursor, catalog::ReadToken("crawls", *page.next_token));
    before_ms = cursor[0].get<int64_t>();
    before_id = cursor[1].get<std::string>();
  }
  catalog::PageFiller out("crawls", page.max_results);
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    RETURN_NOT_OK(Load(s, name).status());
    return s.Query(
        "SELECT start_ms, crawl_id, body FROM crawler_crawls WHERE crawler = ? AND "
        "(start_ms < ? OR (start_ms = ? AND crawl_id < ?)) ORDER BY start_ms DESC, crawl_id DESC "
        "LIMIT ?",
        {name, before_ms, before_ms, std::string_view(before_id), int64_t{page.max_results} + 1},
        [&](const Row& r) {
          return out.Offer(json::array({r.Int(0), std::string(r.Text(1))}), r.Text(2));
        });
  }));
  return out.Finish();
}

Result<std::string> CrawlerRegistry::CrawlLog(std::string_view name, std::string_view crawl_id) {
  std::optional<std::string> log;
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query("SELECT log FROM crawler_crawls WHERE crawler = ? AND crawl_id = ?",
                   {name, crawl_id}, [&](const Row& r) {
                     log.emplace(r.Text(0));
                     return false;
                   });
  }));
  if (!log) {
    return Status::NotFound("Crawl " + std::string(crawl_id) + " of crawler " + std::string(name) +
                            " not found");
  }
  return std::move(*log);
}

Result<std::vector<CrawlerRegistry::LogStream>> CrawlerRegistry::LogStreams() {
  std::vector<LogStream> out;
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query(
        "SELECT crawler, min(start_ms), max(start_ms) FROM crawler_crawls GROUP BY crawler "
        "ORDER BY crawler",
        {}, [&](const Row& r) {
          out.push_back({std::string(r.Text(0)), r.Int(1), r.Int(2)});
          return true;
        });
  }));
  return out;
}

Result<std::vector<CrawlerRegistry::LogEvent>> CrawlerRegistry::LogEvents(std::string_view name) {
  std::vector<LogEvent> out;
  bool any = false;
  RETURN_NOT_OK(store_.Read([&](Session& s) {
    return s.Query(
        "SELECT crawl_id, start_ms, log FROM crawler_crawls WHERE crawler = ? "
        "ORDER BY start_ms, crawl_id",
        {name}, [&](const Row& r) {
          any = true;
          std::string prefix = "[" + std::string(r.Text(0)) + "] ";
          std::string_view log = r.Text(2);
          while (!log.empty()) {
            size_t nl = log.find('\n');
            std::string_view line = log.substr(0, nl);
            std::string level = "INFO : ";
            for (std::string_view tag : {"ERROR: ", "WARN: "}) {
              if (line.substr(0, tag.size()) == tag) {
                level = std::string(tag.substr(0, tag.size() - 2)) + " : ";
                line.remove_prefix(tag.size());
              }
            }
            out.push_back({r.Int(1), prefix + level + std::string(line)});
            if (nl == std::string_view::npos) break;
            log.remove_prefix(nl + 1);
          }
          return true;
        });
  }));
  if (!any) {
    return Status::NotFound("The specified log stream does not exist: crawler " +
                            std::string(name) + " has not crawled");
  }
  return out;
}

Result<catalog::Page> CrawlerRegistry::Metrics(const std::vector<std::string>& names,
                                               const catalog::PageRequest& page) {
  ASSIGN_OR_RETURN(catalog::Page crawlers, List(page));
  catalog::Page out;
  out.next_token = crawlers.next_token;
  RETURN_NOT_OK(store_.Read([&](Session& s) -> Status {
    for (const std::string& item : crawlers.items) {
      json crawler = json::parse(item);
      std::string name = crawler["Name"];
      if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
      std::vector<double> runtimes;
      json last_summary;
      double last_runtime = 0;
      RETURN_NOT_OK(s.Query("SELECT body FROM crawler_crawls WHERE crawler = ? ORDER BY start_ms",
                            {std::string_view(name)}, [&](const Row& r) {
                              json crawl = json::parse(r.Text(0));
                              if (!crawl.contains("EndTime")) return true;
                              last_runtime =
                                  crawl["EndTime"].get<double>() - crawl["StartTime"].get<double>();
                              runtimes.push_back(last_runtime);
                              last_summary = json::parse(crawl.value("Summary", "{}"));
                              return true;
                            }));
      std::sort(runtimes.begin(), runtimes.end());
      double median = runtimes.empty() ? 0 : runtimes[runtimes.size() / 2];
      auto count = [&](const char* kind, const char* op) -> int {
        if (!last_summary.is_object() || !last_summary.contains(kind)) return 0;
        return last_summary[kind][op].value("Count", 0);
      };
      json metrics = {{"CrawlerName", name},
                      {"TimeLeftSeconds", 0.0},
                      {"StillEstimating", crawler["State"] != "READY"},
                      {"LastRuntimeSeconds", last_runtime},
                      {"MedianRuntimeSeconds", median},
                      {"TablesCreated", count("TABLE", "ADD")},
                      {"TablesUpdated", count("TABLE", "UPDATE")},
                      {"TablesDeleted", count("TABLE", "DELETE")}};
      out.items.push_back(Dump(metrics));
    }
    return Status::OK();
  }));
  return out;
}

}  // namespace sluice::crawler
