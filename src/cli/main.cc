// The `sluice` command.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "crawler/crawl_worker.h"
#include "engine/duckdb_engine.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "0.1.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "Sluice: a self-hosted data lake ingestion and ETL platform that speaks the AWS Glue API.\n"
      "Point the AWS CLI or boto3 at `sluice serve` with --endpoint-url.",
      "sluice"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  CLI::App* version = app.add_subcommand("version", "Print the Sluice and DuckDB versions");
  version->callback([] {
    std::printf("sluice %s (DuckDB %s)\n", SLUICE_VERSION,
                sluice::engine::Database::LibraryVersion().c_str());
  });
  auto serve = sluice::cli::AddServeCommand(app);
  auto crawl = sluice::cli::AddCrawlCommand(app);
  auto query = sluice::cli::AddQueryCommand(app);
  // Internal: the server runs each crawl in a `sluice crawl-worker` child (hidden from --help).
  CLI::App* worker = app.add_subcommand("crawl-worker", "")->group("");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.got_subcommand("serve")) return serve();
  if (app.got_subcommand("crawl")) return crawl();
  if (app.got_subcommand("query")) return query();
  if (app.got_subcommand(worker)) return sluice::crawler::CrawlWorkerMain(0, 1);
  return 0;
}
