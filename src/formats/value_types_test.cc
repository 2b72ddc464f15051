#include "formats/value_types.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::formats {
namespace {

constexpr ValueTypeOptions kSluice{};
constexpr ValueTypeOptions kGlue{.infer_temporal = false, .leading_zero_is_string = false};

std::string Type(std::string_view value, const ValueTypeOptions& options = kSluice) {
  return InferValueType(value, options).ToString();
}

TEST(ValueTypesTest, EmptyIsUnknown) { EXPECT_TRUE(InferValueType("", kSluice).is_null()); }

TEST(ValueTypesTest, Booleans) {
  for (const char* v : {"true", "false", "TRUE", "False"}) EXPECT_EQ(Type(v), "boolean") << v;
  for (const char* v : {"t", "yes", "truee", "0"}) EXPECT_NE(Type(v), "boolean") << v;
}

TEST(ValueTypesTest, Integers) {
  for (const char* v : {"0", "42", "-7", "+13", "9223372036854775807", "-9223372036854775808"}) {
    EXPECT_EQ(Type(v), "bigint") << v;
  }
  EXPECT_EQ(Type("9223372036854775808"), "decimal(38,0)");
  EXPECT_EQ(Type("-9223372036854775809"), "decimal(38,0)");
  EXPECT_EQ(Type(std::string(38, '9')), "decimal(38,0)");
  EXPECT_EQ(Type(std::string(39, '9')), "string");
  EXPECT_EQ(Type("-"), "string");
  EXPECT_EQ(Type("+"), "string");
}

TEST(ValueTypesTest, LeadingZerosAreCodesUnlessGlueCompatible) {
  EXPECT_EQ(Type("007"), "string");
  EXPECT_EQ(Type("-01"), "string");
  EXPECT_EQ(Type("007", kGlue), "bigint");
  EXPECT_EQ(Type("0000000000000000000009223372036854775807", kGlue), "bigint");
  EXPECT_EQ(Type("0.5"), "double");
}

TEST(ValueTypesTest, Doubles) {
  for (const char* v : {"1.5", "-0.25", ".5", "5.", "1e10", "1E-3", "-2.5e+7", "+3.0"}) {
    EXPECT_EQ(Type(v), "double") << v;
  }
  for (const char* v : {".", "1e", "e5", "1.2.3", "1,5", "NaN", "Infinity", "0x10", "1 2"}) {
    EXPECT_EQ(Type(v), "string") << v;
  }
}

TEST(ValueTypesTest, DatesAndTimestamps) {
  EXPECT_EQ(Type("2024-02-29"), "date");
  EXPECT_EQ(Type("2023-02-29"), "string");  // not a leap year
  EXPECT_EQ(Type("2000-02-29"), "date");
  EXPECT_EQ(Type("1900-02-29"), "string");
  EXPECT_EQ(Type("2024-13-01"), "string");
  EXPECT_EQ(Type("2024-04-31"), "string");
  EXPECT_EQ(Type("2024-1-5"), "string");
  for (const char* v : {"2020-01-15 03:44:40", "2020-01-15T03:44:40", "2020-01-15T03:44:40Z",
                        "2020-01-15 03:44:40.123", "2020-01-15T03:44:40.123456789Z",
                        "2020-01-15T03:44:40+05:30", "2020-01-15T03:44:40-08:00"}) {
    EXPECT_EQ(Type(v), "timestamp") << v;
  }
  for (const char* v : {"2020-01-15 24:00:00", "2020-01-15 03:60:00", "2020-01-15 03:44",
                        "2020-01-15X03:44:40", "2020-01-15 03:44:40.", "2020-01-15 03:44:40Zz",
                        "2020-01-15 03:44:40.1234567890", "2020-01-15T03:44:40+5:30"}) {
    EXPECT_EQ(Type(v), "string") << v;
  }
}

TEST(ValueTypesTest, GlueCompatibleKeepsTemporalValuesAsStrings) {
  EXPECT_EQ(Type("2020-01-15", kGlue), "string");
  EXPECT_EQ(Type("2020-01-15 03:44:40", kGlue), "string");
  EXPECT_EQ(Type("1579059880000", kGlue), "bigint");  // epoch millis
}

TEST(ValueTypesTest, TrimBlanks) {
  EXPECT_EQ(TrimBlanks("  a b\t "), "a b");
  EXPECT_EQ(TrimBlanks(" \t "), "");
  EXPECT_EQ(TrimBlanks(""), "");
}

}  // namespace
}  // namespace sluice::formats
