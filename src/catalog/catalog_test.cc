#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <set>

#include "catalog/catalog_internal.h"

namespace sluice::catalog {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = metastore::OpenSqliteMetastore({});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    catalog_ = std::make_unique<Catalog>(*store_, CatalogOptions{});
    ASSERT_TRUE(catalog_->CreateDatabase({{"Name", "Raw"}}).ok());
  }

  void MakeTable(const json& keys) {
    ASSERT_TRUE(
        catalog_->CreateTable("raw", {{"Name", "Events"}, {"PartitionKeys", keys}}, json::array())
            .ok());
  }

  std::vector<std::string> AllPartitionValues(PartitionQuery q) {
    std::vector<std::string> out;
    std::set<std::string> tokens;
    while (true) {
      auto page = catalog_->GetPartitions("raw", "events", q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (const auto& item : page->items) out.push_back(json::parse(item)["Values"].dump());
      if (!page->next_token) return out;
      EXPECT_TRUE(tokens.insert(*page->next_token).second) << "token repeated";
      q.page.next_token = page->next_token;
    }
  }

  std::unique_ptr<metastore::Metastore> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST(PageTokenTest, RoundTripsAndRejectsForeignOrGarbledTokens) {
  std::string token = MakeToken("tables", "sales");
  auto cursor = ReadToken("tables", token);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(*cursor, "sales");
  EXPECT_EQ(ReadToken("databases", token).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadToken("tables", "%%%").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(ReadToken("tables", "bm90IGpzb24").status().code(), StatusCode::kInvalidInput);
}

TEST_F(CatalogTest, NamesAreLowercasedAndValidated) {
  auto db = catalog_->GetDatabase("RAW");
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(json::parse(*db)["Name"], "raw");
  EXPECT_EQ(catalog_->CreateDatabase({{"Name", "a/b"}}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(catalog_->CreateDatabase({{"Name", "x'; DROP TABLE t;--"}}).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(catalog_->CreateDatabase({{"Name", "raw"}}).code(), StatusCode::kAlreadyExists);
}

TEST_F(CatalogTest, DatabasePaginationVisitsEachOnce) {
  for (int i = 0; i < 25; ++i)
    ASSERT_TRUE(catalog_->CreateDatabase({{"Name", "db" + std::to_string(i)}}).ok());
  PageRequest req;
  req.max_results = 7;
  std::set<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = catalog_->GetDatabases(req);
    ASSERT_TRUE(page.ok());
    ++pages;
    for (const auto& item : page->items) EXPECT_TRUE(seen.insert(json::parse(item)["Name"]).second);
    if (!page->next_token) break;
    req.next_token = page->next_token;
  }
  EXPECT_EQ(seen.size(), 26u);
  EXPECT_EQ(pages, 4);
}

TEST_F(CatalogTest, UpdateTableVersionsAndOptimisticConcurrency) {
  MakeTable(json::array());
  ASSERT_TRUE(
      catalog_->UpdateTable("raw", {{"Name", "events"}, {"Description", "v2"}}, false, "1").ok());
  Status stale = catalog_->UpdateTable("raw", {{"Name", "events"}}, false, "1");
  EXPECT_EQ(stale.code(), StatusCode::kConcurrentModification);
  ASSERT_TRUE(
      catalog_->UpdateTable("raw", {{"Name", "events"}, {"Description", "v3"}}, true, std::nullopt)
          .ok());
  auto versions = catalog_->GetTableVersions("raw", "events", {});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->items.size(), 2u);  // v2 was replaced by v3 (SkipArchive)
  EXPECT_EQ(json::parse(versions->items[0])["VersionId"], "3");
  EXPECT_EQ(json::parse(versions->items[1])["VersionId"], "1");
  EXPECT_EQ(catalog_->DeleteTableVersion("raw", "events", "3").code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(catalog_->DeleteTableVersion("raw", "events", "1").ok());
  EXPECT_TRUE(catalog_->DeleteTableVersion("raw", "events", "1").IsNotFound());
}

TEST_F(CatalogTest, PartitionPagesResumeUnderFilterSegmentAndIndex) {
  MakeTable(
      json::array({{{"Name", "year"}, {"Type", "int"}}, {{"Name", "region"}, {"Type", "string"}}}));
  json batch = json::array();
  for (int y = 1995; y < 2025; ++y) {
    for (const char* r : {"eu", "us", "ap"}) batch.push_back({{"Values", {std::to_string(y), r}}});
    if (batch.size() >= 90) {
      ASSERT_TRUE(catalog_->BatchCreatePartition("raw", "events", batch)->empty());
      batch = json::array();
    }
  }
  ASSERT_TRUE(catalog_->BatchCreatePartition("raw", "events", batch)->empty());

  PartitionQuery q;
  q.page.max_results = 4;
  q.expression = "year >= 2000 AND year < 2010";  // int comparison, not string
  EXPECT_EQ(AllPartitionValues(q).size(), 30u);

  q.expression = "";
  std::set<std::string> union_of_segments;
  size_t total = 0;
  for (int seg = 0; seg < 3; ++seg) {
    q.segment_number = seg;
    q.total_segments = 3;
    auto part = AllPartitionValues(q);
    total += part.size();
    union_of_segments.insert(part.begin(), part.end());
  }
  EXPECT_EQ(total, 90u);
  EXPECT_EQ(union_of_segments.size(), 90u);

  ASSERT_TRUE(catalog_
                  ->CreatePartitionIndex("raw", "events",
                                         {{"IndexName", "by_region"}, {"Keys", {"region"}}})
                  .ok());
  PartitionQuery by_region;
  by_region.page.max_results = 7;
  by_region.expression = "region = 'us'";
  auto us = AllPartitionValues(by_region);
  EXPECT_EQ(us.size(), 30u);
  EXPECT_EQ(std::set<std::string>(us.begin(), us.end()).size(), 30u);
}

TEST_F(CatalogTest, FiltersAreAnsweredByIndexRangesNotFullScans) {
  MakeTable(json::array({{{"Name", "year"}, {"Type", "string"}},
                         {{"Name", "month"}, {"Type", "string"}},
                         {{"Name", "day"}, {"Type", "string"}},
                         {{"Name", "station"}, {"Type", "string"}}}));
  json batch = json::array();
  int total = 0;
  for (int y = 2020; y < 2024; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 28; ++d) {
        for (const char* st : {"a", "b", "c"}) {
          char mm[3], dd[3];
          std::snprintf(mm, sizeof mm, "%02d", m);
          std::snprintf(dd, sizeof dd, "%02d", d);
          batch.push_back({{"Values", {std::to_string(y), mm, dd, st}}});
          ++total;
          if (batch.size() == 100) {
            ASSERT_TRUE(catalog_->BatchCreatePartition("raw", "events", batch)->empty());
            batch = json::array();
          }
        }
      }
    }
  }
  ASSERT_TRUE(catalog_->BatchCreatePartition("raw", "events", batch)->empty());
  ASSERT_EQ(total, 4032);

  PartitionQuery month;
  month.expression = "year = '2022' AND month = '08'";
  auto page = catalog_->GetPartitions("raw", "events", month);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 84u);
  EXPECT_EQ(page->rows_examined, 84u);  // exactly the month's rows, not 4032

  PartitionQuery point;
  point.expression = "year = '2022' AND month = '08' AND day = '15' AND station = 'b'";
  page = catalog_->GetPartitions("raw", "events", point);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->rows_examined, 1u);

  // A filter on a non-leading key scans the table until a partition index covers it.
  PartitionQuery by_station;
  by_station.expression = "station = 'c'";
  page = catalog_->GetPartitions("raw", "events", by_station);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 100u);   // first page
  EXPECT_GE(page->rows_examined, 300u);  // every third row matches
  ASSERT_TRUE(
      catalog_->CreatePartitionIndex("raw", "events", {{"IndexName", "st"}, {"Keys", {"station"}}})
          .ok());
  page = catalog_->GetPartitions("raw", "events", by_station);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 100u);
  EXPECT_EQ(page->rows_examined, 101u);  // the page plus the one that proves there is more
}

TEST_F(CatalogTest, DeleteDatabaseCascades) {
  MakeTable(json::array({{{"Name", "dt"}, {"Type", "date"}}}));
  ASSERT_TRUE(catalog_->CreatePartition("raw", "events", {{"Values", {"2025-01-01"}}}).ok());
  ASSERT_TRUE(catalog_->DeleteDatabase("raw").ok());
  int rows = -1;
  ASSERT_TRUE(store_
                  ->Read([&](metastore::Session& s) {
                    return s.Query(
                        "SELECT (SELECT COUNT(*) FROM catalog_tables) + (SELECT COUNT(*) FROM "
                        "catalog_partitions)"
                        " + (SELECT COUNT(*) FROM catalog_table_versions)",
                        {}, [&](const metastore::Row& r) {
                          rows = static_cast<int>(r.Int(0));
                          return false;
                        });
                  })
                  .ok());
  EXPECT_EQ(rows, 0);
}

}  // namespace
}  // namespace sluice::catalog
