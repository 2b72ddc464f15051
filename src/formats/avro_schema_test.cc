#include "formats/avro_schema.h"

#include <avro.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/ids.h"

namespace sluice::formats {
namespace {

namespace fs = std::filesystem;

// Every kind the mapping knows, with a nested record, named-type reuse and logical types.
constexpr char kOrderSchema[] = R"({
  "type": "record", "name": "Order", "namespace": "com.example",
  "fields": [
    {"name": "OrderId", "type": "long"},
    {"name": "quantity", "type": "int"},
    {"name": "price", "type": "double"},
    {"name": "weight", "type": "float"},
    {"name": "paid", "type": "boolean"},
    {"name": "note", "type": ["null", "string"], "default": null},
    {"name": "raw", "type": "bytes"},
    {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
      {"name": "Name", "type": "string"},
      {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
        {"name": "city", "type": "string"}, {"name": "zip", "type": ["null", "int"]}]}}]}},
    {"name": "billing", "type": ["null", "Address"]},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "attributes", "type": {"type": "map", "values": "long"}},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "DONE"]}},
    {"name": "checksum", "type": {"type": "fixed", "name": "Md5", "size": 16}},
    {"name": "order_date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "updated", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}]},
    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10,
                                "scale": 2}},
    {"name": "big_amount", "type": {"type": "fixed", "name": "Dec", "size": 16,
                                    "logicalType": "decimal", "precision": 30, "scale": 4}},
    {"name": "lines", "type": {"type": "array", "items": {"type": "map", "values":
      ["null", "com.example.Customer"]}}}
  ]})";

std::vector<std::string> Describe(const std::vector<Column>& columns) {
  std::vector<std::string> out;
  for (const Column& c : columns) out.push_back(c.name + ":" + c.type.ToString());
  return out;
}

std::vector<std::string> OrderColumns(bool with_logical_types) {
  const std::string customer = "struct<Name:string,address:struct<city:string,zip:int>>";
  return {"orderid:bigint",
          "quantity:int",
          "price:double",
          "weight:float",
          "paid:boolean",
          "note:string",
          "raw:binary",
          "customer:" + customer,
          "billing:struct<city:string,zip:int>",
          "tags:array<string>",
          "attributes:map<string,bigint>",
          "status:string",
          "checksum:binary",
          with_logical_types ? "order_date:date" : "order_date:int",
          with_logical_types ? "created:timestamp" : "created:bigint",
          with_logical_types ? "updated:timestamp" : "updated:bigint",
          with_logical_types ? "amount:decimal(10,2)" : "amount:binary",
          with_logical_types ? "big_amount:decimal(30,4)" : "big_amount:binary",
          "lines:array<map<string," + customer + ">>"};
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Avro's binary encoding, to rebuild a header in the test.
std::string EncodeLong(int64_t v) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  std::string out;
  while (z >= 0x80) {
    out += static_cast<char>((z & 0x7f) | 0x80);
    z >>= 7;
  }
  out += static_cast<char>(z);
  return out;
}
std::string EncodeBytes(std::string_view s) {
  return EncodeLong(static_cast<int64_t>(s.size())) + std::string(s);
}

class AvroSchemaTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sluice-avro-" + NewUuid());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes an Avro file with avro-c: `schema_json`, `codec`, and `rows` records when the schema
  // is kSimpleSchema. Returns its bytes ("" after a failed ASSERT).
  std::string WriteWithAvroC(const std::string& schema_json, const char* codec, int rows = 0) {
    avro_schema_t schema = nullptr;
    EXPECT_EQ(avro_schema_from_json_length(schema_json.data(), schema_json.size(), &schema), 0)
        << avro_strerror();
    if (!schema) return "";
    const fs::path path = dir_ / (std::string(codec) + std::to_string(files_++) + ".avro");
    avro_file_writer_t writer = nullptr;
    EXPECT_EQ(avro_file_writer_create_with_codec(path.c_str(), schema, &writer, codec, 0), 0)
        << avro_strerror();
    if (writer && rows > 0) {
      avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
      avro_value_t record;
      avro_generic_value_new(iface, &record);
      for (int i = 0; i < rows; ++i) {
        avro_value_t field;
        avro_value_get_by_index(&record, 0, &field, nullptr);
        avro_value_set_long(&field, i);
        avro_value_get_by_index(&record, 1, &field, nullptr);
        avro_value_set_string(&field, ("label " + std::to_string(i * 7919)).c_str());
        EXPECT_EQ(avro_file_writer_append_value(writer, &record), 0) << avro_strerror();
      }
      avro_value_decref(&record);
      avro_value_iface_decref(iface);
    }
    if (writer) avro_file_writer_close(writer);
    avro_schema_decref(schema);
    return ReadAll(path);
  }

  // The number of records avro-c reads from `bytes`, or -1 when it cannot open them.
  int CountWithAvroC(const std::string& bytes) {
    const fs::path path = dir_ / ("read" + std::to_string(files_++) + ".avro");
    std::ofstream(path, std::ios::binary) << bytes;
    avro_file_reader_t reader = nullptr;
    if (avro_file_reader(path.c_str(), &reader) != 0) return -1;
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);  // a new reference
    avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
    avro_value_t value;
    avro_generic_value_new(iface, &value);
    int count = 0;
    while (avro_file_reader_read_value(reader, &value) == 0) ++count;
    avro_value_decref(&value);
    avro_value_iface_decref(iface);
    avro_schema_decref(schema);
    avro_file_reader_close(reader);
    return count;
  }

  fs::path dir_;
  int files_ = 0;
};

constexpr char kSimpleSchema[] =
    R"({"type": "record", "name": "Simple", "fields": [
         {"name": "Id", "type": "long"}, {"name": "Label", "type": "string"}]})";

TEST_F(AvroSchemaTest, ColumnsAndCodecFromTheFirstBytesOfAFileAvroCWrote) {
  for (const char* codec : {"null", "deflate", "snappy"}) {
    std::string bytes = WriteWithAvroC(kSimpleSchema, codec, 5000);
    ASSERT_GT(bytes.size(), 20000u) << codec;
    auto schema = ReadAvroSchema(std::string_view(bytes).substr(0, 4096));
    ASSERT_TRUE(schema.ok()) << codec << ": " << schema.status().ToString();
    EXPECT_EQ(schema->codec, codec);
    EXPECT_EQ(Describe(schema->columns), (std::vector<std::string>{"id:bigint", "label:string"}));
    EXPECT_NE(schema->schema_json.find("\"Simple\""), std::string::npos);
  }
}

TEST_F(AvroSchemaTest, EveryKindOfTypeFromAnAvroCFile) {
  // avro-c 1.11 writes the schema back without logicalType attributes (why the header is parsed
  // here): from its own file the logical types read as their underlying types.
  std::string bytes = WriteWithAvroC(kOrderSchema, "deflate");
  ASSERT_FALSE(bytes.empty());
  auto schema = ReadAvroSchema(bytes);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->codec, "deflate");
  EXPECT_EQ(schema->schema_json.find("logicalType"), std::string::npos);
  EXPECT_EQ(Describe(schema->columns), OrderColumns(/*with_logical_types=*/false));
}

TEST_F(AvroSchemaTest, LogicalTypesFromAHeaderWithThem) {
  // avro-c's file with the schema text swapped back in: still a valid Avro file (avro-c reads
  // all its records), now as a Java or Python writer would have written it.
  std::string written = WriteWithAvroC(kSimpleSchema, "deflate", 300);
  ASSERT_FALSE(written.empty());
  const std::string sync = written.substr(written.size() - 16);
  const size_t header_end = written.find(sync) + 16;
  const std::string with_dates =
      R"({"type": "record", "name": "Simple", "fields": [
           {"name": "Id", "type": {"type": "long", "logicalType": "timestamp-micros"}},
           {"name": "Label", "type": "string"}]})";
  std::string rebuilt = std::string(kAvroMagic) + EncodeLong(2) + EncodeBytes("avro.codec") +
                        EncodeBytes("deflate") + EncodeBytes("avro.schema") +
                        EncodeBytes(with_dates) + EncodeLong(0) + sync + written.substr(header_end);
  EXPECT_EQ(CountWithAvroC(rebuilt), 300);
  auto schema = ReadAvroSchema(rebuilt);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(Describe(schema->columns), (std::vector<std::string>{"id:timestamp", "label:string"}));

  // The full schema, in a header written as one negative-count block (with its byte size).
  std::string entries = EncodeBytes("avro.schema") + EncodeBytes(kOrderSchema);
  std::string header = std::string(kAvroMagic) + EncodeLong(-1) +
                       EncodeLong(static_cast<int64_t>(entries.size())) + entries + EncodeLong(0) +
                       sync;
  auto order = ReadAvroSchema(header + "first block...");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->codec, "null");  // absent means null
  EXPECT_EQ(Describe(order->columns), OrderColumns(/*with_logical_types=*/true));
}

