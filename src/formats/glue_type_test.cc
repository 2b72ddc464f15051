#include "formats/glue_type.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "formats/glue_type_testing.h"

namespace sluice::formats {
namespace {

std::string Canonical(std::string_view text) {
  Result<GlueType> t = ParseGlueType(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
  return t.ok() ? t->ToString() : "<error>";
}

TEST(GlueTypeTest, ParsesEveryPrimitive) {
  const std::vector<std::pair<std::string, TypeKind>> cases = {
      {"boolean", TypeKind::kBoolean},   {"tinyint", TypeKind::kTinyInt},
      {"smallint", TypeKind::kSmallInt}, {"int", TypeKind::kInt},
      {"bigint", TypeKind::kBigInt},     {"float", TypeKind::kFloat},
      {"double", TypeKind::kDouble},     {"string", TypeKind::kString},
      {"date", TypeKind::kDate},         {"timestamp", TypeKind::kTimestamp},
      {"binary", TypeKind::kBinary},
  };
  for (const auto& [text, kind] : cases) {
    Result<GlueType> t = ParseGlueType(text);
    ASSERT_TRUE(t.ok()) << text << ": " << t.status().ToString();
    EXPECT_EQ(t->kind(), kind) << text;
    EXPECT_EQ(t->ToString(), text);
  }
}

TEST(GlueTypeTest, ParsesParameterizedTypes) {
  Result<GlueType> d = ParseGlueType("decimal(12,3)");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind(), TypeKind::kDecimal);
  EXPECT_EQ(d->precision(), 12);
  EXPECT_EQ(d->scale(), 3);
  Result<GlueType> v = ParseGlueType("varchar(255)");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->kind(), TypeKind::kVarchar);
  EXPECT_EQ(v->length(), 255);
  Result<GlueType> c = ParseGlueType("char(2)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->kind(), TypeKind::kChar);
  EXPECT_EQ(c->length(), 2);
}

TEST(GlueTypeTest, ParsesNestedTypes) {
  Result<GlueType> t = ParseGlueType("struct<a:bigint,b:array<string>,m:map<string,double>>");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->kind(), TypeKind::kStruct);
  ASSERT_EQ(t->fields().size(), 3u);
  EXPECT_EQ(t->fields()[0].name, "a");
  EXPECT_EQ(t->fields()[0].type, GlueType::BigInt());
  EXPECT_EQ(t->fields()[1].type, GlueType::Array(GlueType::String()));
  EXPECT_EQ(t->fields()[2].type.kind(), TypeKind::kMap);
  EXPECT_EQ(t->fields()[2].type.key(), GlueType::String());
  EXPECT_EQ(t->fields()[2].type.value(), GlueType::Double());
}

TEST(GlueTypeTest, CanonicalSpellingHasNoSpacesAndLowerCase) {
  EXPECT_EQ(Canonical(" STRUCT < a : BIGINT , b : Array< String > > "),
            "struct<a:bigint,b:array<string>>");
  EXPECT_EQ(Canonical("Map<STRING, array<struct<x:int>>>"), "map<string,array<struct<x:int>>>");
  EXPECT_EQ(Canonical("DECIMAL( 10 , 2 )"), "decimal(10,2)");
  EXPECT_EQ(Canonical("VarChar( 20 )"), "varchar(20)");
}

TEST(GlueTypeTest, AcceptsAliasesAndDecimalDefaults) {
  EXPECT_EQ(Canonical("integer"), "int");
  EXPECT_EQ(Canonical("LONG"), "bigint");
  EXPECT_EQ(Canonical("decimal"), "decimal(10,0)");
  EXPECT_EQ(Canonical("decimal(7)"), "decimal(7,0)");
  EXPECT_EQ(Canonical("decimal(38,38)"), "decimal(38,38)");
}

TEST(GlueTypeTest, StructFieldNamesKeepCaseAndQuoteWhenNeeded) {
  EXPECT_EQ(Canonical("struct<UserId:int>"), "struct<UserId:int>");
  EXPECT_EQ(Canonical("struct<@timestamp:string,user-id:int>"),
            "struct<@timestamp:string,user-id:int>");
  EXPECT_EQ(Canonical("struct<`first name`:string>"), "struct<`first name`:string>");
  EXPECT_EQ(Canonical("struct<`a``b`:string>"), "struct<`a``b`:string>");
  EXPECT_EQ(Canonical("struct<`plain`:string>"), "struct<plain:string>");
  Result<GlueType> t = ParseGlueType("struct<`k:v`:int>");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->fields()[0].name, "k:v");
}

