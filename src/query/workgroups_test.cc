#include "query/workgroups.h"

#include <gtest/gtest.h>

#include "query/named_queries.h"

namespace sluice::query {
namespace {

class WorkGroupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = metastore::OpenSqliteMetastore({});
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    workgroups_ = std::make_unique<WorkGroups>(*store_);
  }

  std::vector<std::string> AllNames(int max_results) {
    std::vector<std::string> names;
    catalog::PageRequest page{.max_results = max_results, .next_token = std::nullopt};
    for (int i = 0; i < 100; ++i) {
      auto listed = workgroups_->List(page);
      EXPECT_TRUE(listed.ok()) << listed.status().ToString();
      if (!listed.ok()) break;
      for (const auto& item : listed->items) names.push_back(json::parse(item)["Name"]);
      if (!listed->next_token) break;
      page.next_token = listed->next_token;
    }
    return names;
  }

  std::unique_ptr<metastore::Metastore> store_;
  std::unique_ptr<WorkGroups> workgroups_;
};

TEST_F(WorkGroupsTest, PrimaryAlwaysExistsAndCannotBeDeleted) {
  auto primary = workgroups_->Get("primary");
  ASSERT_TRUE(primary.ok()) << primary.status().ToString();
  EXPECT_EQ((*primary)["State"], "ENABLED");
  EXPECT_EQ((*primary)["Configuration"]["EngineVersion"]["EffectiveEngineVersion"],
            "Athena engine version 3");
  double created = (*primary)["CreationTime"];
  EXPECT_EQ((*workgroups_->Get("primary"))["CreationTime"], created);  // written once
  EXPECT_EQ(AllNames(50), std::vector<std::string>{"primary"});
  Status st = workgroups_->Delete("primary", true);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(workgroups_->Get("primary").ok());
}

TEST_F(WorkGroupsTest, CreateGetAndDuplicate) {
  json input = {{"Name", "DataLakeWorkgroup"},
                {"Description", "Workgroup for data lake analytics"},
                {"Configuration",
                 {{"ResultConfiguration", {{"OutputLocation", "s3://lake/athena-results/"}}}}}};
  ASSERT_TRUE(workgroups_->Create(input).ok());
  auto doc = workgroups_->Get("DataLakeWorkgroup");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["Description"], "Workgroup for data lake analytics");
  EXPECT_EQ((*doc)["Configuration"]["ResultConfiguration"]["OutputLocation"],
            "s3://lake/athena-results/");
  EXPECT_EQ((*doc)["Configuration"]["EngineVersion"]["SelectedEngineVersion"], "AUTO");
  Status dup = workgroups_->Create(input);
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(), "WorkGroup is already created");
  EXPECT_EQ(workgroups_->Get("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(workgroups_->Get("nope").status().message(), "WorkGroup nope is not found");
}

TEST_F(WorkGroupsTest, RejectsBadOutputLocationAndEngineVersion) {
  EXPECT_EQ(workgroups_
                ->Create({{"Name", "w"},
                          {"Configuration",
                           {{"ResultConfiguration", {{"OutputLocation", "http://x/y"}}}}}})
                .code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(
      workgroups_
          ->Create({{"Name", "w"},
                    {"Configuration",
                     {{"EngineVersion", {{"SelectedEngineVersion", "Athena engine version 2"}}}}}})
          .code(),
      StatusCode::kInvalidInput);
  EXPECT_EQ(workgroups_->Get("w").status().code(), StatusCode::kNotFound);
}

TEST_F(WorkGroupsTest, ListPagesInNameOrder) {
  for (const char* name : {"c", "a", "e", "b", "d"}) {
    ASSERT_TRUE(workgroups_->Create({{"Name", name}}).ok());
  }
  std::vector<std::string> expected = {"a", "b", "c", "d", "e", "primary"};
  EXPECT_EQ(AllNames(2), expected);
  EXPECT_EQ(AllNames(50), expected);
  auto bad = workgroups_->List({.max_results = 5, .next_token = "garbage"});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
}

TEST_F(WorkGroupsTest, UpdateAppliesConfigurationUpdatesAndResolveReportsThem) {
  ASSERT_TRUE(workgroups_
                  ->Create({{"Name", "w"},
                            {"Configuration",
                             {{"ResultConfiguration", {{"OutputLocation", "s3://b/r/"}}},
                              {"BytesScannedCutoffPerQuery", 20000000}}}})
                  .ok());
  auto settings = workgroups_->Resolve("w");
  ASSERT_TRUE(settings.ok());
  EXPECT_TRUE(settings->enabled);
  EXPECT_EQ(settings->output_location, "s3://b/r/");
  EXPECT_TRUE(settings->enforce_configuration);
  EXPECT_EQ(settings->bytes_scanned_cutoff, 20000000);

  ASSERT_TRUE(workgroups_
                  ->Update({{"WorkGroup", "w"},
                            {"State", "DISABLED"},
                            {"Description", "off"},
                            {"ConfigurationUpdates",
                             {{"EnforceWorkGroupConfiguration", false},
                              {"RemoveBytesScannedCutoffPerQuery", true},
                              {"ResultConfigurationUpdates", {{"RemoveOutputLocation", true}}}}}})
                  .ok());
  settings = workgroups_->Resolve("w");
  ASSERT_TRUE(settings.ok());
  EXPECT_FALSE(settings->enabled);
  EXPECT_FALSE(settings->output_location);
  EXPECT_FALSE(settings->enforce_configuration);
  EXPECT_FALSE(settings->bytes_scanned_cutoff);
  auto doc = workgroups_->Get("w");
  EXPECT_EQ((*doc)["Description"], "off");
  EXPECT_FALSE((*doc)["Configuration"].contains("ResultConfiguration"));

  ASSERT_TRUE(workgroups_
                  ->Update({{"WorkGroup", "w"},
                            {"ConfigurationUpdates",
                             {{"ResultConfigurationUpdates", {{"OutputLocation", "s3://b/new/"}}},
                              {"BytesScannedCutoffPerQuery", 30000000}}}})
                  .ok());
  EXPECT_EQ(workgroups_->Resolve("w")->output_location, "s3://b/new/");
  EXPECT_EQ(workgroups_->Resolve("w")->bytes_scanned_cutoff, 30000000);
  EXPECT_EQ(workgroups_->Update({{"WorkGroup", "missing"}, {"State", "ENABLED"}}).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(workgroups_->Resolve("missing").status().code(), StatusCode::kNotFound);
}

TEST_F(WorkGroupsTest, DeleteOfAWorkGroupWithNamedQueriesNeedsRecursive) {
  NamedQueries named(*store_);
  ASSERT_TRUE(workgroups_->Create({{"Name", "w"}}).ok());
  auto id = named.Create(
      {{"Name", "q"}, {"Database", "db"}, {"QueryString", "SELECT 1"}, {"WorkGroup", "w"}});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(workgroups_->Delete("w", false).code(), StatusCode::kInvalidInput);
  ASSERT_TRUE(workgroups_->Delete("w", true).ok());
  EXPECT_EQ(workgroups_->Get("w").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(named.Get(*id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(workgroups_->Delete("w", false).code(), StatusCode::kNotFound);
  ASSERT_TRUE(workgroups_->Create({{"Name", "empty"}}).ok());
  EXPECT_TRUE(workgroups_->Delete("empty", false).ok());
}

}  // namespace
}  // namespace sluice::query
