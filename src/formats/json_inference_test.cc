#include "formats/json_inference.h"

#include <gtest/gtest.h>

#include <string>

#include "formats/json_type_builder.h"

namespace sluice::formats {
namespace {

JsonInference Infer(std::string_view sample, JsonOptions options = {}) {
  options.sample_is_complete = true;
  Result<JsonInference> r = InferJsonSchema(sample, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : JsonInference{};
}

JsonInference InferTruncated(std::string_view sample, JsonOptions options = {}) {
  options.sample_is_complete = false;
  Result<JsonInference> r = InferJsonSchema(sample, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : JsonInference{};
}

JsonOptions GlueCompatible() {
  JsonOptions o;
  o.glue_compatible = true;
  return o;
}

std::string Schema(const JsonInference& r) {
  std::string out;
  for (const Column& c : r.columns)
    out += (out.empty() ? "" : " ") + c.name + ":" + c.type.ToString();
  return out;
}

TEST(JsonInferenceTest, JsonLinesWithScalarsAndNesting) {
  JsonInference r = Infer(
      R"({"id": 1, "name": "a", "score": 2.5, "ok": true, "tags": ["x"], "geo": {"lat": 1.5, "lon": 2}})"
      "\n"
      R"({"id": 2, "name": "b", "score": 3, "ok": false, "tags": [], "geo": {"lat": 0, "lon": 3}})"
      "\n");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.layout, JsonLayout::kLines);
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(Schema(r),
            "id:bigint name:string score:double ok:boolean tags:array<string> "
            "geo:struct<lat:double,lon:bigint>");
  EXPECT_EQ(r.table_parameters.at("classification"), "json");
  EXPECT_EQ(r.serde_parameters.at("paths"), "geo,id,name,ok,score,tags");
  EXPECT_NE(r.reason.find("2 records"), std::string::npos) << r.reason;
}

TEST(JsonInferenceTest, ArraysOfStructsAreUnioned) {
  JsonInference r = Infer(R"({"items": [{"name": "a"}, {"name": "b", "position": [1.5, 2]}]})"
                          "\n"
                          R"({"items": [{"qty": 3}]})"
                          "\n");
  EXPECT_EQ(Schema(r), "items:array<struct<name:string,position:array<double>,qty:bigint>>");
}

TEST(JsonInferenceTest, MixedValuesWidenAndMissingFieldsAreKept) {
  JsonInference r = Infer(R"({"a": 1, "b": 1, "c": null, "d": true})"
                          "\n"
                          R"({"a": 2.5, "b": "x", "c": 5, "e": "new"})"
                          "\n"
                          R"({"a": 3, "d": 7})"
                          "\n");
  EXPECT_EQ(Schema(r), "a:double b:string c:bigint d:bigint e:string");
}

TEST(JsonInferenceTest, UnresolvedTypesBecomeString) {
  JsonInference r = Infer(R"({"n": null, "empty": [], "obj": {}, "deep": {"x": null}, "k": 1})"
                          "\n"
                          R"({"n": null, "k": 2})"
                          "\n");
  EXPECT_EQ(Schema(r), "n:string empty:array<string> obj:string deep:struct<x:string> k:bigint");
  EXPECT_TRUE(r.record_type.fields()[0].type.is_null());  // unresolved before the catalog
}

TEST(JsonInferenceTest, DatesAndTimestampsUnlessGlueCompatible) {
  const std::string sample =
      R"({"d": "2024-01-02", "ts": "2024-01-02T03:04:05Z", "m": "2024-01-02", "s": "2024-01-02"})"
      "\n"
      R"({"d": "2024-02-29", "ts": "2024-01-02 03:04:05.5", "m": "2024-01-02 10:00:00", "s": "soon"})"
      "\n";
  EXPECT_EQ(Schema(Infer(sample)), "d:date ts:timestamp m:timestamp s:string");
  EXPECT_EQ(Schema(Infer(sample, GlueCompatible())), "d:string ts:string m:string s:string");
}

TEST(JsonInferenceTest, GlueCompatibleSmallIntegersAreInt) {
  const std::string sample = R"({"a": 1, "b": 5000000000, "c": 1})"
                             "\n"
                             R"({"a": 2, "b": 1, "c": 1.5})"
                             "\n";
  EXPECT_EQ(Schema(Infer(sample, GlueCompatible())), "a:int b:bigint c:double");
  EXPECT_EQ(Schema(Infer(sample)), "a:bigint b:bigint c:double");
}

TEST(JsonInferenceTest, IntegersBeyondInt64) {
  JsonInference r = Infer(R"({"u": 18446744073709551615, "big": 123456789012345678901234567890,)"
                          R"( "huge": 1)" +
                          std::string(40, '0') +
                          R"(, "neg": -99999999999999999999})"
                          "\n");
  EXPECT_EQ(Schema(r), "u:decimal(38,0) big:decimal(38,0) huge:double neg:decimal(38,0)");
}

TEST(JsonInferenceTest, KeysMatchCaseInsensitivelyAndColumnsAreLowerCased) {
  JsonInference r = Infer(R"({"UserId": 1, "Nested": {"InnerKey": 1}})"
                          "\n"
                          R"({"userid": 2.5, "nested": {"innerkey": "x"}, "user-name": "a"})"
                          "\n");
  EXPECT_EQ(Schema(r), "userid:double nested:struct<InnerKey:string> user-name:string");
  JsonInference dup = Infer(R"({"a": 1, "A": "x"})"
                            "\n"
                            R"({"a": 2})"
                            "\n");
  EXPECT_EQ(Schema(dup), "a:string");
}

TEST(JsonInferenceTest, TopLevelArrayOfObjects) {
  JsonInference r = Infer(R"([{"a": 1}, {"a": 2, "b": "x"}, {"b": "y"}])");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.layout, JsonLayout::kArray);
  EXPECT_EQ(r.records, 3u);
  EXPECT_EQ(Schema(r), "a:bigint b:string");
}

TEST(JsonInferenceTest, TopLevelArrayIsOneColumnWhenGlueCompatible) {
  JsonInference r = Infer(R"([{"a": 1}, {"a": 2, "b": "x"}])", GlueCompatible());
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(Schema(r), "array:array<struct<a:int,b:string>>");
  JsonInference scalars = Infer("[1, 2, 3]", GlueCompatible());
  EXPECT_EQ(Schema(scalars), "array:array<int>");
  EXPECT_EQ(Infer("[1, 2, 3]").certainty, 0.0);  // Sluice needs objects as records
}

TEST(JsonInferenceTest, TruncatedTopLevelArrayKeepsItsWholeElements) {
  JsonInference r = InferTruncated("[\n  {\"a\": 1},\n  {\"a\": 2.5},\n  {\"a\": \"cut");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(r.failures, 0u);
  EXPECT_TRUE(r.dropped_partial_record);
  EXPECT_EQ(Schema(r), "a:double");
  // The same text as a whole file is broken.
  JsonInference whole = Infer("[\n  {\"a\": 1},\n  {\"a\": 2.5},\n  {\"a\": \"cut");
  EXPECT_EQ(whole.failures, 1u);
  EXPECT_NE(whole.first_failure.find("array element 2"), std::string::npos) << whole.first_failure;
}

TEST(JsonInferenceTest, PrettyPrintedDocuments) {
  JsonInference r = Infer(
      "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": \"}{\"\n  }\n}\n"
      "{\n  \"a\": 2\n}\n");
  EXPECT_EQ(r.layout, JsonLayout::kDocuments);
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(Schema(r), "a:bigint b:struct<c:string>");
  JsonInference cut = InferTruncated("{\n  \"a\": 1\n}\n{\n  \"a\": \"x");
  EXPECT_EQ(cut.records, 1u);
  EXPECT_TRUE(cut.dropped_partial_record);
  EXPECT_EQ(Schema(cut), "a:bigint");
}

TEST(JsonInferenceTest, DropsThePartialLastLine) {
  const std::string sample = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"tr";
  JsonInference r = InferTruncated(sample);
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(r.failures, 0u);
  EXPECT_TRUE(r.dropped_partial_record);
  EXPECT_EQ(Schema(r), "a:bigint");
  // A complete last line without a newline is kept.
  JsonInference whole = Infer("{\"a\": 1}\n{\"a\": \"x\"}");
  EXPECT_EQ(Schema(whole), "a:string");
}

TEST(JsonInferenceTest, ToleratesUpToTenPercentFailures) {
  std::string sample;
  for (int i = 0; i < 9; ++i) sample += "{\"a\": " + std::to_string(i) + "}\n";
  sample += "{\"a\": oops}\n";
  JsonInference r = Infer(sample);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.records, 9u);
  EXPECT_EQ(r.failures, 1u);
  EXPECT_NE(r.first_failure.find("line 10"), std::string::npos) << r.first_failure;
  EXPECT_NE(r.reason.find("1 failure tolerated"), std::string::npos) << r.reason;

