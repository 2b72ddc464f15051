// GetPartitions on a table with 100,000 partitions (keys year/month/day/station), measured in
// the catalog (the server time of the API call, without HTTP):
//   - a one-month filter (~400 partitions), answered by an index range scan;
//   - a point lookup through an expression pinning every key;
//   - a filter on a non-leading key, with and without a partition index on it.
// Baseline, in the same process: what a server without indexes does — read every partition
// and test the expression on each (the same evaluator, over the whole table).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/partition_expr.h"
#include "common/ids.h"

using namespace sluice;
using nlohmann::json;

namespace {

struct Timing {
  double median_ms, p99_ms;
  size_t rows;
};

Timing Measure(int iterations, const std::function<size_t()>& fn) {
  std::vector<double> ms;
  size_t rows = 0;
  for (int i = 0; i < iterations; ++i) {
    auto start = std::chrono::steady_clock::now();
    rows = fn();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], rows};
}

size_t CountAll(catalog::Catalog& cat, const std::string& expr) {
  catalog::PartitionQuery q;
  q.expression = expr;
  q.page.max_results = 1000;
  size_t n = 0;
  while (true) {
    auto page = cat.GetPartitions("bench", "readings", q);
    if (!page.ok()) {
      std::fprintf(stderr, "GetPartitions failed: %s\n", page.status().ToString().c_str());
      std::exit(1);
    }
    n += page->items.size();
    if (!page->next_token) return n;
    q.page.next_token = page->next_token;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int partitions = argc > 1 ? std::atoi(argv[1]) : 100000;
  auto dir = std::filesystem::temp_directory_path() / ("sluice-bench-" + NewUuid());
  std::filesystem::create_directories(dir);
  auto store = metastore::OpenSqliteMetastore({.path = (dir / "metastore.db").string()});
  if (!store.ok()) return 1;
  catalog::Catalog cat(**store, {});
  IgnoreStatus(cat.CreateDatabase({{"Name", "bench"}}));
  json keys = json::array();
  for (const char* k : {"year", "month", "day", "station"})
    keys.push_back({{"Name", k}, {"Type", "string"}});
  json table = {{"Name", "readings"},
                {"PartitionKeys", keys},
                {"StorageDescriptor",
                 {{"Columns", json::array({{{"Name", "temperature"}, {"Type", "double"}}})},
                  {"Location", "s3://lake/readings/"}}}};
  Status st = cat.CreateTable("bench", table, json::array());
  if (!st.ok()) return 1;

  // 13 stations per day: 100,000 partitions span ~21 years; a month is ~400 partitions.
  const int kStations = 13;
  auto load_start = std::chrono::steady_clock::now();
  json batch = json::array();
  int made = 0;
  for (int day_index = 0; made < partitions; ++day_index) {
    int year = 2005 + day_index / 372, month = (day_index / 31) % 12 + 1, day = day_index % 31 + 1;
    for (int s = 0; s < kStations && made < partitions; ++s, ++made) {
      char y[8], m[4], d[4], sn[16];
      std::snprintf(y, sizeof y, "%d", year);
      std::snprintf(m, sizeof m, "%02d", month);
      std::snprintf(d, sizeof d, "%02d", day);
      std::snprintf(sn, sizeof sn, "st%03d", s);
      batch.push_back({{"Values", {y, m, d, sn}},
                       {"StorageDescriptor",
                        {{"Location", std::string("s3://lake/readings/") + y + "/" + m + "/" + d +
                                          "/" + sn + "/"}}}});
      if (batch.size() == 100) {
        if (!cat.BatchCreatePartition("bench", "readings", batch).ok()) return 1;
        batch = json::array();
      }
    }
  }
  if (!batch.empty() && !cat.BatchCreatePartition("bench", "readings", batch).ok()) return 1;
  double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  std::printf("loaded %d partitions in %.1f s (%.0f partitions/s through BatchCreatePartition)\n",
              partitions, load_s, partitions / load_s);

  const std::string month = "year = '2015' AND month = '08'";
  const std::string point = "year = '2015' AND month = '08' AND day = '15' AND station = 'st007'";
  const std::string by_station = "station = 'st007' AND year = '2015'";

  Timing month_t = Measure(50, [&] { return CountAll(cat, month); });
  Timing point_t = Measure(200, [&] { return CountAll(cat, point); });
  Timing station_noindex = Measure(5, [&] { return CountAll(cat, by_station); });
  // Baseline: every partition read and tested (what an index-less catalog does).
  Timing scan_t = Measure(5, [&] { return CountAll(cat, ""); });

  if (!cat.CreatePartitionIndex("bench", "readings",
                                {{"IndexName", "by_station"}, {"Keys", {"station", "year"}}})
           .ok())
    return 1;
  Timing station_index = Measure(50, [&] { return CountAll(cat, by_station); });

  std::printf("%-44s %9s %9s %7s %10s\n", "GetPartitions (server time, catalog only)", "median ms",
              "p99 ms", "rows", "vs scan");
  auto row = [&](const char* name, const Timing& t) {
    std::printf("%-44s %9.3f %9.3f %7zu %9.0fx\n", name, t.median_ms, t.p99_ms, t.rows,
                scan_t.median_ms / t.median_ms);
  };
  row("one month (year, month = ...)", month_t);
  row("point lookup (all four keys)", point_t);
  row("station + year, no partition index", station_noindex);
  row("station + year, partition index", station_index);
  row("baseline: read all partitions", scan_t);
  std::filesystem::remove_all(dir);
  return 0;
}
