// Parser and evaluator tests for partition expressions. Index ranges:
// partition_expr_ranges_test.cc.
#include "catalog/partition_expr.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::catalog {
namespace {

const std::string kNull(kHiveNullPartitionValue);

const std::vector<PartitionKey> kDateKeys = {{"year", PartitionKeyType::kInt},
                                             {"month", PartitionKeyType::kString},
                                             {"day", PartitionKeyType::kInt}};

const std::vector<PartitionKey> kTypedKeys = {
    {"s", PartitionKeyType::kString},    {"ti", PartitionKeyType::kTinyInt},
    {"si", PartitionKeyType::kSmallInt}, {"i", PartitionKeyType::kInt},
    {"bi", PartitionKeyType::kBigInt},   {"d", PartitionKeyType::kDecimal},
    {"dt", PartitionKeyType::kDate},     {"ts", PartitionKeyType::kTimestamp}};

PartitionFilter MustCompile(std::string_view expression,
                            const std::vector<PartitionKey>& keys = kDateKeys) {
  Result<PartitionFilter> filter = PartitionFilter::Compile(expression, keys);
  EXPECT_TRUE(filter.ok()) << expression << " -> " << filter.status().ToString();
  return filter.ok() ? std::move(*filter) : PartitionFilter();
}

bool Matches(std::string_view expression, const std::vector<std::string>& values,
             const std::vector<PartitionKey>& keys = kDateKeys) {
  return MustCompile(expression, keys).Matches(values);
}

// Returns the error message of compiling `expression`, which must fail with InvalidInput.
std::string CompileError(std::string_view expression,
                         const std::vector<PartitionKey>& keys = kDateKeys) {
  Result<PartitionFilter> filter = PartitionFilter::Compile(expression, keys);
  EXPECT_FALSE(filter.ok()) << expression << " compiled to " << filter->DebugString();
  if (filter.ok()) return "";
  EXPECT_EQ(filter.status().code(), StatusCode::kInvalidInput);
  return filter.status().message();
}

void ExpectErrorContains(std::string_view expression, const std::vector<std::string>& parts,
                         const std::vector<PartitionKey>& keys = kDateKeys) {
  const std::string message = CompileError(expression, keys);
  for (const std::string& part : parts) {
    EXPECT_NE(message.find(part), std::string::npos)
        << "expression: " << expression << "\nmessage:    " << message << "\nmissing:    " << part;
  }
}

// --- Every operator on every type --------------------------------------------------------------

struct TypeCase {
  std::string key;
  std::vector<std::string> stored;  // three ascending stored values
  std::string mid;                  // a literal equal to stored[1], often spelled differently
  std::string invalid;              // a stored value that does not parse as the type ("" = none)
};

const std::vector<TypeCase> kTypeCases = {
    {"s", {"apple", "banana", "cherry"}, "'banana'", ""},
    {"ti", {"-5", "7", "100"}, "'07'", "x"},
    {"si", {"-300", "20", "30000"}, "+20", "1.5"},
    {"i", {"-2147483648", "9", "10"}, "9", "ten"},  // 9 < 10 numerically, not bytewise
    {"bi", {"-9223372036854775808", "9", "9223372036854775807"}, "'9'", "99999999999999999999"},
    {"d", {"-1.5", "2.5", "10"}, "2.50", "1,5"},
    {"dt", {"2023-12-31", "2024-02-09", "2024-10-01"}, "'2024-2-9'", "2024-02-30"},
    {"ts",
     {"2024-01-01 00:00:00", "2024-01-01 00:00:00.5", "2024-01-01 09:00:00"},
     "'2024-01-01T00:00:00.500'",
     "2024-01-01 25:00:00"},
};

struct OpCase {
  std::string op;  // expression after the key; $M = mid literal, $L / $H = stored[0] / stored[2]
  std::vector<bool> expected;  // for stored[0], stored[1], stored[2]
  bool on_null;                // result for a NULL value
  bool on_invalid;             // result for a value that does not parse as the type
};

const std::vector<OpCase> kOpCases = {
    {"= $M", {false, true, false}, false, false},
    {"<> $M", {true, false, true}, false, false},
    {"!= $M", {true, false, true}, false, false},
    {"< $M", {true, false, false}, false, false},
    {"<= $M", {true, true, false}, false, false},
    {"> $M", {false, false, true}, false, false},
    {">= $M", {false, true, true}, false, false},
    {"IN ($L, $M)", {true, true, false}, false, false},
    {"NOT IN ($L, $M)", {false, false, true}, false, false},
    {"BETWEEN $M AND $H", {false, true, true}, false, false},
    {"NOT BETWEEN $M AND $H", {true, false, false}, false, false},
    {"BETWEEN $H AND $M", {false, false, false}, false, false},
    {"LIKE $RAW", {false, true, false}, false, false},
    {"NOT LIKE $RAW", {true, false, true}, false, true},
    {"LIKE '%'", {true, true, true}, false, true},
    {"IS NULL", {false, false, false}, true, false},
    {"IS NOT NULL", {true, true, true}, false, true},
};

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string Substitute(std::string text, const TypeCase& t) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t pos; (pos = text.find(from)) != std::string::npos;) {
      text.replace(pos, from.size(), to);
    }
  };
  replace("$RAW", Quote(t.stored[1]));
  replace("$M", t.mid);
  replace("$L", Quote(t.stored[0]));
  replace("$H", Quote(t.stored[2]));
  return text;
}