  sample += "not json at all\n";
  JsonInference bad = Infer(sample);
  EXPECT_EQ(bad.certainty, 0.0);
  EXPECT_EQ(bad.failures, 2u);
  EXPECT_NE(bad.reason.find("2 of 11 records failed"), std::string::npos) << bad.reason;
  EXPECT_TRUE(bad.columns.empty());
  EXPECT_TRUE(bad.table_parameters.empty());
}

TEST(JsonInferenceTest, NonObjectRecordsAreFailures) {
  JsonInference r = Infer("{\"a\": 1}\n[1, 2]\n\"text\"\n");
  EXPECT_EQ(r.records, 1u);
  EXPECT_EQ(r.failures, 2u);
  EXPECT_NE(r.first_failure.find("line 2: not a JSON object but array<bigint>"), std::string::npos)
      << r.first_failure;
  EXPECT_EQ(r.certainty, 0.0);
}

TEST(JsonInferenceTest, DeepNestingFailsGracefully) {
  std::string deep = "{\"a\": ";
  for (int i = 0; i < 100000; ++i) deep += "[";
  for (int i = 0; i < 100000; ++i) deep += "]";
  deep += "}\n";
  std::string sample;
  for (int i = 0; i < 20; ++i) sample += "{\"a\": [1]}\n";
  JsonInference r = Infer(sample + deep);
  EXPECT_EQ(r.records, 20u);
  EXPECT_EQ(r.failures, 1u);
  EXPECT_NE(r.first_failure.find("nested deeper than 64 levels"), std::string::npos)
      << r.first_failure;
  EXPECT_EQ(Schema(r), "a:array<bigint>");

  JsonOptions shallow;
  shallow.max_depth = 2;
  EXPECT_EQ(Infer("{\"a\": {\"b\": 1}}\n", shallow).certainty, 1.0);
  EXPECT_EQ(Infer("{\"a\": {\"b\": [1]}}\n", shallow).certainty, 0.0);

  // A deep top-level array and deep pretty-printed documents are refused the same way.
  EXPECT_EQ(Infer(std::string(100000, '[')).certainty, 0.0);
  EXPECT_EQ(Infer("{\n\"a\": " + std::string(100000, '{')).certainty, 0.0);
}

TEST(JsonInferenceTest, NotJson) {
  JsonInference csv = Infer("a,b\n1,2\n");
  EXPECT_EQ(csv.certainty, 0.0);
  EXPECT_EQ(csv.layout, JsonLayout::kUnknown);
  EXPECT_NE(csv.reason.find("does not start with"), std::string::npos);
  EXPECT_EQ(Infer("").certainty, 0.0);
  EXPECT_EQ(Infer("  \n ").certainty, 0.0);
  JsonInference empty_objects = Infer("{}\n{}\n");
  EXPECT_EQ(empty_objects.certainty, 0.0);
  EXPECT_NE(empty_objects.reason.find("no fields"), std::string::npos);
  JsonInference invalid_utf8 = Infer("{\"a\": \"\xff\"}\n");
  EXPECT_EQ(invalid_utf8.certainty, 0.0);
  EXPECT_EQ(invalid_utf8.failures, 1u);
}

TEST(JsonInferenceTest, OnlyAPartialRecordAsksForMore) {
  JsonInference r = InferTruncated("{\"a\": \"a very long record that the sample cuts");
  EXPECT_EQ(r.certainty, 0.0);
  EXPECT_TRUE(r.dropped_partial_record);
  EXPECT_NE(r.reason.find("longer than the sample"), std::string::npos) << r.reason;
}

TEST(JsonInferenceTest, BomCrlfAndBlankLines) {
  JsonInference r = Infer("\xEF\xBB\xBF{\"a\": 1}\r\n\r\n{\"a\": 2}\r\n");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(Schema(r), "a:bigint");
}

TEST(JsonInferenceTest, MaxRecordsStopsEarly) {
  JsonOptions o;
  o.max_records = 2;
  JsonInference r = Infer("{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"x\"}\n", o);
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(Schema(r), "a:bigint");
  JsonInference arr = Infer(R"([{"a": 1}, {"a": 2}, {"a": "x"}])", o);
  EXPECT_EQ(arr.records, 2u);
  EXPECT_EQ(arr.failures, 0u);
  EXPECT_EQ(Schema(arr), "a:bigint");
}

TEST(JsonInferenceTest, RejectsUnusableOptions) {
  JsonOptions zero;
  zero.max_records = 0;
  EXPECT_EQ(InferJsonSchema("{}", zero).status().code(), StatusCode::kInvalidInput);
  JsonOptions no_depth;
  no_depth.max_depth = 0;
  EXPECT_EQ(InferJsonSchema("{}", no_depth).status().code(), StatusCode::kInvalidInput);
}

TEST(JsonInferenceTest, OneMegabyteSample) {
  std::string sample;
  for (int i = 0; sample.size() < (1 << 20); ++i) {
    sample += R"({"station_id": "ST)" + std::to_string(i % 50) +
              R"(", "ts": "2024-01-01T00:00:00Z",)" + R"( "temperature": )" +
              std::to_string(i % 40) + ".5, " + R"("humidity": )" + std::to_string(i % 100) +
              R"(, "tags": ["a", "b"], "loc": {"lat": 1.5}})" + "\n";
  }
  JsonInference r = InferTruncated(sample.substr(0, 1 << 20));
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_GT(r.records, 8000u);
  EXPECT_EQ(Schema(r),
            "station_id:string ts:timestamp temperature:double humidity:bigint tags:array<string> "
            "loc:struct<lat:double>");
}

TEST(JsonTypeBuilderTest, InfersOneValue) {
  GlueType got;
  JsonTypeBuilder builder(JsonTypeOptions{}, 0, [&](const GlueType& t) {
    got = t;
    return true;
  });
  const std::string text = R"({"a": [1, 2.5, null], "b": {"c": [[true]]}, "d": "2020-01-01"})";
  ASSERT_TRUE(nlohmann::json::sax_parse(text, &builder));
  EXPECT_EQ(got.ToString(), "struct<a:array<double>,b:struct<c:array<array<boolean>>>,d:date>");
  EXPECT_FALSE(builder.syntax_error());
}

TEST(JsonTypeBuilderTest, ReportsSyntaxErrorsWithPosition) {
  JsonTypeBuilder builder(JsonTypeOptions{}, 0, [](const GlueType&) { return true; });
  const std::string text = R"({"a": 1,})";
  EXPECT_FALSE(nlohmann::json::sax_parse(text, &builder));
  EXPECT_TRUE(builder.syntax_error());
  EXPECT_EQ(builder.error_position(), 9u);
  EXPECT_NE(builder.error_message().find("syntax error"), std::string::npos);
}

}  // namespace
}  // namespace sluice::formats
