#include "api/service_model.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sluice::api {
extern const char kGlueModelJson[];
namespace {

using nlohmann::json;

class GlueModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = ServiceModel::Load(kGlueModelJson);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    model_ = std::move(*m);
  }
  Status Check(const char* op, const char* body) {
    return model_->ValidateInput(op, json::parse(body));
  }
  std::unique_ptr<ServiceModel> model_;
};

TEST_F(GlueModelTest, AcceptsValidInput) {
  EXPECT_TRUE(
      Check("CreateDatabase", R"({"DatabaseInput":{"Name":"raw","Parameters":{"a":"b"}}})").ok());
  EXPECT_TRUE(Check("GetTables", R"({"DatabaseName":"raw","MaxResults":100,"Unknown":1})").ok());
}

TEST_F(GlueModelTest, NamesMissingRequiredMember) {
  Status st = Check("CreateDatabase", R"({"DatabaseInput":{}})");
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("DatabaseInput.Name"), std::string::npos) << st.message();
}

TEST_F(GlueModelTest, RejectsWrongTypesWithPath) {
  Status st = Check("CreateDatabase", R"({"DatabaseInput":"raw"})");
  EXPECT_NE(st.message().find("'DatabaseInput'"), std::string::npos) << st.message();
  st = Check("GetTables", R"({"DatabaseName":"raw","MaxResults":"10"})");
  EXPECT_NE(st.message().find("MaxResults"), std::string::npos) << st.message();
  st = Check(
      "CreateTable",
      R"({"DatabaseName":"raw","TableInput":{"Name":"t","StorageDescriptor":{"Columns":[{"Name":5}]}}})");
  EXPECT_NE(st.message().find("TableInput.StorageDescriptor.Columns[0].Name"), std::string::npos)
      << st.message();
}

TEST_F(GlueModelTest, EnforcesLengthsRangesEnumsAndSingleLine) {
  std::string long_name(256, 'a');
  EXPECT_NE(Check("GetDatabase", (R"({"Name":")" + long_name + R"("})").c_str())
                .message()
                .find("less than or equal to 255"),
            std::string::npos);
  EXPECT_NE(Check("GetTables", R"({"DatabaseName":"raw","MaxResults":101})")
                .message()
                .find("less than or equal to 100"),
            std::string::npos);
  EXPECT_NE(Check("GetDatabases", R"({"ResourceShareType":"SOME"})").message().find("enum"),
            std::string::npos);
  EXPECT_FALSE(Check("GetDatabase", R"({"Name":"a\nb"})").ok());
  EXPECT_TRUE(Check("GetDatabase", R"({"Name":"caf\u00e9"})").ok());
}

TEST_F(GlueModelTest, UnknownOperation) {
  EXPECT_EQ(Check("NoSuchOp", "{}").code(), StatusCode::kUnknownOperation);
}

}  // namespace
}  // namespace sluice::api
