// RunCrawl end to end over an in-memory store and metastore: files in, catalog tables out.
#include "crawler/crawl.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/ids.h"
#include "crawler/classifier_registry.h"
#include "crawler/crawl_watches.h"
#include "storage/bucket_store.h"
#include "storage/local_store.h"
#include "storage/memory_store.h"
#include "storage/object_events.h"

namespace sluice::crawler {
namespace {

using nlohmann::json;

std::string Gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class CrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    meta_ = std::move(*metastore::OpenSqliteMetastore({}));
    catalog_ = std::make_unique<catalog::Catalog>(*meta_, catalog::CatalogOptions{});
    ASSERT_TRUE(catalog_->CreateDatabase({{"Name", "lake"}}).ok());
    ASSERT_TRUE(store_.CreateContainer("bucket").ok());
    router_ = std::make_unique<storage::StorageRouter>(&store_, nullptr);
  }

  void Put(const std::string& key, const std::string& bytes) {
    auto w = store_.Create("bucket", key, {});
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append(bytes).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }

  CrawlOutcome Crawl(const std::string& path, json extra = json::object()) {
    json crawler = {{"Name", "c"},
                    {"DatabaseName", "lake"},
                    {"Targets", {{"S3Targets", {{{"Path", path}}}}}},
                    {"SchemaChangePolicy",
                     {{"UpdateBehavior", "UPDATE_IN_DATABASE"}, {"DeleteBehavior", "LOG"}}}};
    crawler.update(extra);
    std::atomic<bool> stop{false};
    CrawlEnvironment env{.storage = router_.get(), .catalog = catalog_.get(), .state = meta_.get()};
    CrawlOutcome outcome = RunCrawl(crawler, NewUuid(), env, stop);
    if (outcome.state != "COMPLETED") ADD_FAILURE() << outcome.error_message << "\n" << outcome.log;
    return outcome;
  }

  json Table(const std::string& name) {
    auto t = catalog_->GetTable("lake", name);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? json::parse(*t) : json();
  }

  static std::vector<std::string> Columns(const json& table) {
    std::vector<std::string> out;
    for (const auto& c : table["StorageDescriptor"]["Columns"]) {
      out.push_back(c["Name"].get<std::string>() + ":" + c["Type"].get<std::string>());
    }
    return out;
  }

  std::unique_ptr<metastore::Metastore> meta_;
  std::unique_ptr<catalog::Catalog> catalog_;
  storage::MemoryObjectStore store_;
  std::unique_ptr<storage::StorageRouter> router_;
};

