#include "api/json_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/glue/glue_service.h"

namespace sluice::api {
extern const char kGlueModelJson[];
namespace {

using nlohmann::json;

TEST(GlueErrorTest, MapsEveryCodeToANonRetryableNameUnlessTransient) {
  EXPECT_EQ(GlueError(Status::InvalidInput("x")).name, "InvalidInputException");
  EXPECT_EQ(GlueError(Status::NotFound("x")).name, "EntityNotFoundException");
  EXPECT_EQ(GlueError(Status::AlreadyExists("x")).name, "AlreadyExistsException");
  EXPECT_EQ(GlueError(Status::ConcurrentModification("x")).name, "ConcurrentModificationException");
  EXPECT_EQ(GlueError(Status::ResourceLimit("x")).name, "ResourceNumberLimitExceededException");
  EXPECT_EQ(GlueError(Status::UnknownOperation("x")).name, "UnknownOperationException");
  EXPECT_EQ(GlueError(Status::PayloadTooLarge("x")).http_status, 413);
  EXPECT_EQ(GlueError(Status::Internal("x")).http_status, 500);
  EXPECT_EQ(GlueError(Status::IOError("x")).name, "InternalServiceException");
  EXPECT_EQ(GlueError(Status::Unavailable("x")).http_status, 503);
  for (StatusCode c : {StatusCode::kInvalidInput, StatusCode::kNotFound, StatusCode::kAlreadyExists,
                       StatusCode::kResourceLimit, StatusCode::kInternal}) {
    std::string_view name = GlueError(Status(c, "m")).name;
    EXPECT_EQ(name.find("Throttl"), std::string_view::npos);
    EXPECT_EQ(name.find("TooManyRequests"), std::string_view::npos);
  }
}

class JsonServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = ServiceModel::Load(kGlueModelJson);
    ASSERT_TRUE(model.ok());
    service_ = std::make_unique<JsonService>("AWSGlue", std::move(*model), &GlueError);
    service_->Register("GetDatabase", [](const json& in) -> Result<std::string> {
      if (in["Name"] == "missing") return Status::NotFound("Database 'missing' not found");
      return std::string("{\"Database\":{\"Name\":\"raw\"}}");
    });
  }
  HttpResponse Call(std::string_view op, std::string body) {
    HttpRequest req;
    req.method = "POST";
    req.body = std::move(body);
    return service_->Invoke(op, req);
  }
  static json Body(const HttpResponse& r) { return json::parse(r.body); }
  std::unique_ptr<JsonService> service_;
};

TEST_F(JsonServiceTest, RendersSuccessAndErrorsAsBotocoreParsesThem) {
  EXPECT_EQ(Call("GetDatabase", R"({"Name":"raw"})").status, 200);
  HttpResponse nf = Call("GetDatabase", R"({"Name":"missing"})");
  EXPECT_EQ(nf.status, 400);
  EXPECT_EQ(Body(nf)["__type"], "EntityNotFoundException");
  EXPECT_EQ(Body(nf)["Message"], "Database 'missing' not found");
}

TEST_F(JsonServiceTest, GuardsTheBody) {
  EXPECT_EQ(Body(Call("GetDatabase", "{not json")).value("__type", ""), "InvalidInputException");
  EXPECT_EQ(Body(Call("GetDatabase", "[1]"))["Message"], "Request body must be a JSON object");
  EXPECT_EQ(Body(Call("GetDatabase", std::string(100000, '[')))["__type"], "InvalidInputException");
  HttpResponse bad_utf8 = Call("GetDatabase", "{\"Name\":\"\xff\xfe\"}");
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_NE(Body(bad_utf8)["Message"].get<std::string>().find("UTF-8"), std::string::npos);
  EXPECT_EQ(Body(Call("GetDatabase", ""))["Message"], "Missing required member 'Name'");
}

TEST_F(JsonServiceTest, UnknownAndUnimplementedOperations) {
  HttpResponse unknown = Call("FlyToTheMoon", "{}");
  EXPECT_EQ(Body(unknown)["__type"], "UnknownOperationException");
  HttpResponse unimplemented = Call("GetTables", R"({"DatabaseName":"raw"})");
  EXPECT_NE(Body(unimplemented)["Message"].get<std::string>().find("not implemented"),
            std::string::npos);
}

}  // namespace
}  // namespace sluice::api
