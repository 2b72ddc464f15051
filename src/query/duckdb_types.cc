#include "query/duckdb_types.h"

#include <cctype>
#include <vector>

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

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits "a, b(c, d), e" at top-level commas.
std::vector<std::string_view> SplitTopLevel(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(Trim(s.substr(start)));
  return parts;
}

// Reads the field name of a STRUCT member ("name" TYPE or name TYPE) and returns the rest.
std::pair<std::string, std::string_view> StructMember(std::string_view member) {
  std::string name;
  size_t i = 0;
  if (!member.empty() && member[0] == '"') {
    for (i = 1; i < member.size(); ++i) {
      if (member[i] == '"') {
        if (i + 1 < member.size() && member[i + 1] == '"') {
          name += '"';
          ++i;
          continue;
        }
        ++i;
        break;
      }
      name += member[i];
    }
  } else {
    while (i < member.size() && !std::isspace(static_cast<unsigned char>(member[i]))) {
      name += member[i++];
    }
  }
  return {name, Trim(member.substr(i))};
}

std::string GlueFieldName(const std::string& name) {
  for (char c : name) {
    if (c == ' ' || c == ':' || c == '<' || c == '>' || c == ',' || c == '`') {
      std::string out = "`";
      for (char d : name) {
        if (d == '`') out += '`';
        out += d;
      }
      return out + "`";
    }
  }
  return name;
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
  std::string_view t = Trim(duckdb_type);
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]") {
    ASSIGN_OR_RETURN(std::string element, GlueTypeOfDuckDb(t.substr(0, t.size() - 2)));
    return "array<" + element + ">";
  }
  size_t open = t.find('(');
  std::string head = Lower(Trim(t.substr(0, open)));
  std::string_view args;
  if (open != std::string_view::npos && t.back() == ')') {
    args = t.substr(open + 1, t.size() - open - 2);
  }
  if (head == "struct") {
    std::string out = "struct<";
    bool first = true;
    for (std::string_view member : SplitTopLevel(args)) {
      auto [name, rest] = StructMember(member);
      ASSIGN_OR_RETURN(std::string field, GlueTypeOfDuckDb(rest));
      out += (first ? "" : ",") + GlueFieldName(name) + ":" + field;
      first = false;
    }
    return out + ">";
  }
  if (head == "map") {
    auto parts = SplitTopLevel(args);
    if (parts.size() != 2)
      return Status::InvalidInput("cannot read the map type " + std::string(t));
    ASSIGN_OR_RETURN(std::string key, GlueTypeOfDuckDb(parts[0]));
    ASSIGN_OR_RETURN(std::string value, GlueTypeOfDuckDb(parts[1]));
    return "map<" + key + "," + value + ">";
  }
  if (head == "decimal") {
    auto parts = SplitTopLevel(args);
    if (parts.size() == 2)
      return "decimal(" + std::string(parts[0]) + "," + std::string(parts[1]) + ")";
    return std::string("decimal(18,3)");
  }
  if (head == "boolean" || head == "bool") return std::string("boolean");
  if (head == "tinyint" || head == "utinyint")
    return std::string(head == "tinyint" ? "tinyint" : "smallint");
  if (head == "smallint" || head == "usmallint")
    return std::string(head == "smallint" ? "smallint" : "int");
  if (head == "integer" || head == "int") return std::string("int");
  if (head == "uinteger" || head == "bigint") return std::string("bigint");
  // DuckDB sums integers into HUGEINT where Athena gives bigint; CTAS casts such columns.
  if (head == "hugeint") return std::string("bigint");
  if (head == "ubigint" || head == "uhugeint") return std::string("decimal(38,0)");
  if (head == "float" || head == "real") return std::string("float");
  if (head == "double") return std::string("double");
  if (head == "varchar" || head == "uuid" || head == "json" || head == "enum" || head == "bit" ||
      head == "interval" || head == "time" || head == "time with time zone") {
    return std::string("string");
  }
  if (head == "date") return std::string("date");
  if (head.rfind("timestamp", 0) == 0) return std::string("timestamp");
  if (head == "blob") return std::string("binary");
  return Status::InvalidInput("the result column type " + std::string(t) +
                              " has no Glue type; CAST it to a supported type");
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
