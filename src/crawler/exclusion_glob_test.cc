#include "crawler/exclusion_glob.h"

#include <gtest/gtest.h>

namespace sluice::crawler {
namespace {

TEST(GlobTest, GlueDocumentedExamples) {
  EXPECT_TRUE(GlobMatches("departments/**", "departments/a/b.csv"));
  EXPECT_FALSE(GlobMatches("departments/**", "employees/a.csv"));
  EXPECT_TRUE(GlobMatches("**.csv", "a/b/c.csv"));
  EXPECT_TRUE(GlobMatches("employees/*.csv", "employees/x.csv"));
  EXPECT_FALSE(GlobMatches("employees/*.csv", "employees/2020/x.csv"));
  EXPECT_TRUE(GlobMatches("2015/01/{[!0],0[8-9]}**", "2015/01/10/a.json"));
  EXPECT_TRUE(GlobMatches("2015/01/{[!0],0[8-9]}**", "2015/01/09/a.json"));
  EXPECT_FALSE(GlobMatches("2015/01/{[!0],0[8-9]}**", "2015/01/07/a.json"));
}

TEST(GlobTest, SingleCharactersSetsAndEscapes) {
  EXPECT_TRUE(GlobMatches("a?c", "abc"));
  EXPECT_FALSE(GlobMatches("a?c", "a/c"));
  EXPECT_TRUE(GlobMatches("[a-c]x", "bx"));
  EXPECT_FALSE(GlobMatches("[!a-c]x", "bx"));
  EXPECT_TRUE(GlobMatches("\\*x", "*x"));
  EXPECT_FALSE(GlobMatches("\\*x", "ax"));
  EXPECT_TRUE(GlobMatches("*", ".hidden"));
  EXPECT_FALSE(GlobMatches("*", "a/b"));
  EXPECT_TRUE(GlobMatches("**", "a/b"));
  EXPECT_TRUE(GlobMatches("*.{csv,json}", "x.json"));
  EXPECT_FALSE(GlobMatches("*.{csv,json}", "x.parquet"));
}

TEST(GlobTest, ValidationNamesTheProblem) {
  EXPECT_TRUE(ValidateGlob("a/{b,c}/*.csv").ok());
  EXPECT_NE(ValidateGlob("a[b").message().find("unclosed '['"), std::string::npos);
  EXPECT_NE(ValidateGlob("{a,{b}}").message().find("nests"), std::string::npos);
  EXPECT_NE(ValidateGlob("{a,b").message().find("unclosed '{'"), std::string::npos);
  EXPECT_NE(ValidateGlob("a\\").message().find("ends with"), std::string::npos);
}

}  // namespace
}  // namespace sluice::crawler