TEST(PartitionExprEvalTest, EveryOperatorOnEveryType) {
  for (const TypeCase& t : kTypeCases) {
    for (const OpCase& op : kOpCases) {
      for (const bool mirrored : {false, true}) {
        std::string expression = t.key + " " + Substitute(op.op, t);
        // Also as `value op key` for comparisons, e.g. "'07' > ti" for "ti < '07'".
        if (mirrored) {
          static const std::vector<std::pair<std::string, std::string>> kMirror = {
              {"= ", " = "},   {"<> ", " <> "}, {"!= ", " != "}, {"< ", " > "},
              {"<= ", " >= "}, {"> ", " < "},   {">= ", " <= "}};
          bool found = false;
          for (const auto& [op_text, mirrored_op] : kMirror) {
            if (op.op == op_text + "$M") {
              expression = t.mid + mirrored_op + t.key;
              found = true;
            }
          }
          if (!found) continue;
        }
        SCOPED_TRACE(expression);
        const PartitionFilter filter = MustCompile(expression, kTypedKeys);
        const size_t key = &t - &kTypeCases[0];
        std::vector<std::string> row(kTypedKeys.size(), kNull);
        for (size_t v = 0; v < 3; ++v) {
          row[key] = t.stored[v];
          EXPECT_EQ(filter.Matches(row), op.expected[v]) << "value " << t.stored[v];
          // Three-valued logic: NOT p is true exactly when p is false.
          const PartitionFilter negated = MustCompile("NOT (" + expression + ")", kTypedKeys);
          EXPECT_EQ(negated.Matches(row), !op.expected[v]) << "NOT, value " << t.stored[v];
        }
        row[key] = kNull;
        EXPECT_EQ(filter.Matches(row), op.on_null) << "NULL";
        if (!t.invalid.empty()) {
          row[key] = t.invalid;
          EXPECT_EQ(filter.Matches(row), op.on_invalid) << "invalid value " << t.invalid;
        }
      }
    }
  }
}

