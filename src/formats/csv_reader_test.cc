#include "formats/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::formats {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvRecords Read(std::string_view text, bool complete = true, char delimiter = ',',
                size_t max_rows = 100) {
  return ReadCsvRecords(text, CsvDialect{delimiter, '"'}, max_rows, complete);
}

TEST(CsvReaderTest, SplitsRecordsAndFields) {
  CsvRecords r = Read("a,b,c\n1,2,3\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_FALSE(r.any_quoted);
  EXPECT_FALSE(r.dropped_partial_record);
}

TEST(CsvReaderTest, KeepsEmptyFieldsIncludingTrailingOnes) {
  EXPECT_EQ(Read("a,,c\n,,\nx,y,\n").rows, (Rows{{"a", "", "c"}, {"", "", ""}, {"x", "y", ""}}));
  EXPECT_EQ(Read("a,b,").rows, (Rows{{"a", "b", ""}}));
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes) {
  CsvRecords r = Read("\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\"\r\nx,\"\",z\n");
  EXPECT_EQ(r.rows, (Rows{{"a,b", "line1\nline2", "say \"hi\""}, {"x", "", "z"}}));
  EXPECT_TRUE(r.any_quoted);
}

TEST(CsvReaderTest, QuotesInsideUnquotedFieldsAndAfterClosingQuoteAreData) {
  EXPECT_EQ(Read("5\"10,b\n").rows, (Rows{{"5\"10", "b"}}));
  EXPECT_EQ(Read("\"ab\"cd,e\n").rows, (Rows{{"abcd", "e"}}));
}

TEST(CsvReaderTest, LineEndingsAndEmptyLines) {
  EXPECT_EQ(Read("a,b\r\n1,2\r\n").rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\r1,2\r").rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("\n\na,b\n\n\r\n1,2\n\n").rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, DropsThePartialLastRecordOfATruncatedSample) {
  CsvRecords r = Read("a,b\n1,2\n3,4", /*complete=*/false);
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_TRUE(r.dropped_partial_record);

  CsvRecords whole = Read("a,b\n1,2\n3,4", /*complete=*/true);
  EXPECT_EQ(whole.rows.size(), 3u);
  EXPECT_FALSE(whole.dropped_partial_record);

  // Cut inside a quoted newline: the record is partial even though a newline was seen.
  CsvRecords quoted = Read("a,b\n1,\"x\ny", /*complete=*/false);
  EXPECT_EQ(quoted.rows, (Rows{{"a", "b"}}));
  EXPECT_TRUE(quoted.dropped_partial_record);

  CsvRecords exact = Read("a,b\n1,2\n", /*complete=*/false);
  EXPECT_EQ(exact.rows.size(), 2u);
  EXPECT_FALSE(exact.dropped_partial_record);
}

TEST(CsvReaderTest, UnclosedQuoteInAWholeFileRunsToTheEnd) {
  EXPECT_EQ(Read("a,\"b\nc").rows, (Rows{{"a", "b\nc"}}));
}

TEST(CsvReaderTest, StopsAtMaxRows) {
  EXPECT_EQ(Read("1\n2\n3\n4\n", true, ',', 2).rows, (Rows{{"1"}, {"2"}}));
}

TEST(CsvReaderTest, OtherDelimiters) {
  EXPECT_EQ(Read("a|b\n", true, '|').rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(Read("a\tb\n", true, '\t').rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(Read("a\x01"
                 "b\n",
                 true, '\x01')
                .rows,
            (Rows{{"a", "b"}}));
  EXPECT_EQ(Read("a,b|c\n", true, '|').rows, (Rows{{"a,b", "c"}}));
}

TEST(CsvReaderTest, CountFieldsMatchesRead) {
  const std::string text = "a,b,c\n\"x,y\",z\n1,2,3,4\npartial,";
  for (bool complete : {false, true}) {
    CsvRecords r = Read(text, complete);
    std::vector<size_t> counts = CountCsvFields(text, CsvDialect{}, 100, complete);
    ASSERT_EQ(counts.size(), r.rows.size());
    for (size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(counts[i], r.rows[i].size());
  }
}

}  // namespace
}  // namespace sluice::formats