TEST_F(AvroSchemaTest, TruncatedHeaderIsInvalidInputSayingCutShort) {
  std::string bytes = WriteWithAvroC(kOrderSchema, "null");
  ASSERT_FALSE(bytes.empty());
  ASSERT_TRUE(ReadAvroSchema(bytes).ok());
  for (size_t keep = 1; keep < bytes.size(); ++keep) {
    auto schema = ReadAvroSchema(std::string_view(bytes).substr(0, keep));
    ASSERT_FALSE(schema.ok()) << keep;
    EXPECT_EQ(schema.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(schema.status().message().find("cut short"), std::string::npos)
        << keep << ": " << schema.status().message();
  }
}

TEST_F(AvroSchemaTest, NotAvroIsInvalidInput) {
  for (std::string_view bytes :
       {std::string_view(""), std::string_view("PAR1\0\0\0\0", 8),
        std::string_view("id,name\n1,a\n"), std::string_view("Obj\x02rest", 8)}) {
    auto schema = ReadAvroSchema(bytes);
    ASSERT_FALSE(schema.ok());
    EXPECT_EQ(schema.status().code(), StatusCode::kInvalidInput);
  }
  EXPECT_NE(ReadAvroSchema("{\"a\": 1}").status().message().find("not an Avro"), std::string::npos);
}

TEST_F(AvroSchemaTest, MalformedHeadersNeverCrash) {
  std::string bytes = WriteWithAvroC(kOrderSchema, "deflate");
  ASSERT_FALSE(bytes.empty());
  uint32_t x = 3;
  for (int trial = 0; trial < 500; ++trial) {
    std::string copy = bytes;
    for (int k = 0; k < 1 + trial % 4; ++k) {
      x = x * 1103515245u + 12345u;
      copy[4 + (x >> 8) % (copy.size() - 4)] = static_cast<char>(x >> 24);
    }
    auto schema = ReadAvroSchema(copy);
    if (!schema.ok()) {
      EXPECT_EQ(schema.status().code(), StatusCode::kInvalidInput);
    }
  }
  // Lengths and counts that are negative or beyond any input.
  const std::string magic(kAvroMagic);
  EXPECT_FALSE(ReadAvroSchema(magic + EncodeLong(1) + EncodeLong(-5)).ok());
  EXPECT_FALSE(ReadAvroSchema(magic + EncodeLong(INT64_MAX) + EncodeBytes("k")).ok());
  EXPECT_FALSE(ReadAvroSchema(magic + EncodeLong(INT64_MIN)).ok());
  EXPECT_FALSE(ReadAvroSchema(magic + std::string(11, '\xff')).ok());
  auto no_schema = ReadAvroSchema(magic + EncodeLong(0) + std::string(16, 's'));
  EXPECT_NE(no_schema.status().message().find("no avro.schema"), std::string::npos);
}

std::string ColumnsOf(std::string_view schema_json) {
  auto columns = AvroSchemaColumns(schema_json);
  if (!columns.ok()) return "error: " + columns.status().message();
  std::string out;
  for (const std::string& c : Describe(*columns)) out += (out.empty() ? "" : " ") + c;
  return out;
}

std::string OneField(std::string_view type_json) {
  return ColumnsOf(R"({"type":"record","name":"R","fields":[{"name":"f","type":)" +
                   std::string(type_json) + "}]}");
}

TEST(AvroSchemaColumnsTest, Unions) {
  EXPECT_EQ(OneField(R"(["null","string"])"), "f:string");
  EXPECT_EQ(OneField(R"(["string","null"])"), "f:string");
  EXPECT_EQ(OneField(R"(["int","long"])"), "f:bigint");
  EXPECT_EQ(OneField(R"(["null","float","double"])"), "f:double");
  EXPECT_EQ(OneField(R"(["int","string"])"), "f:struct<member0:int,member1:string>");
  EXPECT_EQ(OneField(R"(["null","int","string","boolean"])"),
            "f:struct<member0:int,member1:string,member2:boolean>");
  EXPECT_EQ(OneField(R"(["null"])"), "f:string");
  EXPECT_EQ(OneField(R"("null")"), "f:string");
  EXPECT_EQ(OneField(R"({"type":"array","items":"null"})"), "f:array<string>");
}

TEST(AvroSchemaColumnsTest, LogicalTypesAndTheirLimits) {
  EXPECT_EQ(OneField(R"({"type":"long","logicalType":"local-timestamp-millis"})"), "f:timestamp");
  EXPECT_EQ(OneField(R"({"type":"int","logicalType":"time-millis"})"), "f:int");
  EXPECT_EQ(OneField(R"({"type":"string","logicalType":"uuid"})"), "f:string");
  EXPECT_EQ(OneField(R"({"type":"bytes","logicalType":"decimal","precision":5})"),
            "f:decimal(5,0)");
  EXPECT_EQ(OneField(R"({"type":"bytes","logicalType":"decimal","precision":40,"scale":2})"),
            "f:binary");
  EXPECT_EQ(OneField(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":5})"),
            "f:binary");
  EXPECT_EQ(OneField(R"({"type":"int","logicalType":"timestamp-millis"})"), "f:int");
  EXPECT_EQ(OneField(R"({"type":"long","logicalType":"no-such-thing"})"), "f:bigint");
}

TEST(AvroSchemaColumnsTest, NamesAndNamespaces) {
  // A short name resolves in the enclosing namespace; a full name anywhere.
  EXPECT_EQ(ColumnsOf(R"({"type":"record","name":"R","namespace":"a.b","fields":[
      {"name":"x","type":{"type":"enum","name":"E","symbols":["A"]}},
      {"name":"y","type":"E"}, {"name":"z","type":"a.b.E"},
      {"name":"w","type":{"type":"fixed","name":"c.F","size":2}}, {"name":"v","type":"c.F"}]})"),
            "x:string y:string z:string w:binary v:binary");
  EXPECT_EQ(ColumnsOf(R"({"type":"record","name":"R","fields":[
      {"name":"Id","type":"int"},{"name":"ID","type":"long"},{"name":"empty","type":
      {"type":"record","name":"Nothing","fields":[]}}]})"),
            "id:int id_2:bigint empty:string");
}