TEST(PartitionExprEvalTest, LiteralsAreConvertedToTheKeyType) {
  EXPECT_TRUE(Matches("i = 9", {kNull, kNull, kNull, "0009"}, kTypedKeys));
  EXPECT_TRUE(Matches("i = '+9'", {kNull, kNull, kNull, "9"}, kTypedKeys));
  EXPECT_TRUE(Matches("d = 12.50", {kNull, kNull, kNull, kNull, kNull, "12.5"}, kTypedKeys));
  EXPECT_TRUE(Matches("d = 0.3", {kNull, kNull, kNull, kNull, kNull, "0.30"}, kTypedKeys));
  EXPECT_FALSE(Matches("d = 0.3", {kNull, kNull, kNull, kNull, kNull, "0.3000001"}, kTypedKeys));
  EXPECT_TRUE(Matches("d > -0.001", {kNull, kNull, kNull, kNull, kNull, "-0"}, kTypedKeys));
  // A bare number compared with a string key is the text as written.
  EXPECT_TRUE(Matches("s = 12.50", {"12.50"}, kTypedKeys));
  EXPECT_FALSE(Matches("s = 12.50", {"12.5"}, kTypedKeys));
  EXPECT_TRUE(Matches("s < 'b'", {"abc"}, kTypedKeys));
  EXPECT_FALSE(Matches("s < 'B'", {"abc"}, kTypedKeys));  // bytewise, case-sensitive
  EXPECT_TRUE(Matches("dt BETWEEN '2024-01-01' AND '2024-12-31'",
                      {kNull, kNull, kNull, kNull, kNull, kNull, "2024-02-29"}, kTypedKeys));
  EXPECT_TRUE(Matches("ts >= '2024-01-01'",
                      {kNull, kNull, kNull, kNull, kNull, kNull, kNull, "2024-01-01 00:00:00"},
                      kTypedKeys));
  EXPECT_TRUE(Matches("ts < '2024-01-01 00:00:00.000000001'",
                      {kNull, kNull, kNull, kNull, kNull, kNull, kNull, "2024-01-01 00:00:00"},
                      kTypedKeys));
}

// --- Syntax -------------------------------------------------------------------------------------

TEST(PartitionExprParseTest, PrecedenceIsNotThenAndThenOr) {
  EXPECT_EQ(MustCompile("year = 1 OR month = 'a' AND day = 2").DebugString(),
            "(year = '1' OR (month = 'a' AND day = '2'))");
  EXPECT_EQ(MustCompile("(year = 1 OR month = 'a') AND day = 2").DebugString(),
            "((year = '1' OR month = 'a') AND day = '2')");
  EXPECT_EQ(MustCompile("NOT year = 1 AND day = 2").DebugString(),
            "((NOT year = '1') AND day = '2')");
  EXPECT_EQ(MustCompile("NOT (year = 1 AND day = 2)").DebugString(),
            "(NOT (year = '1' AND day = '2'))");
  EXPECT_EQ(MustCompile("year = 1 AND month = 'a' AND day = 2 OR NOT NOT day > 3").DebugString(),
            "((year = '1' AND month = 'a' AND day = '2') OR (NOT (NOT day > '3')))");
  // OR binds loosest: 1 OR (FALSE AND FALSE) is TRUE; (1 OR FALSE) AND FALSE is not.
  EXPECT_TRUE(Matches("year = 1 OR month = 'x' AND day = 9", {"1", "a", "2"}));
  EXPECT_FALSE(Matches("(year = 1 OR month = 'x') AND day = 9", {"1", "a", "2"}));
  EXPECT_FALSE(Matches("NOT year = 1 OR day = 9", {"1", "a", "2"}));
  EXPECT_TRUE(Matches("NOT (year = 2 OR day = 9)", {"1", "a", "2"}));
}

TEST(PartitionExprParseTest, QuotesEscapeByDoubling) {
  EXPECT_TRUE(Matches("month = 'O''Brien'", {"1", "O'Brien", "1"}));
  EXPECT_TRUE(Matches("month = ''''", {"1", "'", "1"}));
  EXPECT_TRUE(Matches("month = 'a''''b'", {"1", "a''b", "1"}));
  EXPECT_TRUE(Matches("month = ''", {"1", "", "1"}));
  EXPECT_TRUE(Matches("month IN ('it''s', 'x')", {"1", "it's", "1"}));
  EXPECT_TRUE(Matches("month LIKE '%''%'", {"1", "it's", "1"}));
  EXPECT_EQ(MustCompile("month = 'O''Brien'").DebugString(), "month = 'O''Brien'");
}

