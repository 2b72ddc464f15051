#include "query/athena_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::query::athena_internal {
namespace {

std::vector<SqlToken> Lex(std::string_view sql, bool hive = false) {
  SqlLexer lexer(sql);
  lexer.set_hive_strings(hive);
  std::vector<SqlToken> out;
  while (true) {
    SqlToken t;
    Status st = lexer.Next(&t);
    EXPECT_TRUE(st.ok()) << st.ToString();
    if (!st.ok() || t.kind == SqlTokenKind::kEnd) return out;
    out.push_back(std::move(t));
  }
}

std::vector<std::string> Texts(std::string_view sql, bool hive = false) {
  std::vector<std::string> out;
  for (const SqlToken& t : Lex(sql, hive)) out.push_back(t.text);
  return out;
}

TEST(AthenaLexerTest, SplitsWordsNumbersSymbolsAndSkipsComments) {
  EXPECT_EQ(Texts("SELECT a.b, 1.5e3, .5 -- note\nFROM /* x */ t WHERE x<=2 AND y<>3 || z"),
            (std::vector<std::string>{"SELECT", "a",    ".",  "b",     ",",  "1.5e3", ",",
                                      ".5",     "FROM", "t",  "WHERE", "x",  "<=",    "2",
                                      "AND",    "y",    "<>", "3",     "||", "z"}));
  std::vector<SqlToken> tokens = Lex("  x 'it''s' \"Quoted \"\"Name\"\"\" `back``tick`");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, SqlTokenKind::kWord);
  EXPECT_EQ(tokens[0].pos, 2u);
  EXPECT_EQ(tokens[1].kind, SqlTokenKind::kString);
  EXPECT_EQ(tokens[1].text, "it's");
  EXPECT_EQ(tokens[1].len, 7u);
  EXPECT_EQ(tokens[2].kind, SqlTokenKind::kQuotedName);
  EXPECT_EQ(tokens[2].text, "Quoted \"Name\"");
  EXPECT_EQ(tokens[3].kind, SqlTokenKind::kQuotedName);
  EXPECT_EQ(tokens[3].text, "back`tick");
}

TEST(AthenaLexerTest, HiveStringsTakeBackslashEscapesAndDoubleQuotes) {
  EXPECT_EQ(Texts(R"('\t' '\001' '\u0041' '\\' 'a\'b' "x\"y" '\n\r\0' '\%')", true),
            (std::vector<std::string>{"\t", "\x01", "A", "\\", "a'b", "x\"y",
                                      std::string("\n\r\0", 3), "\\%"}));
  std::vector<SqlToken> tokens = Lex("\"name\"", true);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, SqlTokenKind::kString);
  EXPECT_EQ(tokens[0].quote, '"');
  // Trino's rules: a backslash is itself.
  EXPECT_EQ(Texts(R"('\t')"), std::vector<std::string>{"\\t"});
  EXPECT_EQ(UnescapeHive(R"(\t|\u00e9)"), "\t|\xC3\xA9");
}

TEST(AthenaLexerTest, ScansNestedTypesThenGoesOn) {
  const std::string sql = "a array < struct<x:int, `y z`:map<string,int>> > COMMENT 'c', b int)";
  SqlLexer lexer(sql);
  EXPECT_EQ(lexer.ScanType(2), "array < struct<x:int, `y z`:map<string,int>> >");
  SqlToken t;
  ASSERT_TRUE(lexer.Next(&t).ok());
  EXPECT_EQ(t.text, "COMMENT");
  EXPECT_EQ(SqlLexer("decimal (10, 2))").ScanType(0), "decimal (10, 2)");
  EXPECT_EQ(SqlLexer("int,").ScanType(0), "int");
  EXPECT_EQ(SqlLexer(", x").ScanType(0), "");
}

TEST(AthenaLexerTest, Errors) {
  SqlLexer lexer("SELECT\n  'open");
  SqlToken t;
  ASSERT_TRUE(lexer.Next(&t).ok());
  Status st = lexer.Next(&t);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(st.message(), "line 2:3: unterminated string literal (close it with ')");
  EXPECT_EQ(SqlLexer("x").ErrorAt(0, "bad").message(), "line 1:1: bad");
}

}  // namespace
}  // namespace sluice::query::athena_internal
