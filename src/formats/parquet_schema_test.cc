#include "formats/parquet_schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/ids.h"

namespace sluice::formats {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ParquetSchemaTest, SchemaAndRowsFromTheFooterAlone) {
  auto db = engine::Database::Open("");
  ASSERT_TRUE(db.ok());
  auto conn = (*db)->Connect();
  ASSERT_TRUE(conn.ok());
  fs::path dir = fs::temp_directory_path() / ("sluice-pq-" + NewUuid());
  fs::create_directories(dir);
  std::string file = (dir / "t.parquet").string();
  auto written = (*conn)->Query(
      "COPY (SELECT i AS id, 'x' || i AS label, i * 0.5::DOUBLE AS score, DATE '2024-01-01' + "
      "i::INT AS d,"
      " TIMESTAMP '2024-01-01 00:00:00' AS ts, i::DECIMAL(10,2) AS amount,"
      " {'a': i, 'b': [i, i]} AS nested, i % 2 = 0 AS even FROM range(5000) t(i)) TO '" +
      file + "' (FORMAT PARQUET, ROW_GROUP_SIZE 1000)");
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  std::string bytes = ReadAll(file);
  auto tail_length = ParquetTailLength(bytes.substr(bytes.size() - 8), bytes.size());
  ASSERT_TRUE(tail_length.ok()) << tail_length.status().ToString();
  ASSERT_LT(*tail_length, bytes.size() / 4);  // the footer is a small part of the file
  std::string stub_path = (dir / "stub.parquet").string();
  std::ofstream(stub_path, std::ios::binary)
      << ParquetStub(std::string_view(bytes).substr(bytes.size() - *tail_length));

  auto schema = ReadParquetSchema(**db, stub_path);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->rows, 5000u);
  std::vector<std::string> got;
  for (const auto& c : schema->columns) got.push_back(c.name + ":" + c.type.ToString());
  EXPECT_EQ(got,
            (std::vector<std::string>{"id:bigint", "label:string", "score:double", "d:date",
                                      "ts:timestamp", "amount:decimal(10,2)",
                                      "nested:struct<a:bigint,b:array<bigint>>", "even:boolean"}));
  fs::remove_all(dir);
}

TEST(ParquetSchemaTest, NotParquetIsRejected) {
  EXPECT_FALSE(ParquetTailLength("12345678", 100).ok());
  std::string last8("\xff\xff\x00\x00PAR1", 8);
  auto too_long = ParquetTailLength(last8, 100);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.status().message().find("exceeds the file size"), std::string::npos);
}

TEST(ParquetSchemaTest, DuckDbTypeNames) {
  EXPECT_EQ(FromDuckDbType("INTEGER").ToString(), "int");
  EXPECT_EQ(FromDuckDbType("VARCHAR[]").ToString(), "array<string>");
  EXPECT_EQ(FromDuckDbType("MAP(VARCHAR, DOUBLE)").ToString(), "map<string,double>");
  EXPECT_EQ(FromDuckDbType("STRUCT(\"a b\" INTEGER, c STRUCT(d VARCHAR))").ToString(),
            "struct<`a b`:int,c:struct<d:string>>");
  EXPECT_EQ(FromDuckDbType("TIMESTAMP WITH TIME ZONE").ToString(), "timestamp");
  EXPECT_EQ(FromDuckDbType("UBIGINT").ToString(), "decimal(20,0)");
  EXPECT_EQ(FromDuckDbType("UUID").ToString(), "string");
}

}  // namespace
}  // namespace sluice::formats