TEST(PartitionExprParseTest, KeywordsAndKeyNamesAreCaseInsensitive) {
  const std::vector<std::string> row = {"2024", "08", "15"};
  EXPECT_TRUE(Matches("YEAR = 2024 and Month In ('08') oR day iS nULL", row));
  EXPECT_TRUE(Matches("year BeTwEeN 2000 AnD 2030 AND NoT day NoT bEtWeEn 1 and 31", row));
  EXPECT_TRUE(Matches("month lIkE '0%' AND day IS NOT null", row));
  EXPECT_TRUE(Matches("\"Year\" = 2024 AND `MONTH` = '08'", row));
  EXPECT_TRUE(Matches("`year` = 2024", row, {{"Year", PartitionKeyType::kInt}}));
}

TEST(PartitionExprParseTest, QuotedIdentifiersMayHoldAnyCharacter) {
  const std::vector<PartitionKey> keys = {{"event date", PartitionKeyType::kDate},
                                          {"a\"b", PartitionKeyType::kString}};
  EXPECT_TRUE(
      Matches("`event date` = '2024-01-02' AND \"a\"\"b\" = 'x'", {"2024-01-02", "x"}, keys));
}

TEST(PartitionExprParseTest, WhitespaceAndBlankExpressions) {
  for (const char* blank : {"", " ", "\t\n  \r"}) {
    const PartitionFilter filter = MustCompile(blank);
    EXPECT_TRUE(filter.MatchesAll());
    EXPECT_TRUE(filter.Matches({kNull, kNull, kNull}));
    EXPECT_EQ(filter.DebugString(), "TRUE");
    EXPECT_EQ(filter.IndexRanges({0, 1, 2}), std::nullopt);
  }
  EXPECT_TRUE(Matches(" \n\tyear=2024\n AND(month='08')\t", {"2024", "08", "1"}));
  EXPECT_TRUE(Matches("year>=2024 AND(day<>-5)OR(month='x')", {"2024", "08", "1"}));
  ExpectErrorContains("year>=2024AND day<>-5", {"near '2024AND'", "malformed number"});
  EXPECT_FALSE(MustCompile("year = 1").MatchesAll());
}

TEST(PartitionExprParseTest, InListsAreSortedAndDeduplicated) {
  EXPECT_EQ(MustCompile("day IN (10, 9, '09', 9, -1)").DebugString(), "day IN ('-1', '9', '10')");
  EXPECT_EQ(MustCompile("day IN (5)").DebugString(), "day IN ('5')");
}

// --- NULL and invalid stored values
// ---------------------------------------------------------------

TEST(PartitionExprEvalTest, NullUsesThreeValuedLogic) {
  const std::vector<std::string> row = {kNull, "08", "1"};  // year is NULL
  EXPECT_FALSE(Matches("year = 2024", row));
  EXPECT_FALSE(Matches("year <> 2024", row));
  EXPECT_FALSE(Matches("NOT (year = 2024)", row));
  EXPECT_FALSE(Matches("NOT year IN (1, 2)", row));
  EXPECT_FALSE(Matches("year NOT IN (1, 2)", row));
  EXPECT_FALSE(Matches("year NOT BETWEEN 1 AND 2", row));
  EXPECT_TRUE(Matches("year IS NULL", row));
  EXPECT_FALSE(Matches("year IS NOT NULL", row));
  EXPECT_TRUE(Matches("NOT (year IS NOT NULL)", row));
  EXPECT_TRUE(Matches("year = 2024 OR month = '08'", row));   // unknown OR true
  EXPECT_FALSE(Matches("year = 2024 OR month = '09'", row));  // unknown OR false
  EXPECT_FALSE(Matches("NOT (year = 2024 OR month = '09')", row));
  EXPECT_TRUE(Matches("NOT (year = 2024 AND month = '09')", row));  // NOT (unknown AND false)
  EXPECT_FALSE(Matches("NOT (year = 2024 AND month = '08')", row));
  EXPECT_TRUE(Matches("year = 1 OR year IS NULL", row));
  // A NULL string key: the marker is NULL even though the key holds strings.
  EXPECT_FALSE(Matches("month LIKE '%'", {"1", kNull, "1"}));
  EXPECT_TRUE(Matches("month IS NULL", {"1", kNull, "1"}));
  // Values missing at the end of the row are NULL.
  EXPECT_TRUE(Matches("day IS NULL", {"1", "08"}));
  EXPECT_FALSE(Matches("day <> 3", {"1", "08"}));
}

