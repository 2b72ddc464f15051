#include "query/named_queries.h"

#include <gtest/gtest.h>

#include <set>

#include "query/workgroups.h"

namespace sluice::query {
namespace {

class NamedQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = metastore::OpenSqliteMetastore({});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    workgroups_ = std::make_unique<WorkGroups>(*store_);
    named_ = std::make_unique<NamedQueries>(*store_);
  }

  static json Query(const std::string& name, const std::string& workgroup = "") {
    json q = {{"Name", name}, {"Database", "sales"}, {"QueryString", "SELECT * FROM t"}};
    if (!workgroup.empty()) q["WorkGroup"] = workgroup;
    return q;
  }

  std::vector<std::string> AllIds(const std::string& workgroup, int max_results) {
    std::vector<std::string> ids;
    catalog::PageRequest page{.max_results = max_results, .next_token = std::nullopt};
    for (int i = 0; i < 100; ++i) {
      auto listed = named_->List(workgroup, page);
      EXPECT_TRUE(listed.ok()) << listed.status().ToString();
      if (!listed.ok()) break;
      for (const auto& item : listed->items) ids.push_back(json::parse(item).get<std::string>());
      if (!listed->next_token) break;
      page.next_token = listed->next_token;
    }
    return ids;
  }

  std::unique_ptr<metastore::Metastore> store_;
  std::unique_ptr<WorkGroups> workgroups_;
  std::unique_ptr<NamedQueries> named_;
};

TEST_F(NamedQueriesTest, CreateGetDelete) {
  json input = Query("daily");
  input["Description"] = "Daily sales";
  auto id = named_->Create(input);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->size(), 36u);  // a UUID
  auto doc = named_->Get(*id);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["Name"], "daily");
  EXPECT_EQ((*doc)["Description"], "Daily sales");
  EXPECT_EQ((*doc)["Database"], "sales");
  EXPECT_EQ((*doc)["QueryString"], "SELECT * FROM t");
  EXPECT_EQ((*doc)["WorkGroup"], "primary");
  EXPECT_EQ((*doc)["NamedQueryId"], *id);
  ASSERT_TRUE(named_->Delete(*id).ok());
  EXPECT_EQ(named_->Get(*id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(named_->Delete(*id).code(), StatusCode::kNotFound);
}

TEST_F(NamedQueriesTest, WorkGroupMustExist) {
  auto id = named_->Create(Query("q", "missing"));
  EXPECT_EQ(id.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(id.status().message(), "WorkGroup missing is not found");
  EXPECT_EQ(named_->List("missing", {}).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(workgroups_->Create({{"Name", "team"}}).ok());
  EXPECT_TRUE(named_->Create(Query("q", "team")).ok());
}

TEST_F(NamedQueriesTest, ClientRequestTokenMakesCreateIdempotent) {
  std::string token(40, 'a');
  json input = Query("q");
  input["ClientRequestToken"] = token;
  auto first = named_->Create(input);
  auto second = named_->Create(input);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(AllIds("primary", 50).size(), 1u);
  input["QueryString"] = "SELECT 2";
  EXPECT_EQ(named_->Create(input).status().code(), StatusCode::kInvalidInput);
  input.erase("ClientRequestToken");
  auto other = named_->Create(input);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *first);
}

TEST_F(NamedQueriesTest, ListPagesPerWorkGroupInCreationOrder) {
  ASSERT_TRUE(workgroups_->Create({{"Name", "team"}}).ok());
  std::vector<std::string> primary_ids, team_ids;
  for (int i = 0; i < 7; ++i) {
    auto id = named_->Create(Query("p" + std::to_string(i)));
    ASSERT_TRUE(id.ok());
    primary_ids.push_back(*id);
    auto t = named_->Create(Query("t" + std::to_string(i), "team"));
    ASSERT_TRUE(t.ok());
    team_ids.push_back(*t);
  }
  auto sorted = [](std::vector<std::string> v) {
    return std::set<std::string>(v.begin(), v.end());
  };
  EXPECT_EQ(sorted(AllIds("primary", 3)), sorted(primary_ids));
  EXPECT_EQ(AllIds("primary", 3).size(), 7u);
  EXPECT_EQ(AllIds("primary", 3), AllIds("primary", 50));
  EXPECT_EQ(sorted(AllIds("team", 2)), sorted(team_ids));
  auto bad = named_->List("primary", {.max_results = 3, .next_token = "nope"});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
}

TEST_F(NamedQueriesTest, BatchGetReportsUnprocessedIds) {
  auto a = named_->Create(Query("a"));
  auto b = named_->Create(Query("b"));
  ASSERT_TRUE(a.ok() && b.ok());
  auto batch = named_->BatchGet({*b, "no-such-id", *a});
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->named_queries.size(), 2u);
  EXPECT_EQ(batch->named_queries[0]["Name"], "b");
  EXPECT_EQ(batch->named_queries[1]["Name"], "a");
  ASSERT_EQ(batch->unprocessed.size(), 1u);
  EXPECT_EQ(batch->unprocessed[0]["NamedQueryId"], "no-such-id");
  EXPECT_EQ(batch->unprocessed[0]["ErrorCode"], "INVALID_INPUT");
}

}  // namespace
}  // namespace sluice::query