TEST(GlueTypeTest, FactoriesBuildWhatParseBuilds) {
  GlueType built =
      GlueType::Struct({{"a", GlueType::BigInt()}, {"b", GlueType::Array(GlueType::String())}});
  EXPECT_EQ(built.ToString(), "struct<a:bigint,b:array<string>>");
  Result<GlueType> parsed = ParseGlueType(built.ToString());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, built);
  EXPECT_EQ(GlueType::Of(TypeKind::kDecimal), GlueType::Null());  // needs the factory
}

TEST(GlueTypeTest, InferenceOnlyFormsPrintButDoNotParse) {
  EXPECT_EQ(GlueType::Null().ToString(), "null");
  EXPECT_EQ(GlueType::Struct({}).ToString(), "struct<>");
  EXPECT_FALSE(ParseGlueType("null").ok());
  EXPECT_FALSE(ParseGlueType("struct<>").ok());
}

struct BadType {
  std::string text;
  size_t position;
  std::string expect;  // a fragment of the message
};

TEST(GlueTypeTest, RejectsInvalidTypesNamingThePosition) {
  const std::vector<BadType> cases = {
      {"", 0, "expected a type name"},
      {"   ", 3, "expected a type name"},
      {"integerx", 0, "unknown type 'integerx'"},
      {"array<int", 9, "expected '>'"},
      {"array<>", 6, "expected a type name"},
      {"map<string>", 10, "expected ','"},
      {"struct<a int>", 9, "expected ':'"},
      {"struct<a:int", 12, "expected '>' or ','"},
      {"struct<:int>", 7, "expected a struct field name"},
      {"struct<`a:int>", 14, "unterminated back-quoted"},
      {"decimal(39,2)", 8, "precision must be between 1 and 38"},
      {"decimal(5,6)", 10, "scale must not exceed the precision 5"},
      {"decimal(10", 10, "expected ')'"},
      {"decimal(x)", 8, "expected a number for the decimal precision"},
      {"varchar", 7, "expected '('"},
      {"varchar(0)", 8, "between 1 and 65535"},
      {"char(256)", 5, "between 1 and 255"},
      {"int(5)", 3, "unexpected text after the type"},
      {"bigint bigint", 7, "unexpected text after the type"},
      {"uniontype<int>", 0, "unknown type 'uniontype'"},
      {"array<strin>", 6, "unknown type 'strin'"},
  };
  for (const BadType& c : cases) {
    Result<GlueType> t = ParseGlueType(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidInput);
    const std::string& m = t.status().message();
    EXPECT_NE(m.find("'" + c.text + "'"), std::string::npos) << m;
    EXPECT_NE(m.find("at position " + std::to_string(c.position) + " "), std::string::npos)
        << c.text << " -> " << m;
    EXPECT_NE(m.find(c.expect), std::string::npos) << c.text << " -> " << m;
  }
}

TEST(GlueTypeTest, UnknownTypeMessageListsSupportedTypes) {
  Result<GlueType> t = ParseGlueType("text");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("supported: boolean"), std::string::npos);
}

TEST(GlueTypeTest, RejectsNestingBeyondTheLimitWithoutCrashing) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "array<";
  Result<GlueType> t = ParseGlueType(deep);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("nested deeper than 64"), std::string::npos);

  std::string ok = "int";
  for (int i = 0; i < kMaxGlueTypeDepth - 1; ++i) ok.insert(0, "array<").append(">");
  EXPECT_TRUE(ParseGlueType(ok).ok());
  EXPECT_FALSE(ParseGlueType("array<" + ok + ">").ok());
}

TEST(GlueTypeTest, RandomTypesRoundTripThroughToString) {
  testing::RandomGlueTypes random(7, /*allow_null=*/false);
  for (int i = 0; i < 3000; ++i) {
    const GlueType t = random.Next(4);
    const std::string text = t.ToString();
    Result<GlueType> parsed = ParseGlueType(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, t) << text;
    EXPECT_EQ(parsed->ToString(), text);
  }
}

TEST(GlueTypeTest, IntegerKinds) {
  EXPECT_TRUE(IsIntegerKind(TypeKind::kTinyInt));
  EXPECT_TRUE(IsIntegerKind(TypeKind::kBigInt));
  EXPECT_FALSE(IsIntegerKind(TypeKind::kBoolean));
  EXPECT_FALSE(IsIntegerKind(TypeKind::kDecimal));
}

}  // namespace
}  // namespace sluice::formats