TEST(PartitionExprEvalTest, InvalidStoredValuesOnlyMatchLikeAndNullTests) {
  const std::vector<std::string> row = {"abc", "08", "1"};  // year is not an int
  EXPECT_FALSE(Matches("year = 1", row));
  EXPECT_FALSE(Matches("year <> 1", row));
  EXPECT_FALSE(Matches("year > -1000", row));
  EXPECT_FALSE(Matches("NOT (year = 1)", row));
  EXPECT_FALSE(Matches("year NOT IN (1)", row));
  EXPECT_FALSE(Matches("year BETWEEN -1 AND 1", row));
  EXPECT_TRUE(Matches("year LIKE 'ab%'", row));
  EXPECT_TRUE(Matches("year NOT LIKE '1%'", row));
  EXPECT_TRUE(Matches("year IS NOT NULL", row));
  EXPECT_FALSE(Matches("year IS NULL", row));
  EXPECT_TRUE(Matches("year = 1 OR month = '08'", row));
}

// --- LIKE
// -------------------------------------------------------------------------------------------

TEST(SqlLikeMatchTest, PercentAndUnderscoreAnchoredAndCaseSensitive) {
  EXPECT_TRUE(SqlLikeMatch("", ""));
  EXPECT_TRUE(SqlLikeMatch("", "%"));
  EXPECT_TRUE(SqlLikeMatch("", "%%"));
  EXPECT_FALSE(SqlLikeMatch("", "_"));
  EXPECT_TRUE(SqlLikeMatch("abc", "abc"));
  EXPECT_FALSE(SqlLikeMatch("abc", "ab"));
  EXPECT_FALSE(SqlLikeMatch("abc", "bc"));
  EXPECT_FALSE(SqlLikeMatch("abc", "ABC"));
  EXPECT_TRUE(SqlLikeMatch("abc", "a%"));
  EXPECT_TRUE(SqlLikeMatch("abc", "%c"));
  EXPECT_TRUE(SqlLikeMatch("abc", "%b%"));
  EXPECT_TRUE(SqlLikeMatch("abc", "a_c"));
  EXPECT_FALSE(SqlLikeMatch("abc", "a_"));
  EXPECT_TRUE(SqlLikeMatch("abc", "___"));
  EXPECT_FALSE(SqlLikeMatch("abc", "____"));
  EXPECT_TRUE(SqlLikeMatch("aXbXc", "a%b%c"));
  EXPECT_TRUE(SqlLikeMatch("abcbc", "%bc"));  // needs backtracking past the first "bc"
  EXPECT_TRUE(SqlLikeMatch("mississippi", "m%iss%pi"));
  EXPECT_FALSE(SqlLikeMatch("mississippi", "m%iss%ppp"));
  EXPECT_TRUE(SqlLikeMatch("a%b", "a%b"));           // no escape character: '%' in the text is text
  EXPECT_TRUE(SqlLikeMatch("caf\xc3\xa9", "caf_"));  // '_' is one UTF-8 character
  EXPECT_TRUE(SqlLikeMatch("\xc3\xa9t\xc3\xa9", "_t_"));
  EXPECT_TRUE(SqlLikeMatch("x\xe2\x82\xacy", "%_y"));
  EXPECT_TRUE(SqlLikeMatch(std::string("a\0b", 3), "a_b"));
  EXPECT_TRUE(SqlLikeMatch(std::string(10000, 'a'), "%a%a%a%a%a%b%") == false);
}

TEST(PartitionExprEvalTest, LikeMatchesTheRawStringForAnyKeyType) {
  EXPECT_TRUE(Matches("day LIKE '0_'", {"1", "x", "07"}));
  EXPECT_FALSE(Matches("day = 7 AND day LIKE '7'", {"1", "x", "07"}));
  EXPECT_TRUE(Matches("month LIKE '2024-__-%'", {"1", "2024-08-01", "1"}));
  EXPECT_TRUE(Matches("month NOT LIKE '2024%'", {"1", "2023-08", "1"}));
  EXPECT_TRUE(Matches("month LIKE 5", {"1", "5", "1"}));
}

