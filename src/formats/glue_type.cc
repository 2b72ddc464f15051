#include "formats/glue_type.h"

#include <cctype>
#include <string>
#include <utility>

namespace sluice::formats {

GlueType GlueType::Of(TypeKind kind) {
  GlueType t;
  switch (kind) {
    case TypeKind::kDecimal:
    case TypeKind::kVarchar:
    case TypeKind::kChar:
    case TypeKind::kArray:
    case TypeKind::kMap:
    case TypeKind::kStruct:
      return t;  // needs parameters: see the factories
    default:
      t.kind_ = kind;
      return t;
  }
}

GlueType GlueType::Decimal(int precision, int scale) {
  GlueType t;
  t.kind_ = TypeKind::kDecimal;
  t.param1_ = precision;
  t.param2_ = scale;
  return t;
}

GlueType GlueType::Varchar(int length) {
  GlueType t;
  t.kind_ = TypeKind::kVarchar;
  t.param1_ = length;
  return t;
}

GlueType GlueType::Char(int length) {
  GlueType t;
  t.kind_ = TypeKind::kChar;
  t.param1_ = length;
  return t;
}

GlueType GlueType::Array(GlueType element) {
  GlueType t;
  t.kind_ = TypeKind::kArray;
  t.children_.push_back(std::move(element));
  return t;
}

GlueType GlueType::Map(GlueType key, GlueType value) {
  GlueType t;
  t.kind_ = TypeKind::kMap;
  t.children_.push_back(std::move(key));
  t.children_.push_back(std::move(value));
  return t;
}

GlueType GlueType::Struct(std::vector<StructField> fields) {
  GlueType t;
  t.kind_ = TypeKind::kStruct;
  t.fields_ = std::move(fields);
  return t;
}

bool operator==(const GlueType& a, const GlueType& b) {
  return a.kind_ == b.kind_ && a.param1_ == b.param1_ && a.param2_ == b.param2_ &&
         a.children_ == b.children_ && a.fields_ == b.fields_;
}

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kNull:
      return "null";
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kTinyInt:
      return "tinyint";
    case TypeKind::kSmallInt:
      return "smallint";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kBigInt:
      return "bigint";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kString:
      return "string";
    case TypeKind::kVarchar:
      return "varchar";
    case TypeKind::kChar:
      return "char";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kBinary:
      return "binary";
    case TypeKind::kArray:
      return "array";
    case TypeKind::kMap:
      return "map";
    case TypeKind::kStruct:
      return "struct";
  }
  return "null";
}

bool IsIntegerKind(TypeKind kind) {
  return kind == TypeKind::kTinyInt || kind == TypeKind::kSmallInt || kind == TypeKind::kInt ||
         kind == TypeKind::kBigInt;
}

namespace {

bool IsFieldNameChar(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != ':' && c != '<' && c != '>' &&
         c != ',' && c != '`';
}

void AppendFieldName(const std::string& name, std::string& out) {
  bool plain = !name.empty();
  for (char c : name) plain = plain && IsFieldNameChar(c);
  if (plain) {
    out += name;
    return;
  }
  out += '`';
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
}

void AppendType(const GlueType& t, std::string& out) {
  out += TypeKindName(t.kind());
  switch (t.kind()) {
    case TypeKind::kDecimal:
      out += '(' + std::to_string(t.precision()) + ',' + std::to_string(t.scale()) + ')';
      break;
    case TypeKind::kVarchar:
    case TypeKind::kChar:
      out += '(' + std::to_string(t.length()) + ')';
      break;
    case TypeKind::kArray:
      out += '<';
      AppendType(t.element(), out);
      out += '>';
      break;
    case TypeKind::kMap:
      out += '<';
      AppendType(t.key(), out);
      out += ',';
      AppendType(t.value(), out);
      out += '>';
      break;
    case TypeKind::kStruct: {
      out += '<';
      bool first = true;
      for (const StructField& f : t.fields()) {
        if (!first) out += ',';
        first = false;
        AppendFieldName(f.name, out);
        out += ':';
        AppendType(f.type, out);
      }
      out += '>';
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string GlueType::ToString() const {
  std::string out;
  AppendType(*this, out);
  return out;
}

}  // namespace sluice::formats