TEST(AvroSchemaColumnsTest, SchemasWithoutAGlueTypeAreInvalidInput) {
  for (std::string_view schema : {
           R"("string")",
           R"({"type":"record","name":"R","fields":[]})",
           R"({"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]})",
           R"({"type":"record","name":"R","fields":[{"name":"f","type":"Undefined"}]})",
           R"({"type":"record","name":"R","fields":[{"name":"f"}]})",
           R"({"type":"record","name":"R","fields":[{"name":"f","type":{"type":"array"}}]})",
           R"({"type":"record","name":"R","fields":[{"name":"f","type":42}]})",
           R"({"type":"record","name":"R"})",
           R"({"type":"record","fields":[]})",
           R"({"type":"record","name":"R","fields":[{"name":"a","type":
               {"type":"enum","name":"R","symbols":[]}}]})",
           R"({"type": "record", "name": )",
       }) {
    auto columns = AvroSchemaColumns(schema);
    ASSERT_FALSE(columns.ok()) << schema;
    EXPECT_EQ(columns.status().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(columns.status().message().rfind("invalid Avro schema: ", 0), 0u)
        << columns.status().message();
  }
  EXPECT_NE(ColumnsOf(R"({"type":"record","name":"Node","fields":[{"name":"next","type":
      ["null","Node"]}]})")
                .find("contains itself"),
            std::string::npos);
}

TEST(AvroSchemaColumnsTest, DeepNestingIsRefusedNotOverflowed) {
  std::string deep = "\"int\"";
  for (int i = 0; i < 200; ++i) deep = R"({"type":"array","items":)" + deep + "}";
  EXPECT_NE(OneField(deep).find("nests deeper"), std::string::npos);
  std::string very_deep(100000, '[');
  EXPECT_NE(ColumnsOf(very_deep).find("nests deeper"), std::string::npos);
}

}  // namespace
}  // namespace sluice::formats