TEST_F(CrawlTest, ParquetSchemaComesFromTheFooter) {
  auto db = engine::Database::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  auto dir = std::filesystem::temp_directory_path() / ("sluice-crawl-" + NewUuid());
  std::filesystem::create_directories(dir);
  std::string file = (dir / "p.parquet").string();
  ASSERT_TRUE((*conn)
                  ->Query("COPY (SELECT i AS id, 'n' || i AS name FROM range(300) t(i)) TO '" +
                          file + "' (FORMAT PARQUET)")
                  .ok());
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Put("silver/sales/dt=2024-01-01/part-0.parquet", bytes.str());
  Put("silver/sales/dt=2024-01-02/part-0.parquet", bytes.str());
  Put("silver/sales/dt=2024-01-02/_SUCCESS", "");
  std::filesystem::remove_all(dir);

  CrawlOutcome outcome = Crawl("s3://bucket/silver/sales/");
  EXPECT_EQ(outcome.tables_created, 1);
  EXPECT_EQ(outcome.partitions_created, 2);
  json t = Table("sales");
  EXPECT_EQ(Columns(t), (std::vector<std::string>{"id:bigint", "name:string"}));
  EXPECT_EQ(t["Parameters"]["classification"], "parquet");
  EXPECT_EQ(t["Parameters"]["compressionType"], "none");
  EXPECT_EQ(t["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  EXPECT_EQ(t["PartitionKeys"][0]["Name"], "dt");
}

TEST_F(CrawlTest, GzipJsonAndRecrawlIsIdempotent) {
  Put("raw/clicks/a.json.gz",
      Gzip("{\"id\": 1, \"page\": \"/\"}\n{\"id\": 2, \"page\": \"/x\"}\n"));
  CrawlOutcome first = Crawl("s3://bucket/raw/clicks/");
  EXPECT_EQ(first.tables_created, 1);
  json t = Table("clicks");
  EXPECT_EQ(t["Parameters"]["compressionType"], "gzip");
  EXPECT_EQ(t["StorageDescriptor"]["Compressed"], true);
  EXPECT_EQ(Columns(t), (std::vector<std::string>{"id:bigint", "page:string"}));

  CrawlOutcome second = Crawl("s3://bucket/raw/clicks/");
  EXPECT_EQ(second.tables_created, 0);
  EXPECT_EQ(second.tables_updated, 0);  // only CRAWL_RUN_ID changed: not a new version
  EXPECT_EQ(Table("clicks")["VersionId"], "1");
}

TEST_F(CrawlTest, SchemaDriftAcrossPartitionsIsWidenedIntoTheTable) {
  Put("raw/m/day=1/a.json", "{\"v\": 1, \"k\": \"a\"}\n{\"v\": 2, \"k\": \"b\"}\n");
  Put("raw/m/day=2/a.json",
      "{\"v\": 1.5, \"k\": \"a\", \"extra\": true}\n{\"v\": 2, \"k\": \"c\"}\n");
  Crawl("s3://bucket/raw/m/");
  json t = Table("m");
  EXPECT_EQ(Columns(t), (std::vector<std::string>{"v:double", "k:string", "extra:boolean"}));
  auto parts = catalog_->GetPartitions("lake", "m", catalog::PartitionQuery{});
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->items.size(), 2u);
  for (const auto& p : parts->items) {  // partitions inherit the table schema: no drift
    EXPECT_EQ(Columns(json::parse(p)), Columns(t));
  }
}

TEST_F(CrawlTest, MissingDatabaseFailsWithAClearMessage) {
  Put("raw/x/a.json", "{\"a\": 1}\n");
  json crawler = {{"Name", "c"},
                  {"DatabaseName", "nope"},
                  {"Targets", {{"S3Targets", {{{"Path", "s3://bucket/raw/x/"}}}}}},
                  {"SchemaChangePolicy", json::object()}};
  std::atomic<bool> stop{false};
  CrawlOutcome outcome = RunCrawl(crawler, "id", {router_.get(), catalog_.get()}, stop);
  EXPECT_EQ(outcome.state, "FAILED");
  EXPECT_NE(outcome.error_message.find("Database nope not found"), std::string::npos);
}

TEST_F(CrawlTest, StopBeforeWritingWritesNothing) {
  Put("raw/x/a.json", "{\"a\": 1}\n");
  json crawler = {{"Name", "c"},
                  {"DatabaseName", "lake"},
                  {"Targets", {{"S3Targets", {{{"Path", "s3://bucket/raw/x/"}}}}}},
                  {"SchemaChangePolicy", json::object()}};
  std::atomic<bool> stop{true};
  CrawlOutcome outcome = RunCrawl(crawler, "id", {router_.get(), catalog_.get()}, stop);
  EXPECT_EQ(outcome.state, "STOPPED");
  EXPECT_FALSE(catalog_->GetTable("lake", "x").ok());
}

TEST_F(CrawlTest, RecrawlReadsOnlyNewFilesAndNewFoldersOnlySkipsKnownFolders) {
  Put("raw/w/day=1/a.csv", "id,v\n1,2\n3,4\n");
  Put("raw/w/day=2/a.csv", "id,v\n1,2\n3,4\n");
  CrawlOutcome first = Crawl("s3://bucket/raw/w/");
  EXPECT_NE(first.log.find("2 file(s) read, 0 unchanged"), std::string::npos) << first.log;

  Put("raw/w/day=3/a.csv", "id,v\n1,2\n3,4\n");
  CrawlOutcome second = Crawl("s3://bucket/raw/w/");
  EXPECT_NE(second.log.find("1 file(s) read, 2 unchanged"), std::string::npos) << second.log;
  EXPECT_EQ(second.partitions_created, 1);

  json policy = {{"RecrawlPolicy", {{"RecrawlBehavior", "CRAWL_NEW_FOLDERS_ONLY"}}},
                 {"SchemaChangePolicy", {{"UpdateBehavior", "LOG"}, {"DeleteBehavior", "LOG"}}}};
  Put("raw/w/day=1/b.csv", "id,v,extra\n1,2,x\n3,4,y\n");  // new file in a known folder
  Put("raw/w/day=4/a.csv", "id,v\n1,2\n3,4\n");
  CrawlOutcome third = Crawl("s3://bucket/raw/w/", policy);
  EXPECT_NE(third.log.find("1 file(s) read, 3 unchanged"), std::string::npos) << third.log;
  EXPECT_NE(third.log.find("1 new file(s) in known folders ignored"), std::string::npos);
  EXPECT_EQ(third.partitions_created, 1);
  EXPECT_EQ(Columns(Table("w")), (std::vector<std::string>{"id:bigint", "v:bigint"}));
}

TEST_F(CrawlTest, LogsXmlAndCustomClassifiers) {
  std::string apache;
  for (int i = 0; i < 20; ++i) {
    apache += "127.0.0.1 - frank [10/Oct/2024:13:55:36 -0700] \"GET /a" + std::to_string(i) +
              ".gif HTTP/1.0\" 200 2326 \"http://example.com/\" \"Mozilla/5.0\"\n";
  }
  Put("logs/web/access.log", apache);
  Put("xml/books/b.xml",
      "<catalog><book id=\"1\"><title>A</title><price>9.5</price></book>"
      "<book id=\"2\"><title>B</title><price>12</price></book></catalog>");
  Put("custom/readings/r.txt", "a;1;2.5\nb;2;3.5\nc;3;4.5\n");

  Crawl("s3://bucket/logs/web/");
  json web = Table("web");
  EXPECT_EQ(web["Parameters"]["classification"], "combined_apache");
  EXPECT_EQ(web["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
            "com.amazonaws.glue.serde.GrokSerDe");
  EXPECT_GE(web["StorageDescriptor"]["Columns"].size(), 9u);

  Crawl("s3://bucket/xml/books/");
  json books = Table("books");
  EXPECT_EQ(books["Parameters"]["classification"], "xml");
  EXPECT_EQ(books["Parameters"]["rowTag"], "book");
  EXPECT_EQ(Columns(books),
            (std::vector<std::string>{"_id:bigint", "title:string", "price:double"}));

  ClassifierRegistry classifiers(*meta_);
  ASSERT_TRUE(classifiers
                  .Create({{"CsvClassifier",
                            {{"Name", "semi"},
                             {"Delimiter", ";"},
                             {"ContainsHeader", "ABSENT"},
                             {"Header", {"station", "n", "value"}}}}})
                  .ok());
  ASSERT_TRUE(classifiers
                  .Create({{"CsvClassifier",
                            {{"Name", "semi-typed"},
                             {"Delimiter", ";"},
                             {"ContainsHeader", "ABSENT"},
                             {"CustomDatatypeConfigured", true},
                             {"CustomDatatypes", {"STRING", "DOUBLE"}}}}})
                  .ok());
  Put("custom/typed/r.txt", "a;1;2.5\nb;2;3.5\nc;3;4.5\n");
  Crawl("s3://bucket/custom/typed/", {{"Classifiers", {"semi-typed"}}});
  EXPECT_EQ(Columns(Table("typed")),  // LONG is not allowed: col1 is a string
            (std::vector<std::string>{"col0:string", "col1:string", "col2:double"}));
  Crawl("s3://bucket/custom/readings/", {{"Classifiers", {"semi"}}});
  json readings = Table("readings");
  EXPECT_EQ(Columns(readings),
            (std::vector<std::string>{"station:string", "n:bigint", "value:double"}));
  EXPECT_EQ(readings["StorageDescriptor"]["SerdeInfo"]["Parameters"]["field.delim"], ";");
}

// CRAWL_EVENT_MODE over the built-in store, whose writes are object-created events.
TEST(CrawlEventModeTest, OnlyFoldersNamedByEventsAreListedAgain) {
  auto meta = std::move(*metastore::OpenSqliteMetastore({}));
  catalog::Catalog catalog(*meta, {});
  ASSERT_TRUE(catalog.CreateDatabase({{"Name", "lake"}}).ok());
  auto dir = std::filesystem::temp_directory_path() / ("sluice-events-" + NewUuid());
  auto buckets = storage::BucketStore::Open(dir.string(), *meta);
  ASSERT_TRUE(buckets.ok());
  ASSERT_TRUE((*buckets)->CreateBucket("lake-bucket", "us-east-1").ok());
  auto put = [&](const std::string& key) {
    auto w = (*buckets)->Create("lake-bucket", key, {});
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("{\"id\": 1, \"v\": 2.5}\n{\"id\": 2, \"v\": 3.5}\n").ok());
    ASSERT_TRUE((*w)->Commit().ok());
  };
  put("raw/clicks/day=1/a.json");
  put("raw/clicks/day=2/a.json");
  put("other/ignored.json");
  storage::StorageRouter router(buckets->get(), nullptr);
  json crawler = {{"Name", "events"},
                  {"DatabaseName", "lake"},
                  {"Targets", {{"S3Targets", {{{"Path", "s3://lake-bucket/raw/clicks/"}}}}}},
                  {"RecrawlPolicy", {{"RecrawlBehavior", "CRAWL_EVENT_MODE"}}},
                  {"SchemaChangePolicy", json::object()}};
  CrawlEnvironment env{.storage = &router, .catalog = &catalog, .state = meta.get()};
  std::atomic<bool> stop{false};
  CrawlOutcome first = RunCrawl(crawler, "1", env, stop);
  ASSERT_EQ(first.state, "COMPLETED") << first.log;
  EXPECT_NE(first.log.find("the first crawl lists everything"), std::string::npos);
  EXPECT_EQ(first.partitions_created, 2);

  put("raw/clicks/day=3/a.json");
  CrawlOutcome second = RunCrawl(crawler, "2", env, stop);
  ASSERT_EQ(second.state, "COMPLETED") << second.log;
  EXPECT_NE(second.log.find("1 object-created event(s) since the last crawl; 1 folder(s) listed"),
            std::string::npos)
      << second.log;
  EXPECT_NE(second.log.find("1 file(s) read, 2 unchanged"), std::string::npos) << second.log;
  EXPECT_EQ(second.partitions_created, 1);

  CrawlOutcome third = RunCrawl(crawler, "3", env, stop);
  ASSERT_EQ(third.state, "COMPLETED") << third.log;
  EXPECT_NE(third.log.find("0 object-created event(s) since the last crawl; 0 folder(s)"),
            std::string::npos)
      << third.log;
  EXPECT_EQ(third.partitions_created, 0);
  std::filesystem::remove_all(dir);
}

// CRAWL_EVENT_MODE over a watched file:// folder; a restarted watch means a full listing.
TEST(CrawlEventModeTest, WatchedFileFolderAndRestartedWatch) {
  auto meta = std::move(*metastore::OpenSqliteMetastore({}));
  catalog::Catalog catalog(*meta, {});
  ASSERT_TRUE(catalog.CreateDatabase({{"Name", "lake"}}).ok());
  auto dir = std::filesystem::temp_directory_path() / ("sluice-watch-crawl-" + NewUuid());
  auto write = [&](const std::string& relative) {
    std::filesystem::create_directories((dir / relative).parent_path());
    std::ofstream(dir / relative) << "{\"id\": 1}\n{\"id\": 2}\n";
  };
  write("day=1/a.json");
  storage::LocalFileStore files("/");
  storage::StorageRouter router(nullptr, &files);
  json crawler = {{"Name", "drops"},
                  {"DatabaseName", "lake"},
                  {"Targets", {{"S3Targets", {{{"Path", "file://" + dir.string() + "/"}}}}}},
                  {"RecrawlPolicy", {{"RecrawlBehavior", "CRAWL_EVENT_MODE"}}},
                  {"SchemaChangePolicy", json::object()}};
  auto watches = std::make_unique<CrawlWatches>(*meta);
  watches->Update(crawler);
  ASSERT_EQ(watches->watched(), 1u);
  CrawlEnvironment env{.storage = &router, .catalog = &catalog, .state = meta.get()};
  std::atomic<bool> stop{false};
  CrawlOutcome first = RunCrawl(crawler, "1", env, stop);
  ASSERT_EQ(first.state, "COMPLETED") << first.log;
  EXPECT_EQ(first.partitions_created, 1);

  write("day=2/a.json");
  for (int i = 0; i < 200; ++i) {  // the watcher records the new file on its own thread
    auto events = storage::ReadObjectEvents(*meta, 0, 100);
    if (events.ok() && events->size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CrawlOutcome second = RunCrawl(crawler, "2", env, stop);
  ASSERT_EQ(second.state, "COMPLETED") << second.log;
  // A file that appears with its new folder may be recorded twice (the folder's scan and the
  // file's close): one folder either way.
  EXPECT_NE(second.log.find("since the last crawl; 1 folder(s) listed again"), std::string::npos)
      << second.log;
  EXPECT_EQ(second.partitions_created, 1);

  watches = std::make_unique<CrawlWatches>(*meta);  // as after a server restart
  watches->Update(crawler);
  CrawlOutcome third = RunCrawl(crawler, "3", env, stop);
  ASSERT_EQ(third.state, "COMPLETED") << third.log;
  EXPECT_NE(third.log.find("its folder watch restarted since the last crawl"), std::string::npos)
      << third.log;
  watches.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice::crawler
