#include "query/duckdb_types.h"

#include <cctype>
#include <vector>

#include "formats/parquet_schema.h"
#include "query/text_util.h"

namespace sluice::query {

using formats::GlueType;
using formats::TypeKind;

namespace {

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string DuckDbType(const GlueType& type) {
  switch (type.kind()) {
    case TypeKind::kNull:
    case TypeKind::kString:
    case TypeKind::kVarchar:
    case TypeKind::kChar:
      return "VARCHAR";
    case TypeKind::kBoolean:
      return "BOOLEAN";
    case TypeKind::kTinyInt:
      return "TINYINT";
    case TypeKind::kSmallInt:
      return "SMALLINT";
    case TypeKind::kInt:
      return "INTEGER";
    case TypeKind::kBigInt:
      return "BIGINT";
    case TypeKind::kFloat:
      return "FLOAT";
    case TypeKind::kDouble:
      return "DOUBLE";
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) +
             ")";
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kTimestamp:
      return "TIMESTAMP";
    case TypeKind::kBinary:
      return "BLOB";
    case TypeKind::kArray:
      return DuckDbType(type.element()) + "[]";
    case TypeKind::kMap:
      return "MAP(" + DuckDbType(type.key()) + ", " + DuckDbType(type.value()) + ")";
    case TypeKind::kStruct: {
      if (type.fields().empty()) return "VARCHAR";
      std::string out = "STRUCT(";
      for (size_t i = 0; i < type.fields().size(); ++i) {
        if (i) out += ", ";
        out += Quote(type.fields()[i].name) + " " + DuckDbType(type.fields()[i].type);
      }
      return out + ")";
    }
  }
  return "VARCHAR";
}

Result<std::string> DuckDbTypeOf(std::string_view glue_type) {
  auto parsed = formats::ParseGlueType(glue_type);
  if (!parsed.ok()) {
    return Status::InvalidInput("the column type '" + std::string(glue_type) +
                                "' is not a Glue type: " + parsed.status().message());
  }
  return DuckDbType(*parsed);
}

Result<std::string> GlueTypeOfDuckDb(std::string_view duckdb_type) {
  std::string head = Lower(Trim(duckdb_type.substr(0, duckdb_type.find('('))));
  // DuckDB sums integers into HUGEINT where Athena gives bigint; CTAS casts such columns.
  if (head == "hugeint") return std::string("bigint");
  if (head == "union") {
    return Status::InvalidInput("the result column type " + std::string(duckdb_type) +
                                " has no Glue type; CAST it to a supported type");
  }
  return formats::FromDuckDbType(duckdb_type).ToString();
}

std::string AthenaTypeName(std::string_view duckdb_type) {
  std::string_view t = Trim(duckdb_type);
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]") return "array";
  std::string head = Lower(Trim(t.substr(0, t.find('('))));
  if (head == "varchar" || head == "uuid" || head == "json" || head == "enum") return "varchar";
  if (head == "integer" || head == "int") return "integer";
  if (head == "uinteger") return "bigint";
  if (head == "utinyint") return "smallint";
  if (head == "usmallint") return "integer";
  if (head == "hugeint") return "bigint";
  if (head == "ubigint" || head == "uhugeint") return "decimal";
  if (head == "float" || head == "real") return "float";
  if (head == "struct") return "row";
  if (head == "blob") return "varbinary";
  if (head == "interval") return "interval day to second";
  if (head.rfind("timestamp", 0) == 0) {
    return head.find("time zone") != std::string::npos ? "timestamp with time zone" : "timestamp";
  }
  return head;
}

}  // namespace sluice::query
