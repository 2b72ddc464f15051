#include "formats/type_lattice.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/column_name.h"
#include "formats/glue_type_testing.h"

namespace sluice::formats {
namespace {

GlueType T(std::string_view text) {
  Result<GlueType> t = ParseGlueType(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
  return t.ok() ? *t : GlueType::Null();
}

std::string W(std::string_view a, std::string_view b) { return Widen(T(a), T(b)).ToString(); }

TEST(TypeLatticeTest, NumericChain) {
  const std::vector<std::string> chain = {"boolean", "tinyint", "smallint", "int", "bigint"};
  for (size_t i = 0; i < chain.size(); ++i) {
    for (size_t j = i; j < chain.size(); ++j) {
      EXPECT_EQ(W(chain[i], chain[j]), chain[j]);
      EXPECT_EQ(W(chain[j], chain[i]), chain[j]);
    }
    EXPECT_EQ(W(chain[i], "double"), "double");
  }
  EXPECT_EQ(W("bigint", "decimal(38,0)"), "decimal(38,0)");
  EXPECT_EQ(W("decimal(10,2)", "double"), "double");
  EXPECT_EQ(W("double", "string"), "string");
}

TEST(TypeLatticeTest, DecimalsKeepIntegerDigitsAndScale) {
  EXPECT_EQ(W("decimal(10,2)", "decimal(5,4)"), "decimal(12,4)");
  EXPECT_EQ(W("decimal(10,2)", "decimal(10,2)"), "decimal(10,2)");
  EXPECT_EQ(W("int", "decimal(5,2)"), "decimal(12,2)");  // int needs 10 integer digits
  EXPECT_EQ(W("tinyint", "decimal(2,1)"), "decimal(4,1)");
  EXPECT_EQ(W("boolean", "decimal(3,3)"), "decimal(4,3)");
  EXPECT_EQ(W("bigint", "decimal(5,0)"), "decimal(19,0)");
  // More than 38 digits cannot be a decimal: double is the next type up.
  EXPECT_EQ(W("decimal(38,0)", "decimal(2,2)"), "double");
  EXPECT_EQ(W("bigint", "decimal(30,20)"), "double");
}

TEST(TypeLatticeTest, FloatMeetsOtherNumbersAsDouble) {
  EXPECT_EQ(W("float", "float"), "float");
  EXPECT_EQ(W("float", "int"), "double");
  EXPECT_EQ(W("float", "decimal(5,2)"), "double");
  EXPECT_EQ(W("boolean", "float"), "double");
}

TEST(TypeLatticeTest, TemporalChainAndIncompatibleTypesGiveString) {
  EXPECT_EQ(W("date", "timestamp"), "timestamp");
  EXPECT_EQ(W("timestamp", "date"), "timestamp");
  EXPECT_EQ(W("date", "date"), "date");
  EXPECT_EQ(W("date", "bigint"), "string");
  EXPECT_EQ(W("timestamp", "boolean"), "string");
  EXPECT_EQ(W("binary", "binary"), "binary");
  EXPECT_EQ(W("binary", "string"), "string");
  EXPECT_EQ(W("binary", "int"), "string");
  EXPECT_EQ(W("array<int>", "int"), "string");
  EXPECT_EQ(W("array<int>", "struct<a:int>"), "string");
  EXPECT_EQ(W("map<string,int>", "struct<a:int>"), "string");
}

TEST(TypeLatticeTest, CharAndVarchar) {
  EXPECT_EQ(W("char(3)", "char(5)"), "char(5)");
  EXPECT_EQ(W("char(3)", "varchar(2)"), "varchar(3)");
  EXPECT_EQ(W("varchar(10)", "varchar(20)"), "varchar(20)");
  EXPECT_EQ(W("varchar(10)", "string"), "string");
  EXPECT_EQ(W("varchar(10)", "int"), "string");
}

TEST(TypeLatticeTest, NullWidensToTheOtherSide) {
  for (const char* t : {"boolean", "bigint", "string", "date", "array<int>", "struct<a:int>"}) {
    EXPECT_EQ(Widen(GlueType::Null(), T(t)).ToString(), t);
    EXPECT_EQ(Widen(T(t), GlueType::Null()).ToString(), t);
  }
  EXPECT_TRUE(Widen(GlueType::Null(), GlueType::Null()).is_null());
  EXPECT_EQ(Widen(GlueType::Array(GlueType::Null()), T("array<bigint>")).ToString(),
            "array<bigint>");
}

TEST(TypeLatticeTest, ContainersWidenTheirParts) {
  EXPECT_EQ(W("array<int>", "array<double>"), "array<double>");
  EXPECT_EQ(W("array<array<int>>", "array<array<date>>"), "array<array<string>>");
  EXPECT_EQ(W("map<int,int>", "map<bigint,double>"), "map<bigint,double>");
}

TEST(TypeLatticeTest, StructsAreUnionedInFirstSeenOrder) {
  EXPECT_EQ(W("struct<a:int,b:string>", "struct<c:double,a:bigint>"),
            "struct<a:bigint,b:string,c:double>");
  EXPECT_EQ(W("struct<c:double,a:bigint>", "struct<a:int,b:string>"),
            "struct<c:double,a:bigint,b:string>");
  // Names match case-insensitively; the first spelling is kept.
  EXPECT_EQ(W("struct<UserId:int>", "struct<userid:bigint,x:int>"), "struct<UserId:bigint,x:int>");
  EXPECT_EQ(W("array<struct<name:string>>", "array<struct<name:string,position:array<double>>>"),
            "array<struct<name:string,position:array<double>>>");
  EXPECT_EQ(W("struct<a:struct<x:int>>", "struct<a:struct<y:date>>"),
            "struct<a:struct<x:int,y:date>>");
}

TEST(TypeLatticeTest, EquivalentIgnoresFieldOrderAndCaseOnly) {
  EXPECT_TRUE(Equivalent(T("struct<a:int,B:string>"), T("struct<b:string,A:int>")));
  EXPECT_FALSE(Equivalent(T("struct<a:int>"), T("struct<a:bigint>")));
  EXPECT_FALSE(Equivalent(T("struct<a:int>"), T("struct<a:int,b:int>")));
  EXPECT_FALSE(Equivalent(T("struct<a:int,b:int>"), T("struct<a:int,c:int>")));
  EXPECT_FALSE(Equivalent(T("decimal(10,2)"), T("decimal(10,3)")));
  EXPECT_FALSE(Equivalent(T("varchar(1)"), T("varchar(2)")));
  EXPECT_TRUE(
      Equivalent(T("map<string,struct<x:int,y:int>>"), T("map<string,struct<y:int,x:int>>")));
  EXPECT_FALSE(Equivalent(T("array<int>"), T("array<bigint>")));
}

TEST(TypeLatticeTest, ResolveForCatalogReplacesUnknowns) {
  EXPECT_EQ(ResolveForCatalog(GlueType::Null()).ToString(), "string");
  EXPECT_EQ(ResolveForCatalog(GlueType::Array(GlueType::Null())).ToString(), "array<string>");
  EXPECT_EQ(ResolveForCatalog(GlueType::Struct({})).ToString(), "string");
  EXPECT_EQ(ResolveForCatalog(
                GlueType::Struct({{"a", GlueType::Null()},
                                  {"b", GlueType::Struct({})},
                                  {"c", GlueType::Map(GlueType::String(), GlueType::Null())}}))
                .ToString(),
            "struct<a:string,b:string,c:map<string,string>>");
  EXPECT_EQ(ResolveForCatalog(T("decimal(5,1)")).ToString(), "decimal(5,1)");
}

// Property tests over random types, nulls and empty structs included.
class TypeLatticePropertyTest : public ::testing::Test {
 protected:
  testing::RandomGlueTypes random_{20240601, /*allow_null=*/true};
  static constexpr int kSamples = 3000;
};

TEST_F(TypeLatticePropertyTest, Commutative) {
  for (int i = 0; i < kSamples; ++i) {
    const GlueType a = random_.Next();
    const GlueType b = random_.Next();
    EXPECT_TRUE(Equivalent(Widen(a, b), Widen(b, a)))
        << a.ToString() << " ^ " << b.ToString() << ": " << Widen(a, b).ToString() << " vs "
        << Widen(b, a).ToString();
  }
}

TEST_F(TypeLatticePropertyTest, Associative) {
  for (int i = 0; i < kSamples; ++i) {
    const GlueType a = random_.Next();
    const GlueType b = random_.Next();
    const GlueType c = random_.Next();
    const GlueType left = Widen(Widen(a, b), c);
    const GlueType right = Widen(a, Widen(b, c));
    EXPECT_EQ(left, right) << a.ToString() << " ^ " << b.ToString() << " ^ " << c.ToString() << ": "
                           << left.ToString() << " vs " << right.ToString();
  }
}

TEST_F(TypeLatticePropertyTest, AssociativeOnStructHeavySamples) {
  // Structs sharing field names are where union order and nested widening interact.
  for (int i = 0; i < kSamples; ++i) {
    auto next_struct = [&] {
      GlueType t = random_.Next(3);
      return t.kind() == TypeKind::kStruct ? t : GlueType::Struct({{"a", t}});
    };
    const GlueType a = next_struct();
    const GlueType b = next_struct();
    const GlueType c = next_struct();
    EXPECT_EQ(Widen(Widen(a, b), c), Widen(a, Widen(b, c)))
        << a.ToString() << " ^ " << b.ToString() << " ^ " << c.ToString();
  }
}

TEST_F(TypeLatticePropertyTest, Idempotent) {
  for (int i = 0; i < kSamples; ++i) {
    const GlueType a = random_.Next();
    EXPECT_EQ(Widen(a, a), a) << a.ToString();
  }
}

TEST_F(TypeLatticePropertyTest, StringIsTopAndNullIsBottom) {
  for (int i = 0; i < kSamples; ++i) {
    const GlueType a = random_.Next();
    EXPECT_EQ(Widen(a, GlueType::String()), GlueType::String()) << a.ToString();
    EXPECT_EQ(Widen(GlueType::String(), a), GlueType::String()) << a.ToString();
    EXPECT_EQ(Widen(a, GlueType::Null()), a) << a.ToString();
  }
}

TEST_F(TypeLatticePropertyTest, ResultIsAnUpperBound) {
  // Widening the result with either input changes nothing (absorption).
  for (int i = 0; i < kSamples; ++i) {
    const GlueType a = random_.Next();
    const GlueType b = random_.Next();
    const GlueType ab = Widen(a, b);
    EXPECT_TRUE(Equivalent(Widen(ab, a), ab)) << a.ToString() << " ^ " << b.ToString();
    EXPECT_TRUE(Equivalent(Widen(ab, b), ab)) << a.ToString() << " ^ " << b.ToString();
  }
}

std::vector<Column> Cols(const std::vector<std::pair<std::string, std::string>>& spec) {
  std::vector<Column> out;
  for (const auto& [name, type] : spec) out.push_back({name, T(type)});
  return out;
}

std::string Describe(const SchemaUnion& u) {
  std::string out;
  for (const Column& c : u.columns) out += c.name + ":" + c.type.ToString() + " ";
  return out;
}

TEST(WidenSchemaTest, UnionsByNameInFirstSeenOrderAndReportsChanges) {
  SchemaUnion u =
      WidenSchema(Cols({{"id", "bigint"}, {"Price", "bigint"}, {"name", "string"}}),
                  Cols({{"PRICE", "double"}, {"ID", "bigint"}, {"tags", "array<string>"}}));
  EXPECT_EQ(Describe(u), "id:bigint price:double name:string tags:array<string> ");
  ASSERT_EQ(u.changes.size(), 2u);
  EXPECT_EQ(u.changes[0].kind, SchemaChange::Kind::kWidened);
  EXPECT_EQ(u.changes[0].ToString(), "column price widened bigint -> double");
  EXPECT_EQ(u.changes[1].kind, SchemaChange::Kind::kAdded);
  EXPECT_EQ(u.changes[1].ToString(), "column tags added (array<string>)");
}

TEST(WidenSchemaTest, KeepsColumnsMissingFromEitherSide) {
  SchemaUnion u = WidenSchema(Cols({{"a", "int"}, {"b", "date"}}), Cols({{"c", "boolean"}}));
  EXPECT_EQ(Describe(u), "a:int b:date c:boolean ");
  ASSERT_EQ(u.changes.size(), 1u);
  EXPECT_EQ(u.changes[0].column, "c");
  SchemaUnion none = WidenSchema(Cols({{"a", "int"}}), {});
  EXPECT_EQ(Describe(none), "a:int ");
  EXPECT_TRUE(none.changes.empty());
  SchemaUnion all_new = WidenSchema({}, Cols({{"a", "int"}, {"b", "string"}}));
  EXPECT_EQ(all_new.changes.size(), 2u);
}

TEST(WidenSchemaTest, MergesDuplicatesWithinOneSide) {
  SchemaUnion u = WidenSchema(Cols({{"a", "int"}, {"A", "double"}}), Cols({{"a", "int"}}));
  EXPECT_EQ(Describe(u), "a:double ");
  EXPECT_TRUE(u.changes.empty());  // relative to the base after its own merge
}

TEST(WidenSchemaTest, StructColumnsWidenFieldByField) {
  SchemaUnion u = WidenSchema(Cols({{"s", "struct<x:int>"}}), Cols({{"s", "struct<y:string>"}}));
  EXPECT_EQ(Describe(u), "s:struct<x:int,y:string> ");
  ASSERT_EQ(u.changes.size(), 1u);
  EXPECT_EQ(u.changes[0].ToString(), "column s widened struct<x:int> -> struct<x:int,y:string>");
}

TEST(WidenSchemaTest, ResultTypesDoNotDependOnArgumentOrder) {
  testing::RandomGlueTypes random(99, /*allow_null=*/true);
  const std::vector<std::string> names = {"a", "B", "c", "D", "e"};
  for (int i = 0; i < 500; ++i) {
    std::vector<Column> x;
    std::vector<Column> y;
    for (const std::string& n : names) {
      if (random.Uniform(0, 2) > 0) x.push_back({n, random.Next(2)});
      if (random.Uniform(0, 2) > 0) y.push_back({LowerAscii(n), random.Next(2)});
    }
    SchemaUnion xy = WidenSchema(x, y);
    SchemaUnion yx = WidenSchema(y, x);
    ASSERT_EQ(xy.columns.size(), yx.columns.size());
    for (const Column& c : xy.columns) {
      bool found = false;
      for (const Column& d : yx.columns) {
        if (d.name == c.name) {
          found = true;
          EXPECT_TRUE(Equivalent(c.type, d.type)) << c.name;
        }
      }
      EXPECT_TRUE(found) << c.name;
    }
  }
}

}  // namespace
}  // namespace sluice::formats
