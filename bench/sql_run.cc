// sql_run: the raw-DuckDB baseline of bench/query_bench.py. Runs the statements of a file (separated
// by lines holding only ";") on an in-memory DuckDB through Sluice's engine wrapper, and prints
// one line per statement "STATEMENT <n> <ms> ms" and finally "PEAK_RSS_MB <m>".
//
// usage: sql_run FILE [--memory-limit 2GB]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/connection.h"
#include "engine/database.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sql_run FILE [--memory-limit SIZE]\n");
    return 2;
  }
  sluice::engine::DatabaseOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--memory-limit") options.memory_limit = argv[i + 1];
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> statements(1);
  std::string line;
  while (std::getline(text, line)) {
    if (line == ";") {
      statements.emplace_back();
    } else {
      statements.back() += line + "\n";
    }
  }
  auto db = sluice::engine::Database::Open("", options);
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  auto conn = (*db)->Connect();
  if (!conn.ok()) return std::fprintf(stderr, "%s\n", conn.status().ToString().c_str()), 1;
  int n = 0;
  for (const std::string& sql : statements) {
    if (sql.find_first_not_of(" \n\t") == std::string::npos) continue;
    auto start = std::chrono::steady_clock::now();
    auto result = (*conn)->Query(sql);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
    if (!result.ok()) {
      std::fprintf(stderr, "statement %d failed: %s\n", n, result.status().ToString().c_str());
      return 1;
    }
    std::printf("STATEMENT %d %.1f ms\n", n++, ms);
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("PEAK_RSS_MB %.0f\n", usage.ru_maxrss / 1024.0);
  return 0;
}