// --- Errors
// -----------------------------------------------------------------------------------------

TEST(PartitionExprErrorTest, SyntaxErrorsNamePositionAndNearbyText) {
  ExpectErrorContains("year = '2024' AN month = '1'",
                      {"Invalid partition expression at position 15 near 'AN': expected AND, OR or "
                       "end of expression"});
  ExpectErrorContains("year = 1 2", {"at position 10 near '2': expected AND, OR or end"});
  ExpectErrorContains("year = 1)", {"at position 9 near ')'", "this ')' has no matching '('"});
  ExpectErrorContains("(year = 1", {"at position 10 (end of expression): expected AND, OR or ')'",
                                    "'(' at position 1"});
  ExpectErrorContains("((year = 1) OR day = 2 month",
                      {"at position 24 near 'month'", "close the '(' at position 1"});
  ExpectErrorContains("year = '2024",
                      {"at position 8 near ''2024'", "unterminated string literal"});
  ExpectErrorContains("year = 'it''s", {"at position 8", "unterminated string literal"});
  ExpectErrorContains("\"year = 1", {"at position 1", "unterminated quoted name"});
  ExpectErrorContains("year IN ()", {"at position 10 near ')'", "IN list is empty"});
  ExpectErrorContains("year IN 1", {"at position 9 near '1'", "expected '(' after IN"});
  ExpectErrorContains("year IN (1 2)", {"at position 12 near '2'", "expected ',' or ')'"});
  ExpectErrorContains("year IN (1,)", {"at position 12 near ')'", "expected a value"});
  ExpectErrorContains("year BETWEEN 1 OR 2",
                      {"at position 16 near 'OR'", "expected AND between the two bounds"});
  ExpectErrorContains("year BETWEEN 1", {"(end of expression)", "expected AND between"});
  ExpectErrorContains("year # 1", {"at position 6 near '#'", "unexpected character"});
  ExpectErrorContains("!year = 1", {"at position 1 near '!'", "unexpected character"});
  ExpectErrorContains("year = ", {"at position 8 (end of expression)", "expected a value"});
  ExpectErrorContains("year", {"(end of expression)",
                               "expected =, <>, !=, <, <=, >, >=, IN, BETWEEN, LIKE or IS after "
                               "partition key 'year'"});
  ExpectErrorContains("year 2024", {"near '2024'", "after partition key 'year'"});
  ExpectErrorContains("= 1", {"at position 1 near '='", "expected a partition key name"});
  ExpectErrorContains("year = 1 AND", {"at position 13 (end of expression)",
                                       "expected a partition key name, a value, NOT or '('"});
  ExpectErrorContains("NOT", {"(end of expression)"});
  ExpectErrorContains("year IS 1", {"near '1'", "expected NULL or NOT NULL after IS"});
  ExpectErrorContains("year NOT = 1", {"near '='", "expected IN, BETWEEN or LIKE after NOT"});
  ExpectErrorContains("year LIKE month", {"near 'month'", "expected a quoted pattern after LIKE"});
  ExpectErrorContains("1 = 2", {"at position 5 near '2'", "needs a key on one side"});
  ExpectErrorContains("'2024' IN (1)", {"near 'IN'", "after a value"});
  ExpectErrorContains("year = 12abc", {"at position 8 near '12abc'", "malformed number"});
  ExpectErrorContains("year = 1.2.3", {"near '1.2.3'", "malformed number"});
  ExpectErrorContains("year = month", {"near 'month'", "comparing two partition keys"});
  ExpectErrorContains("year = NULL", {"near 'NULL'", "IS NULL or IS NOT NULL"});
  ExpectErrorContains("NULL = year", {"at position 1 near 'NULL'", "IS NULL or IS NOT NULL"});
  ExpectErrorContains("IS NULL", {"at position 1 near 'IS'", "expected a partition key name"});
  ExpectErrorContains("year = 1 " + std::string(40, 'z'),
                      {"near '" + std::string(20, 'z') + "...'"});
}

