#include "engine/athena_functions.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/engine_test_util.h"

namespace sluice::engine {
namespace {

using testing::ConnectTo;
using testing::OpenMemoryDb;

class AthenaFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenMemoryDb();
    ASSERT_NE(db_, nullptr);
    conn_ = ConnectTo(*db_);
    ASSERT_NE(conn_, nullptr);
    ASSERT_TRUE(conn_->Query("SET TimeZone = 'UTC'").ok());
    auto created = conn_->Query(AthenaCompatibilitySql());
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  // The cells of the one row `sql` returns, as DuckDB renders them ("NULL" for NULL).
  std::vector<std::string> Row(const std::string& sql) {
    auto result = conn_->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << "\n" << result.status().ToString();
    if (!result.ok()) return {};
    EXPECT_EQ(result->rows.size(), 1u) << sql;
    if (result->rows.size() != 1) return {};
    std::vector<std::string> out;
    for (const auto& cell : result->rows[0]) out.push_back(cell.value_or("NULL"));
    return out;
  }

  // The one cell `SELECT <expr>` returns. (Query renders scalars only: CAST lists, maps and
  // timestamps with a time zone to VARCHAR.)
  std::string Eval(const std::string& expr) {
    std::vector<std::string> row = Row("SELECT " + expr);
    return row.size() == 1 ? row[0] : "<" + std::to_string(row.size()) + " cells>";
  }

