#include "formats/csv_inference.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::formats {
namespace {

CsvInference Infer(std::string_view sample, CsvOptions options = {}) {
  options.sample_is_complete = true;
  Result<CsvInference> r = InferCsvSchema(sample, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : CsvInference{};
}

CsvInference InferTruncated(std::string_view sample, CsvOptions options = {}) {
  options.sample_is_complete = false;
  Result<CsvInference> r = InferCsvSchema(sample, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : CsvInference{};
}

CsvOptions GlueCompatible() {
  CsvOptions o;
  o.glue_compatible = true;
  return o;
}

// "name:type name:type ..."
std::string Schema(const CsvInference& r) {
  std::string out;
  for (const Column& c : r.columns)
    out += (out.empty() ? "" : " ") + c.name + ":" + c.type.ToString();
  return out;
}

TEST(CsvInferenceTest, TypedFileWithHeader) {
  CsvInference r = Infer(
      "id,name,price,active\n"
      "1,apple,1.25,true\n"
      "2,banana,0.5,false\n"
      "3,cherry,3,TRUE\n");
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_EQ(r.delimiter, ',');
  EXPECT_TRUE(r.has_header);
  EXPECT_NE(r.header_reason.find("Glue rule"), std::string::npos) << r.header_reason;
  EXPECT_EQ(Schema(r), "id:bigint name:string price:double active:boolean");
  EXPECT_EQ(r.data_rows, 3u);
  EXPECT_EQ(r.table_parameters.at("classification"), "csv");
  EXPECT_EQ(r.table_parameters.at("delimiter"), ",");
  EXPECT_EQ(r.table_parameters.at("skip.header.line.count"), "1");
  EXPECT_EQ(r.table_parameters.count("areColumnsQuoted"), 0u);
}

TEST(CsvInferenceTest, HeaderlessFileGetsZeroBasedColumnNames) {
  CsvInference r = Infer("1,2.5,x\n2,3.5,y\n3,4,z\n");
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_FALSE(r.has_header);
  EXPECT_NE(r.header_reason.find("first-row cell 0 '1' is bigint"), std::string::npos)
      << r.header_reason;
  EXPECT_EQ(Schema(r), "col0:bigint col1:double col2:string");
  EXPECT_EQ(r.data_rows, 3u);
  EXPECT_EQ(r.table_parameters.count("skip.header.line.count"), 0u);
}

TEST(CsvInferenceTest, AllStringFileHeaderFoundBySluiceRule) {
  const std::string sample =
      "team_name,team_abbrev\n"
      "Boston Celtics,BOS\n"
      "Los Angeles Lakers,LAL\n"
      "Chicago Bulls,CHI\n";
  CsvInference r = Infer(sample);
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_TRUE(r.has_header);
  EXPECT_NE(r.header_reason.find("Sluice rule"), std::string::npos) << r.header_reason;
  EXPECT_EQ(Schema(r), "team_name:string team_abbrev:string");
  EXPECT_EQ(r.data_rows, 3u);

  // Glue leaves the header as data and names the columns col0, col1 (observed `team_mapping`).
  CsvInference glue = Infer(sample, GlueCompatible());
  EXPECT_FALSE(glue.has_header);
  EXPECT_NE(glue.header_reason.find("Glue does not detect headers"), std::string::npos);
  EXPECT_EQ(Schema(glue), "col0:string col1:string");
  EXPECT_EQ(glue.data_rows, 4u);
}

TEST(CsvInferenceTest, AllStringFileWhoseFirstRowRecursIsData) {
  CsvInference r = Infer("red,small\nblue,large\nred,medium\n");
  EXPECT_FALSE(r.has_header);
  EXPECT_NE(r.header_reason.find("'red' recurs in its column at data row 2"), std::string::npos)
      << r.header_reason;
  EXPECT_EQ(Schema(r), "col0:string col1:string");
}

TEST(CsvInferenceTest, AllStringFileWithNonIdentifierFirstRowIsData) {
  CsvInference r = Infer("First Name,City\nAda Lovelace,London\nAlan Turing,Wilmslow\n");
  EXPECT_FALSE(r.has_header);
  EXPECT_NE(r.header_reason.find("'First Name' is not identifier-like"), std::string::npos)
      << r.header_reason;
  // With a typed column the same header is found by Glue's rule and names are normalized.
  CsvInference typed = Infer("First Name,Age ($)\nAda Lovelace,36\nAlan Turing,41\n");
  EXPECT_TRUE(typed.has_header);
  EXPECT_EQ(Schema(typed), "first_name:string age:bigint");
}

TEST(CsvInferenceTest, AllStringRuleNeedsTwoDataRowsAndDistinctNames) {
  CsvInference one_data_row = Infer("a,b\nx,y\n");
  EXPECT_FALSE(one_data_row.has_header);
  EXPECT_NE(one_data_row.header_reason.find("fewer than 2 data rows"), std::string::npos);
  CsvInference dup = Infer("name,name\nx y,z w\np q,r s\n");
  EXPECT_FALSE(dup.has_header);
  EXPECT_NE(dup.header_reason.find("repeats within the first row"), std::string::npos);
}

TEST(CsvInferenceTest, HeaderModeOverrides) {
  CsvOptions present;
  present.header = CsvHeaderMode::kPresent;
  CsvInference r = Infer("red,small\nblue,large\nred,medium\n", present);
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(r.header_reason, "header: set by the options");
  EXPECT_EQ(Schema(r), "red:string small:string");
  EXPECT_EQ(r.data_rows, 2u);

  CsvOptions absent;
  absent.header = CsvHeaderMode::kAbsent;
  CsvInference a = Infer("id,name\n1,x\n2,y\n", absent);
  EXPECT_FALSE(a.has_header);
  EXPECT_EQ(Schema(a), "col0:string col1:string");  // "id" is now data in a bigint column
  EXPECT_EQ(a.data_rows, 3u);
}

TEST(CsvInferenceTest, HeaderRulesRejectLongOrEmptyOrInvalidCells) {
  const std::string long_name(150, 'x');
  EXPECT_FALSE(Infer(long_name + ",b\n1,2\n3,4\n").has_header);
  CsvInference empty = Infer("a,,c\n1,2,3\n4,5,6\n");
  EXPECT_FALSE(empty.has_header);
  EXPECT_NE(empty.header_reason.find("first-row cell 1 is empty"), std::string::npos);
  CsvInference ctrl = Infer("a\x02,b\n1,2\n3,4\n");
  EXPECT_FALSE(ctrl.has_header);
  EXPECT_NE(ctrl.header_reason.find("not a valid column name"), std::string::npos);
}

TEST(CsvInferenceTest, TrailingDelimiterLeavesAnEmptyLastColumn) {
  CsvInference r = Infer("id,name,\n1,a,\n2,b,\n");
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(Schema(r), "id:bigint name:string col2:string");
}

TEST(CsvInferenceTest, ExtraFieldsBeyondTheHeaderGetPositionalNames) {
  // 9 of 11 records have 2 fields: consistent enough (80%) to choose ',' despite ragged rows.
  std::string sample = "a,b\n";
  for (int i = 0; i < 8; ++i) sample += "1,2\n";
  sample += "3,4,5.5\n6,7,8,x\n";
  CsvInference r = Infer(sample);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(Schema(r), "a:bigint b:bigint col2:double col3:string");
}

TEST(CsvInferenceTest, DuplicateHeaderNamesAreMadeUnique) {
  CsvOptions present;
  present.header = CsvHeaderMode::kPresent;
  CsvInference r = Infer("Value,value,VALUE\n1,2,3\n4,5,6\n", present);
  EXPECT_EQ(Schema(r), "value:bigint value_2:bigint value_3:bigint");
}

TEST(CsvInferenceTest, DetectsEachGlueDelimiter) {
  for (char d : {',', '|', '\t', ';', '\x01'}) {
    std::string sample;
    for (const char* row : {"id#name#score", "1#a#2.5", "2#b#3.5", "3#c#1"}) {
      std::string line(row);
      for (char& c : line) c = c == '#' ? d : c;
      sample += line + "\n";
    }
    CsvInference r = Infer(sample);
    EXPECT_EQ(r.certainty, 1.0) << int(d);
    EXPECT_EQ(r.delimiter, d) << int(d);
    EXPECT_EQ(Schema(r), "id:bigint name:string score:double") << int(d);
    EXPECT_EQ(r.table_parameters.at("delimiter"), std::string(1, d));
  }
}

TEST(CsvInferenceTest, DelimiterChoiceIgnoresDelimitersInsideQuotesAndText) {
  // Commas inside quoted text, pipes separating: pipe is the consistent delimiter.
  CsvInference r = Infer(
      "id|comment|score\n"
      "1|\"well, fine\"|2\n"
      "2|good, very good, great|3\n"
      "3|bad|1\n");
  EXPECT_EQ(r.delimiter, '|');
  EXPECT_NE(r.delimiter_reason.find("3 columns in 100% of records"), std::string::npos)
      << r.delimiter_reason;
  // Both split every record consistently: the one giving more columns wins over Glue's order.
  CsvInference c = Infer("a,x|b|c|d\nx,y|1|2|3\np,q|4|5|6\n");
  EXPECT_EQ(c.delimiter, '|');
  CsvInference d = Infer("a|x,b,c,d\nx|y,1,2,3\np|q,4,5,6\n");
  EXPECT_EQ(d.delimiter, ',');
}

TEST(CsvInferenceTest, ExplicitDelimiterIsUsed) {
  CsvOptions o;
  o.delimiter = ';';
  CsvInference r = Infer("a;b\n1,5;2\n3,5;4\n", o);
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(r.delimiter_reason, "delimiter ';': set by the options");
  EXPECT_EQ(Schema(r), "a:string b:bigint");
}

TEST(CsvInferenceTest, QuotedFieldsWithDelimitersNewlinesAndQuotes) {
  CsvInference r = Infer(
      "id,text,amount\r\n"
      "1,\"hello, world\",10\r\n"
      "2,\"multi\r\nline\",20\r\n"
      "3,\"she said \"\"hi\"\"\",30\r\n");
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_TRUE(r.has_header);
  EXPECT_TRUE(r.quoted);
  EXPECT_EQ(Schema(r), "id:bigint text:string amount:bigint");
  EXPECT_EQ(r.data_rows, 3u);
  EXPECT_EQ(r.table_parameters.at("areColumnsQuoted"), "true");
}

TEST(CsvInferenceTest, QuotedNumbersStillTypeAsNumbers) {
  CsvInference r = Infer("\"a\",\"b\"\n\"1\",\"x\"\n\"2\",\"y\"\n");
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(Schema(r), "a:bigint b:string");
}

TEST(CsvInferenceTest, SkipsUtf8Bom) {
  CsvInference r = Infer("\xEF\xBB\xBFid,name\n1,a\n2,b\n");
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(Schema(r), "id:bigint name:string");
}

TEST(CsvInferenceTest, DropsPartialLastLineOfATruncatedSample) {
  // The last line is cut: "4,2." (a double) may be the start of "4,2.5" or "4,2.0e5".
  const std::string sample = "a,b\n1,2\n2,3\n3,4\n4,2.";
  EXPECT_EQ(Schema(InferTruncated(sample)), "a:bigint b:bigint");
  EXPECT_EQ(InferTruncated(sample).data_rows, 3u);
  EXPECT_EQ(Schema(Infer(sample)), "a:bigint b:double");
}

TEST(CsvInferenceTest, EmptyCellsAreNullAndDoNotChangeTypes) {
  CsvInference r = Infer("a,b,c\n1,,x\n,2.5,\n3,,\n");
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(Schema(r), "a:bigint b:double c:string");
  CsvInference all_empty = Infer("a,b,c\n1,,2\n3,,4\n");
  EXPECT_EQ(Schema(all_empty), "a:bigint b:string c:bigint");
}

TEST(CsvInferenceTest, DatesAndTimestamps) {
  const std::string sample =
      "d,ts,iso,mixed\n"
      "2020-01-15,2020-01-15 03:44:40,2020-01-15T03:44:40Z,2020-01-15\n"
      "2020-02-29,2020-01-16 00:00:00.125,2020-01-15T03:44:40.5+01:00,2020-01-15 10:00:00\n";
  EXPECT_EQ(Schema(Infer(sample)), "d:date ts:timestamp iso:timestamp mixed:timestamp");
  // Glue keeps them as strings; with every column a string it also finds no header.
  CsvInference glue = Infer(sample, GlueCompatible());
  EXPECT_EQ(Schema(glue), "col0:string col1:string col2:string col3:string");
}

TEST(CsvInferenceTest, MixedColumnsWidenThroughTheLattice) {
  CsvInference r = Infer(
      "i,f,s,b,d\n"
      "1,1,1,true,2020-01-01\n"
      "2,2.5,x,1,5\n");
  EXPECT_EQ(Schema(r), "i:bigint f:double s:string b:bigint d:string");
}

TEST(CsvInferenceTest, HugeIntegers) {
  CsvInference r =
      Infer("a,b,c\n1,1," + std::string(40, '9') + "\n" + "2,99999999999999999999,3\n");
  EXPECT_EQ(Schema(r), "a:bigint b:decimal(38,0) c:string");
  CsvInference d = Infer("a,b\n99999999999999999999,1\n1.5,2\n");
  EXPECT_EQ(Schema(d), "a:double b:bigint");
}

TEST(CsvInferenceTest, LeadingZeroCodesStayStrings) {
  const std::string sample = "zip,n\n02134,1\n10001,2\n";
  EXPECT_EQ(Schema(Infer(sample)), "zip:string n:bigint");
  EXPECT_EQ(Schema(Infer(sample, GlueCompatible())), "zip:bigint n:bigint");
}

TEST(CsvInferenceTest, ValuesAreTrimmedUnlessDisabled) {
  EXPECT_EQ(Schema(Infer(" a , b \n 1 , 2 \n 3 , 4 \n")), "a:bigint b:bigint");
  CsvOptions no_trim;
  no_trim.trim_values = false;
  no_trim.header = CsvHeaderMode::kAbsent;
  EXPECT_EQ(Schema(Infer("1 , 2\n3 , 4\n", no_trim)), "col0:string col1:string");
}

TEST(CsvInferenceTest, MaxRecordsLimitsTheSample) {
  std::string sample = "a,b\n";
  for (int i = 0; i < 50; ++i) sample += std::to_string(i) + ",1\n";
  sample += "x,y\n";
  CsvOptions o;
  o.max_records = 50;
  CsvInference r = Infer(sample, o);
  EXPECT_EQ(Schema(r), "a:bigint b:bigint");
  EXPECT_EQ(r.data_rows, 50u);
  o.max_records = 51;
  EXPECT_EQ(Schema(Infer(sample, o)), "a:string b:string");

  CsvOptions headerless;
  headerless.max_records = 3;
  CsvInference h = Infer("1,2\n3,4\n5,6\nx,y\n", headerless);
  EXPECT_FALSE(h.has_header);
  EXPECT_EQ(h.data_rows, 3u);
  EXPECT_EQ(Schema(h), "col0:bigint col1:bigint");
}

TEST(CsvInferenceTest, UnlimitedMaxRecords) {
  CsvOptions o;
  o.max_records = SIZE_MAX;
  CsvInference r = Infer("a,b\n1,2\n3,4\n", o);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.data_rows, 2u);
}

TEST(CsvInferenceTest, CertaintyNeedsTwoColumnsAndTwoDataRows) {
  CsvInference one_row = Infer("a,b\n1,2\n");
  EXPECT_EQ(one_row.certainty, 0.0);
  EXPECT_NE(one_row.reason.find("1 data row(s)"), std::string::npos) << one_row.reason;
  EXPECT_TRUE(one_row.table_parameters.empty());

  CsvInference one_column = Infer("a\n1\n2\n3\n");
  EXPECT_EQ(one_column.certainty, 0.0);
  EXPECT_NE(one_column.reason.find("no delimiter"), std::string::npos) << one_column.reason;

  CsvOptions single;
  single.allow_single_column = true;
  CsvInference allowed = Infer("a\n1\n2\n3\n", single);
  EXPECT_EQ(allowed.certainty, 1.0);
  EXPECT_EQ(Schema(allowed), "a:bigint");
}

TEST(CsvInferenceTest, NotCsv) {
  EXPECT_EQ(Infer("").certainty, 0.0);
  EXPECT_EQ(Infer("\xEF\xBB\xBF\n\n").certainty, 0.0);
  CsvInference binary = Infer(std::string("PAR1\0\0,,\n", 9) + ",,\n,,\n");
  EXPECT_EQ(binary.certainty, 0.0);
  EXPECT_NE(binary.reason.find("NUL"), std::string::npos);
  CsvInference prose = Infer(
      "It was the best of times, it was the worst of times,\n"
      "it was the age of wisdom; it was the age of foolishness\n"
      "it was the epoch of belief, it was the epoch of incredulity, it was the season\n"
      "of Light | it was the season of Darkness\n"
      "and so on\n");
  EXPECT_EQ(prose.certainty, 0.0);
  EXPECT_NE(prose.reason.find("no delimiter among"), std::string::npos) << prose.reason;
}

TEST(CsvInferenceTest, OnlyAPartialRecordIsNotCsv) {
  CsvInference r = InferTruncated("a,b,c,d,e");
  EXPECT_EQ(r.certainty, 0.0);
}

TEST(CsvInferenceTest, RejectsUnusableOptions) {
  CsvOptions same;
  same.delimiter = '"';
  Result<CsvInference> r = InferCsvSchema("a,b\n", same);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("must differ"), std::string::npos);

  CsvOptions newline;
  newline.delimiter = '\n';
  EXPECT_FALSE(InferCsvSchema("a,b\n", newline).ok());
  CsvOptions quote_cr;
  quote_cr.quote = '\r';
  EXPECT_FALSE(InferCsvSchema("a,b\n", quote_cr).ok());
  CsvOptions zero;
  zero.max_records = 0;
  EXPECT_FALSE(InferCsvSchema("a,b\n", zero).ok());
}

TEST(CsvInferenceTest, CustomQuoteCharacter) {
  CsvOptions o;
  o.quote = '\'';
  CsvInference r = Infer("id,text\n1,'a,b'\n2,'c'\n", o);
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_EQ(Schema(r), "id:bigint text:string");
  EXPECT_TRUE(r.quoted);
}

TEST(CsvInferenceTest, OneMegabyteSampleReadsTheFirstThousandRecords) {
  std::string sample = "id,name,value,when\n";
  for (int i = 0; sample.size() < (1 << 20); ++i) {
    sample += std::to_string(i) + ",\"name " + std::to_string(i) + "\"," + std::to_string(i) +
              ".25,2024-01-01 00:00:00\n";
  }
  CsvInference r = InferTruncated(sample.substr(0, 1 << 20));
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.data_rows, 1000u);
  EXPECT_EQ(Schema(r), "id:bigint name:string value:double when:timestamp");
}

TEST(CsvInferenceTest, WeatherLakeSample) {
  // The shape of the seeds' hourly weather files, with an invalid reading.
  const std::string sample =
      "station_id,timestamp,temperature,humidity,pressure,wind_speed,wind_direction,"
      "weather_condition\n"
      "ST001,2024-01-01 00:00:00,12.5,80,1013.2,5.1,270,cloudy\n"
      "ST002,2024-01-01 00:00:00,-999,81,1012.9,4.0,265,rain\n"
      "ST003,2024-01-01 00:00:00,11.0,,1013.0,3.2,,clear\n";
  CsvInference r = Infer(sample);
  EXPECT_EQ(Schema(r),
            "station_id:string timestamp:timestamp temperature:double humidity:bigint "
            "pressure:double wind_speed:double wind_direction:bigint weather_condition:string");
  CsvInference glue = Infer(sample, GlueCompatible());
  EXPECT_TRUE(glue.has_header);
  EXPECT_EQ(glue.columns[1].type.ToString(), "string");
}

}  // namespace
}  // namespace sluice::formats
