// Random and adversarial samples: every classifier returns a value (never crashes, never throws)
// under ASan/UBSan.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "formats/csv_inference.h"
#include "formats/json_inference.h"

namespace sluice::formats {
namespace {

std::string RandomSample(std::mt19937& rng) {
  static const std::string kAlphabet = "{}[]\",:;|\t\x01\n\r '\\abc019.-eE+tfn\xEF\xBB\xBF\xff";
  std::uniform_int_distribution<size_t> length(0, 200);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  std::string s(length(rng), ' ');
  for (char& c : s) c = kAlphabet[pick(rng)];
  return s;
}

TEST(RobustnessTest, RandomSamplesNeverFail) {
  std::mt19937 rng(1234);
  for (int i = 0; i < 5000; ++i) {
    const std::string sample = RandomSample(rng);
    for (bool complete : {false, true}) {
      CsvOptions csv;
      csv.sample_is_complete = complete;
      csv.glue_compatible = i % 2 == 0;
      Result<CsvInference> c = InferCsvSchema(sample, csv);
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      EXPECT_TRUE(c->certainty == 0.0 || c->certainty == 1.0);
      if (c->certainty == 1.0) {
        EXPECT_FALSE(c->columns.empty());
      }

      JsonOptions json;
      json.sample_is_complete = complete;
      json.glue_compatible = i % 2 == 0;
      Result<JsonInference> j = InferJsonSchema(sample, json);
      ASSERT_TRUE(j.ok()) << j.status().ToString();
      EXPECT_TRUE(j->certainty == 0.0 || j->certainty == 1.0);
    }
  }
}

TEST(RobustnessTest, ValidJsonRecordsWithRandomValues) {
  // Structurally valid records whose values vary in type: inference always succeeds and every
  // column type is valid for the catalog (no null left).
  std::mt19937 rng(99);
  const char* kValues[] = {"1",     "-2.5",           "true",  "null",
                           "\"x\"", "\"2020-01-01\"", "[]",    "[1,\"a\"]",
                           "{}",    "{\"k\":null}",   "1e300", "123456789012345678901234567890"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kValues) - 1);
  for (int round = 0; round < 200; ++round) {
    std::string sample;
    for (int line = 0; line < 20; ++line) {
      sample +=
          "{\"a\":" + std::string(kValues[pick(rng)]) + ",\"b\":" + kValues[pick(rng)] + "}\n";
    }
    Result<JsonInference> r = InferJsonSchema(sample, JsonOptions{});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->certainty, 1.0) << r->reason;
    for (const Column& c : r->columns) {
      const std::string type = c.type.ToString();
      EXPECT_EQ(type.find("null"), std::string::npos) << type;
      EXPECT_EQ(type.find("struct<>"), std::string::npos) << type;
      EXPECT_TRUE(ParseGlueType(type).ok()) << type;
    }
  }
}

}  // namespace
}  // namespace sluice::formats