  // The error message `SELECT <expr>` fails with.
  std::string ErrorOf(const std::string& expr) {
    auto result = conn_->Query("SELECT " + expr);
    EXPECT_FALSE(result.ok()) << expr;
    return result.ok() ? "" : result.status().message();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

using Strings = std::vector<std::string>;

TEST_F(AthenaFunctionsTest, RunningTheDefinitionsTwiceIsHarmless) {
  auto again = conn_->Query(AthenaCompatibilitySql());
  EXPECT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Eval("element_at([1, 2], 2)"), "2");
}

TEST_F(AthenaFunctionsTest, DatesFromStringsAsTheSeedsWriteThem) {
  EXPECT_EQ(Eval("date('2024-01-01')"), "2024-01-01");
  EXPECT_EQ(Eval("typeof(date('2024-01-01'))"), "DATE");
  EXPECT_EQ(Eval("date(TIMESTAMP '2024-01-02 03:04:05')"), "2024-01-02");
  EXPECT_EQ(Eval("typeof(CURRENT_DATE)"), "DATE");
  EXPECT_EQ(Eval("from_iso8601_date('2024-01-02')"), "2024-01-02");
  EXPECT_EQ(Eval("CAST(from_iso8601_timestamp('2024-01-02T03:04:05.123+02:00') AS VARCHAR)"),
            "2024-01-02 01:04:05.123+00");
  EXPECT_EQ(Eval("CAST(from_iso8601_timestamp('2024-01-02T03:04:05Z') AS VARCHAR)"),
            "2024-01-02 03:04:05+00");
  EXPECT_EQ(Eval("typeof(from_iso8601_timestamp('2024-01-02'))"), "TIMESTAMP WITH TIME ZONE");
}

TEST_F(AthenaFunctionsTest, MySqlFormats) {
  EXPECT_EQ(Row("SELECT date_parse('2024-01-02 15:04:05', '%Y-%m-%d %H:%i:%s'), "
                "date_parse('01/02/2024 3:04 PM', '%m/%d/%Y %h:%i %p'), "
                "date_parse('2024-01-02 03:04:05.123', '%Y-%m-%d %T.%f'), "
                "date_parse('January 5, 2024', '%M %e, %Y')"),
            (Strings{"2024-01-02 15:04:05", "2024-01-02 15:04:00", "2024-01-02 03:04:05.123",
                     "2024-01-05 00:00:00"}));
  EXPECT_EQ(Row("SELECT date_parse(s, '%Y%m%d') FROM (SELECT '20240102' AS s)"),
            Strings{"2024-01-02 00:00:00"});
  EXPECT_EQ(Eval("date_format(TIMESTAMP '2024-01-02 15:04:05.123', '%Y-%m-%d %H:%i:%s.%f')"),
            "2024-01-02 15:04:05.123000");
  EXPECT_EQ(Eval("date_format(TIMESTAMP '2024-01-02 15:04:05', '%W %M %e %c %k %l %r %T %%i')"),
            "Tuesday January 2 1 15 3 03:04:05 PM 15:04:05 %i");
  EXPECT_EQ(Eval("date_format(DATE '2024-01-02', '%Y/%m')"), "2024/01");
  EXPECT_NE(ErrorOf("date_parse('bad', '%Y-%m-%d')").find("Could not parse string \"bad\""),
            std::string::npos);
}

TEST_F(AthenaFunctionsTest, JodaFormats) {
  EXPECT_EQ(Eval("parse_datetime('2024-01-02T03:04:05', 'yyyy-MM-dd''T''HH:mm:ss')"),
            "2024-01-02 03:04:05");
  EXPECT_EQ(Eval("CAST(parse_datetime('2024-01-02 03:04:05 +0200', 'yyyy-MM-dd HH:mm:ss Z') "
                 "AS VARCHAR)"),
            "2024-01-02 01:04:05+00");
  EXPECT_EQ(Eval("format_datetime(TIMESTAMP '2024-01-02 03:04:05.123', "
                 "'yyyy-MM-dd HH:mm:ss.SSS EEE MMM')"),
            "2024-01-02 03:04:05.123 Tue Jan");
  EXPECT_EQ(Eval("format_datetime(DATE '2024-01-02', 'dd/MM/yy')"), "02/01/24");
}

TEST_F(AthenaFunctionsTest, IsoAndUnixTimes) {
  EXPECT_EQ(Row("SELECT to_iso8601(DATE '2024-01-02'), "
                "to_iso8601(TIMESTAMP '2024-01-02 03:04:05.123'), "
                "to_iso8601(TIMESTAMPTZ '2024-01-02 03:04:05+00')"),
            (Strings{"2024-01-02", "2024-01-02T03:04:05.123", "2024-01-02T03:04:05.000Z"}));
  EXPECT_EQ(Eval("CAST(from_unixtime(1700000000) AS VARCHAR)"), "2023-11-14 22:13:20+00");
  EXPECT_EQ(Eval("CAST(from_unixtime(1700000000.5) AS VARCHAR)"), "2023-11-14 22:13:20.5+00");
  EXPECT_EQ(Eval("to_unixtime(TIMESTAMP '2024-01-01 00:00:00')"), "1704067200.0");
}

TEST_F(AthenaFunctionsTest, DateAddKeepsTheInputType) {
  EXPECT_EQ(Row("SELECT date_add('day', 1, DATE '2024-01-31'), "
                "typeof(date_add('day', 1, DATE '2024-01-31')), "
                "date_add('MONTH', 1, DATE '2024-01-31'), "
                "date_add('hour', -2, TIMESTAMP '2024-01-01 01:00:00'), "
                "date_add('quarter', 1, TIMESTAMP '2024-01-01 10:00:00.5'), "
                "date_add('week', 2, DATE '2024-01-01'), "
                "date_add('millisecond', 1500, TIMESTAMP '2024-01-01 00:00:00')"),
            (Strings{"2024-02-01", "DATE", "2024-02-29", "2023-12-31 23:00:00",
                     "2024-04-01 10:00:00.5", "2024-01-15", "2024-01-01 00:00:01.5"}));
  EXPECT_EQ(Row("SELECT date_add('year', n, d) FROM (SELECT 2 AS n, DATE '2024-02-29' AS d)"),
            Strings{"2026-02-28"});
  // DuckDB's own two-argument form still works.
  EXPECT_EQ(Eval("date_add(DATE '2024-01-01', INTERVAL 1 DAY)"), "2024-01-02 00:00:00");
  EXPECT_NE(ErrorOf("date_add('fortnight', 1, DATE '2024-01-01')")
                .find("date_add: unknown unit 'fortnight' (use millisecond, second, minute, "
                      "hour, day, week, month, quarter or year)"),
            std::string::npos);
}

TEST_F(AthenaFunctionsTest, DateDiffCountsWholeUnitsAsPrestoDoes) {
  EXPECT_EQ(Row("SELECT date_diff('day', TIMESTAMP '2024-01-01 23:00', "
                "TIMESTAMP '2024-01-02 01:00'), "
                "date_diff('month', DATE '2024-01-31', DATE '2024-02-28'), "
                "date_diff('month', DATE '2024-01-31', DATE '2024-02-29'), "
                "date_diff('DAY', DATE '2024-01-01', DATE '2024-03-01'), "
                "date_diff('day', DATE '2024-03-01', DATE '2024-01-01'), "
                "date_diff('hour', TIMESTAMP '2024-01-01 00:00', TIMESTAMP '2024-01-01 05:59')"),
            (Strings{"0", "0", "1", "60", "-60", "5"}));
}

TEST_F(AthenaFunctionsTest, DateTruncKeepsTheInputType) {
  EXPECT_EQ(
      Row("SELECT date_trunc('month', TIMESTAMP '2024-05-17 10:00:00'), "
          "typeof(date_trunc('month', TIMESTAMP '2024-05-17 10:00:00')), "
          "date_trunc('month', DATE '2024-05-17'), "
          "typeof(date_trunc('year', DATE '2024-05-17')), "
          "date_trunc('hour', TIMESTAMP '2024-05-17 10:30:00')"),
      (Strings{"2024-05-01 00:00:00", "TIMESTAMP", "2024-05-01", "DATE", "2024-05-17 10:00:00"}));
}

TEST_F(AthenaFunctionsTest, DateParts) {
  EXPECT_EQ(Row("SELECT day_of_week(DATE '2024-01-07'), dow(DATE '2024-01-08'), "
                "day_of_month(DATE '2024-01-07'), day_of_year(DATE '2024-02-01'), "
                "doy(DATE '2024-02-01'), week_of_year(DATE '2024-01-01'), "
                "year_of_week(DATE '2021-01-01'), yow(DATE '2021-01-01'), "
                "last_day_of_month(DATE '2024-02-03'), "
                "millisecond(TIMESTAMP '2024-01-01 00:00:05.123')"),
            (Strings{"7", "1", "7", "32", "32", "1", "2020", "2020", "2024-02-29", "123"}));
  EXPECT_EQ(
      Row("SELECT at_timezone(TIMESTAMP '2024-01-02 12:00:00', 'America/New_York'), "
          "CAST(with_timezone(TIMESTAMP '2024-01-02 12:00:00', 'America/New_York') AS VARCHAR), "
          "current_timezone()"),
      (Strings{"2024-01-02 07:00:00", "2024-01-02 17:00:00+00", "UTC"}));
}

TEST_F(AthenaFunctionsTest, Aggregates) {
  EXPECT_EQ(Row("SELECT approx_distinct(x), approx_distinct(x, 0.01), "
                "approx_percentile(x, 0.5), every(x > 0), bitwise_and_agg(x), bitwise_or_agg(x), "
                "bitwise_xor_agg(x) FROM (VALUES (1), (2), (2), (3)) t(x)"),
            (Strings{"3", "3", "2", "true", "0", "3", "2"}));
  EXPECT_EQ(Eval("CAST(approx_percentile(x, [0.5, 0.9]) AS VARCHAR) FROM range(100) t(x)"),
            "[50, 89]");
  // A repeated key keeps its first value; NULL keys are skipped.
  EXPECT_EQ(
      Eval("CAST(map_agg(k, v) AS VARCHAR) FROM (VALUES (1, 'a'), (2, 'b'), (1, 'c'), (NULL, 'd')) "
           "t(k, v)"),
      "{1=a, 2=b}");
  auto grouped = conn_->Query(
      "SELECT g, CAST(map_agg(k, k * 10) AS VARCHAR) FROM (VALUES (1, 1), (1, 2), (2, 3)) t(g, k) "
      "GROUP BY g "
      "ORDER BY g");
  ASSERT_TRUE(grouped.ok()) << grouped.status().ToString();
  ASSERT_EQ(grouped->rows.size(), 2u);
  EXPECT_EQ(grouped->rows[0][1], "{1=10, 2=20}");
  EXPECT_EQ(grouped->rows[1][1], "{3=30}");
}

TEST_F(AthenaFunctionsTest, ElementAtAndCardinality) {
  EXPECT_EQ(Row("SELECT element_at([10, 20, 30], 1), element_at([10, 20, 30], -1), "
                "element_at([10, 20, 30], 7), element_at(MAP {'a': 1}, 'a'), "
                "element_at(MAP {'a': 1}, 'b'), typeof(element_at(MAP {'a': 1}, 'a'))"),
            (Strings{"10", "30", "NULL", "1", "NULL", "INTEGER"}));
  EXPECT_EQ(Row("SELECT cardinality([1, 2, 3]), cardinality(MAP {'a': 1, 'b': 2}), "
                "cardinality([]), cardinality(NULL::INTEGER[])"),
            (Strings{"3", "2", "0", "NULL"}));
}

TEST_F(AthenaFunctionsTest, Arrays) {
  EXPECT_EQ(Row("SELECT array_join(['a', NULL, 'b'], ','), array_join(['a', NULL, 'b'], ',', "
                "'?'), array_join([1, 2], '-'), array_max([1, 3, 2]), array_min([1, 3, 2]), "
                "contains([1, 2], 2)"),
            (Strings{"a,b", "a,?,b", "1-2", "3", "1", "true"}));
  EXPECT_EQ(Row("SELECT CAST(array_distinct([3, 1, 3, NULL, 1, NULL]) AS VARCHAR), "
                "CAST(array_union([1, 2], [2, 3]) AS VARCHAR), "
                "CAST(array_except([1, 2, 2, 3], [2]) AS VARCHAR), array_position([5, 6], 6), "
                "array_position([5, 6], 7), CAST(array_remove([1, 2, 1, NULL], 1) AS VARCHAR)"),
            (Strings{"[3, 1, NULL]", "[1, 2, 3]", "[1, 3]", "2", "0", "[2, NULL]"}));
  EXPECT_EQ(Row("SELECT CAST(array_sort([3, NULL, 1]) AS VARCHAR), CAST(array_sort_desc([1, 3, 2]) "
                "AS VARCHAR), "
                "arrays_overlap([1, 2], [2, 3]), CAST(sequence(1, 4) AS VARCHAR), "
                "CAST(sequence(10, 1, -3) AS VARCHAR), "
                "CAST(slice([1, 2, 3, 4, 5], 2, 3) AS VARCHAR), CAST(zip([1, 2], ['a', 'b']) AS "
                "VARCHAR)"),
            (Strings{"[1, 3, NULL]", "[3, 2, 1]", "true", "[1, 2, 3, 4]", "[10, 7, 4, 1]",
                     "[2, 3, 4]", "[(1, a), (2, b)]"}));
}

TEST_F(AthenaFunctionsTest, StringsAndRegularExpressions) {
  EXPECT_EQ(Row("SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), "
                "element_at(split_to_map('a=1&b=2=3', '&', '='), 'b'), replace('banana', 'a'), "
                "replace('banana', 'a', 'o'), strpos('hello', 'l'), codepoint('A'), chr(65)"),
            (Strings{"b", "NULL", "2=3", "bnn", "bonono", "3", "65", "A"}));
  EXPECT_EQ(Row("SELECT regexp_like('abc', 'b'), regexp_extract('abc123def45', '\\d+'), "
                "regexp_extract('abc', '\\d+'), regexp_extract('a1b2', '([a-z])(\\d)', 2), "
                "regexp_replace('a1b2', '\\d'), regexp_replace('a1b2', '(\\d)', '<$1>'), "
                "CAST(regexp_split('a1b2c', '\\d') AS VARCHAR), regexp_count('a1b22c333', '\\d+'), "
                "CAST(regexp_extract_all('a1b22', '\\d+') AS VARCHAR)"),
            (Strings{"true", "123", "NULL", "1", "ab", "a<1>b<2>", "[a, b, c]", "3", "[1, 22]"}));
  EXPECT_EQ(Row("SELECT levenshtein_distance('kitten', 'sitting'), hamming_distance('abc', "
                "'abd'), normalize('e\u0301') = '\u00e9', from_utf8(to_utf8('\u00e9'))"),
            (Strings{"3", "1", "true", "\u00e9"}));
}

TEST_F(AthenaFunctionsTest, Urls) {
  const std::string url = "'https://u@example.com:8443/a/b?x=1&y=&z#frag'";
  EXPECT_EQ(Row("SELECT url_extract_protocol(" + url + "), url_extract_host(" + url +
                "), url_extract_port(" + url + "), url_extract_path(" + url +
                "), url_extract_query(" + url + "), url_extract_fragment(" + url +
                "), url_extract_parameter(" + url + ", 'x'), url_extract_parameter(" + url +
                ", 'y'), url_extract_parameter(" + url + ", 'w')"),
            (Strings{"https", "example.com", "8443", "/a/b", "x=1&y=&z", "frag", "1", "", "NULL"}));
  EXPECT_EQ(Row("SELECT url_extract_port('http://e.com/'), url_extract_query('http://e.com/a'), "
                "url_extract_fragment('http://e.com/a'), url_extract_host('not a url')"),
            (Strings{"NULL", "NULL", "NULL", "NULL"}));
}

TEST_F(AthenaFunctionsTest, Json) {
  const std::string doc = "'{\"a\":{\"b\":\"x\"},\"c\":[1,2,3],\"d\":null,\"e\":1.5}'";
  EXPECT_EQ(Row("SELECT json_extract_scalar(" + doc + ", '$.a.b'), json_extract_scalar(" + doc +
                ", '$.a'), json_extract_scalar(" + doc + ", '$.c'), json_extract_scalar(" + doc +
                ", '$.d'), json_extract_scalar(" + doc + ", '$.e'), json_extract_scalar(" + doc +
                ", '$.zz'), json_extract(" + doc + ", '$.a'), json_size(" + doc +
                ", '$.c'), json_size(" + doc + ", '$.a'), json_size(" + doc + ", '$.e')"),
            (Strings{"x", "NULL", "NULL", "NULL", "1.5", "NULL", "{\"b\":\"x\"}", "3", "1", "0"}));
  EXPECT_EQ(Row("SELECT json_parse('{ \"a\" : 1 }'), json_format(json_parse('[1, 2]')), "
                "json_array_get('[1,\"x\"]', 1), json_array_contains('[1,\"x\",true]', 'x'), "
                "json_array_contains('[1,2]', 3), json_array_length('[1,2]')"),
            (Strings{"{\"a\":1}", "[1,2]", "\"x\"", "true", "false", "2"}));
}

TEST_F(AthenaFunctionsTest, Numbers) {
  EXPECT_EQ(Row("SELECT is_nan(nan()), is_finite(1.0), is_infinite(infinity()), e(), "
                "truncate(-1.7), rand() < 1, rand(10) < 10, bitwise_and(12, 10), "
                "bitwise_or(12, 10), bitwise_xor(12, 10), bitwise_not(0)"),
            (Strings{"true", "true", "true", "2.718281828459045", "-1", "true", "true", "8", "14",
                     "6", "-1"}));
}

TEST_F(AthenaFunctionsTest, BuiltinsWithAthenasMeaning) {
  EXPECT_EQ(Row("SELECT arbitrary(x), count_if(x > 1), bool_and(x > 0), bool_or(x > 2), "
                "CAST(array_agg(x ORDER BY x) AS VARCHAR), CAST(histogram(x) AS VARCHAR), "
                "max_by(x, -x), min_by(x, -x) "
                "FROM (VALUES (1), (2), (2)) t(x)"),
            (Strings{"1", "2", "true", "false", "[1, 2, 2]", "{1=1, 2=2}", "1", "2"}));
  EXPECT_EQ(Row("SELECT try(CAST('x' AS INTEGER)), CAST(split('a,b', ',') AS VARCHAR), "
                "date_trunc('day', DATE '2024-01-02'), year(DATE '2024-03-04'), "
                "quarter(DATE '2024-03-04'), url_decode('a%20b'), lpad('7', 3, '0')"),
            (Strings{"NULL", "[a, b]", "2024-01-02", "2024", "1", "a b", "007"}));
}

}  // namespace
}  // namespace sluice::engine
