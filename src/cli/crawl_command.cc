// `sluice crawl URI --database DB`: runs a crawl on a running server through its Glue API and
// prints each table created or changed, with its columns and why (from the crawl's log).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "cli/aws_client.h"
#include "cli/commands.h"
#include "common/ids.h"

namespace sluice::cli {
namespace {

using nlohmann::json;

struct CrawlOptions {
  std::string uri;
  std::string database;
  std::string table_prefix;
  std::string endpoint;
  std::string crawler;  // keep this crawler (created if missing) instead of a throwaway one
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "sluice crawl: %s\n", message.c_str());
  return 1;
}

std::string Columns(const json& columns) {
  std::string out;
  for (const json& c : columns) {
    out += (out.empty() ? "" : ", ") + c.value("Name", "") + " " + c.value("Type", "");
  }
  return out;
}

int RunCrawlCommand(const CrawlOptions& opt) {
  AwsJsonClient glue(opt.endpoint, "AWSGlue", "glue");
  AwsJsonClient logs(opt.endpoint, "Logs_20140328", "logs");
  if (auto db = glue.Call("GetDatabase", {{"Name", opt.database}}); !db.ok()) {
    if (!db.status().IsNotFound()) return Fail(db.status().message());
    auto created = glue.Call("CreateDatabase", {{"DatabaseInput", {{"Name", opt.database}}}});
    if (!created.ok()) return Fail(created.status().message());
    std::printf("created database %s\n", opt.database.c_str());
  }
  bool keep = !opt.crawler.empty();
  std::string name = keep ? opt.crawler : "sluice-cli-" + NewUuid().substr(0, 8);
  json definition = {{"Name", name},
                     {"Role", "sluice-cli"},
                     {"DatabaseName", opt.database},
                     {"Targets", {{"S3Targets", {{{"Path", opt.uri}}}}}}};
  if (!opt.table_prefix.empty()) definition["TablePrefix"] = opt.table_prefix;
  auto created = glue.Call("CreateCrawler", definition);
  if (!created.ok() && !(keep && created.status().message().rfind("AlreadyExists", 0) == 0)) {
    return Fail(created.status().message());
  }
  auto cleanup = [&] {
    if (!keep) IgnoreStatus(glue.Call("DeleteCrawler", {{"Name", name}}).status());
  };
  if (auto started = glue.Call("StartCrawler", {{"Name", name}}); !started.ok()) {
    cleanup();
    return Fail(started.status().message());
  }
  bool tty = isatty(STDOUT_FILENO) != 0;
  auto begin = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  json crawler;
  while (true) {
    auto got = glue.Call("GetCrawler", {{"Name", name}});
    if (!got.ok()) return Fail(got.status().message());
    crawler = (*got)["Crawler"];
    if (crawler.value("State", "") == "READY") break;
    if (tty) std::printf("\rcrawling %s ... %.1f s", opt.uri.c_str(), seconds());
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  json last = crawler.value("LastCrawl", json::object());
  std::printf("%scrawled %s into database %s in %.2f s: %s\n", tty ? "\r" : "", opt.uri.c_str(),
              opt.database.c_str(), seconds(), last.value("Status", "?").c_str());
  // The crawl's log says why each table is what it is.
  std::vector<std::string> lines;
  auto events = logs.Call(
      "GetLogEvents",
      {{"logGroupName", "/aws-glue/crawlers"}, {"logStreamName", name}, {"startFromHead", true}});
  std::string prefix = "[" + last.value("MessagePrefix", "") + "] ";
  if (events.ok()) {
    for (const json& e : (*events)["events"]) {
      std::string m = e.value("message", "");
      if (m.rfind(prefix, 0) == 0) lines.push_back(m.substr(prefix.size()));
    }
  }
  int shown = 0;
  for (const std::string& line : lines) {
    // "INFO : table NAME: created, ..." / "... updated ..."
    size_t at = line.find("table ");
    size_t colon = line.find(": ", at);
    if (at == std::string::npos || colon == std::string::npos) continue;
    std::string table = line.substr(at + 6, colon - at - 6);
    std::string what = line.substr(colon + 2);
    if (what.rfind("created", 0) != 0 && what.rfind("updated", 0) != 0) continue;
    auto t = glue.Call("GetTable", {{"DatabaseName", opt.database}, {"Name", table}});
    if (!t.ok()) continue;
    const json& doc = (*t)["Table"];
    const json& sd = doc.value("StorageDescriptor", json::object());
    std::printf("table %s (%s, %s): %s\n", table.c_str(),
                doc.value("Parameters", json::object()).value("classification", "?").c_str(),
                sd.value("Location", "").c_str(), what.c_str());
    std::printf("  columns: %s\n", Columns(sd.value("Columns", json::array())).c_str());
    if (!doc.value("PartitionKeys", json::array()).empty()) {
      std::printf("  partition keys: %s\n", Columns(doc["PartitionKeys"]).c_str());
    }
    for (const std::string& why : lines) {
      if (why.find("table " + table + " ") != std::string::npos ||
          why.find("table " + table + ":") != std::string::npos) {
        if (why.find(": created") != std::string::npos ||
            why.find(": updated") != std::string::npos)
          continue;
        std::printf("  why: %s\n", why.substr(why.find("table ")).c_str());
      }
    }
    ++shown;
  }
  if (shown == 0) std::printf("no table created or changed\n");
  if (last.value("Status", "") != "SUCCEEDED") {
    std::string error = last.value("ErrorMessage", "");
    cleanup();
    return Fail("the crawl " + last.value("Status", "did not succeed") +
                (error.empty() ? "" : ": " + error));
  }
  cleanup();
  return 0;
}

}  // namespace

std::function<int()> AddCrawlCommand(CLI::App& app) {
  auto opt = std::make_shared<CrawlOptions>();
  CLI::App* cmd = app.add_subcommand(
      "crawl",
      "Crawl s3:// or file:// data into catalog tables on a running server, and explain "
      "each table");
  cmd->add_option("uri", opt->uri, "What to crawl: s3://bucket/prefix/ or file:///abs/path/")
      ->required();
  cmd->add_option("--database", opt->database, "Database of the tables (created if missing)")
      ->required();
  cmd->add_option("--table-prefix", opt->table_prefix, "Prefix of the table names");
  cmd->add_option("--crawler", opt->crawler,
                  "Use (or create) this named crawler and keep it, so later crawls read only new "
                  "files; default: a throwaway crawler");
  opt->endpoint =
      std::getenv("SLUICE_ENDPOINT") ? std::getenv("SLUICE_ENDPOINT") : "http://127.0.0.1:8080";
  cmd->add_option("--endpoint", opt->endpoint,
                  "The server (default $SLUICE_ENDPOINT or "
                  "http://127.0.0.1:8080)");
  return [opt] { return RunCrawlCommand(*opt); };
}

}  // namespace sluice::cli