TEST(PartitionExprErrorTest, UnknownKeysListTheTableKeys) {
  ExpectErrorContains("yaer = 2024", {"Unknown partition key 'yaer' at position 1 (partition keys: "
                                      "year, month, day)"});
  ExpectErrorContains("year = 1 AND `mnth` = 'x'", {"'mnth' at position 14"});
  ExpectErrorContains("year = abc", {"Unknown partition key 'abc' at position 8",
                                     "write string values in single quotes, e.g. 'abc'"});
  ExpectErrorContains("month = \"08\"", {"Unknown partition key '08' at position 9",
                                         "write string values in single quotes"});
  ExpectErrorContains("x = 1", {"Unknown partition key 'x'", "the table has no partition keys"},
                      {});
}

TEST(PartitionExprErrorTest, LiteralsThatDoNotFitTheKeyType) {
  ExpectErrorContains("year = 'abc'",
                      {"Value 'abc' at position 8 is not a valid int for partition key 'year'"});
  ExpectErrorContains("ti = 128",
                      {"Value '128' at position 6 is not a valid tinyint for "
                       "partition key 'ti' (expected a whole number from -128 to 127)"},
                      kTypedKeys);
  ExpectErrorContains("si IN (1, 40000)", {"Value '40000' at position 11", "smallint"}, kTypedKeys);
  ExpectErrorContains("i BETWEEN 1 AND 2147483648", {"'2147483648' at position 17", "valid int"},
                      kTypedKeys);
  ExpectErrorContains("bi < '9223372036854775808'", {"valid bigint"}, kTypedKeys);
  ExpectErrorContains("d = '1e5'", {"'1e5'", "valid decimal", "such as 12.50"}, kTypedKeys);
  ExpectErrorContains("dt = '2025-02-30'",
                      {"'2025-02-30' at position 6 is not a valid date", "yyyy-mm-dd"}, kTypedKeys);
  ExpectErrorContains("ts > '2024-01-01 24:00:00'", {"not a valid timestamp", "hh:mm:ss"},
                      kTypedKeys);
  ExpectErrorContains("'x' < i", {"Value 'x' at position 1 is not a valid int"}, kTypedKeys);
  ExpectErrorContains("year = '__HIVE_DEFAULT_PARTITION__'", {"Hive NULL marker", "IS NULL"});
}

// --- Depth and size limits
// -------------------------------------------------------------------------

TEST(PartitionExprLimitsTest, NestingIsCappedWithoutStackOverflow) {
  const int limit = PartitionFilter::kMaxNestingDepth;
  auto nested = [](int depth) {
    return std::string(depth, '(') + "year = 1" + std::string(depth, ')');
  };
  const PartitionFilter deepest = MustCompile(nested(limit));
  EXPECT_TRUE(deepest.Matches({"1", "a", "1"}));
  ExpectErrorContains(nested(limit + 1), {"at position 101 near '('", "more than 100 levels deep"});
  ExpectErrorContains(std::string(100000, '('), {"more than 100 levels deep"});
  std::string nots;
  for (int i = 0; i < limit; ++i) nots += "NOT ";
  EXPECT_TRUE(MustCompile(nots + "year = 1").Matches({"1", "a", "1"}));  // an even number of NOTs
  std::string many_nots;
  for (int i = 0; i < 100000; ++i) many_nots += "not ";
  ExpectErrorContains(many_nots + "year = 1", {"more than 100 levels deep"});
}

TEST(PartitionExprLimitsTest, LongFlatChainsNeedNoDepth) {
  std::string conjunction = "year = 1";
  std::string disjunction = "day = 0";
  for (int i = 1; i < 20000; ++i) {
    conjunction += " AND year = 1";
    disjunction += " OR day = " + std::to_string(i);
  }
  EXPECT_TRUE(MustCompile(conjunction).Matches({"1", "a", "1"}));
  const PartitionFilter any_day = MustCompile(disjunction);
  EXPECT_TRUE(any_day.Matches({"1", "a", "19999"}));
  EXPECT_FALSE(any_day.Matches({"1", "a", "20000"}));
}

}  // namespace
}  // namespace sluice::catalog
