// LogicalTypeName: DuckDB's spelling of a logical type (LogicalType::ToString), rebuilt from
// the C API, which has no such function.
#include <string>
#include <string_view>

#include "engine/internal.h"

namespace sluice::engine::internal {
namespace {

std::string TakeString(char* text) {
  std::string out = text != nullptr ? text : "";
  duckdb_free(text);
  return out;
}

// Struct field and union member names are quoted unless they are plain lower-case identifiers
// (KeywordHelper::WriteOptionallyQuoted; reserved words are not checked here).
std::string FieldName(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ChildTypeName(duckdb_logical_type child) {
  std::string name = LogicalTypeName(child);
  duckdb_destroy_logical_type(&child);
  return name;
}

std::string_view SimpleName(duckdb_type id) {
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN:
      return "BOOLEAN";
    case DUCKDB_TYPE_TINYINT:
      return "TINYINT";
    case DUCKDB_TYPE_SMALLINT:
      return "SMALLINT";
    case DUCKDB_TYPE_INTEGER:
      return "INTEGER";
    case DUCKDB_TYPE_BIGINT:
      return "BIGINT";
    case DUCKDB_TYPE_UTINYINT:
      return "UTINYINT";
    case DUCKDB_TYPE_USMALLINT:
      return "USMALLINT";
    case DUCKDB_TYPE_UINTEGER:
      return "UINTEGER";
    case DUCKDB_TYPE_UBIGINT:
      return "UBIGINT";
    case DUCKDB_TYPE_FLOAT:
      return "FLOAT";
    case DUCKDB_TYPE_DOUBLE:
      return "DOUBLE";
    case DUCKDB_TYPE_TIMESTAMP:
      return "TIMESTAMP";
    case DUCKDB_TYPE_DATE:
      return "DATE";
    case DUCKDB_TYPE_TIME:
      return "TIME";
    case DUCKDB_TYPE_INTERVAL:
      return "INTERVAL";
    case DUCKDB_TYPE_HUGEINT:
      return "HUGEINT";
    case DUCKDB_TYPE_UHUGEINT:
      return "UHUGEINT";
    case DUCKDB_TYPE_VARCHAR:
      return "VARCHAR";
    case DUCKDB_TYPE_BLOB:
      return "BLOB";
    case DUCKDB_TYPE_TIMESTAMP_S:
      return "TIMESTAMP_S";
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return "TIMESTAMP_MS";
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return "TIMESTAMP_NS";
    case DUCKDB_TYPE_UUID:
      return "UUID";
    case DUCKDB_TYPE_BIT:
      return "BIT";
    case DUCKDB_TYPE_TIME_TZ:
      return "TIME WITH TIME ZONE";
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return "TIMESTAMP WITH TIME ZONE";
    case DUCKDB_TYPE_BIGNUM:
      return "BIGNUM";
    case DUCKDB_TYPE_SQLNULL:
      return "\"NULL\"";
    case DUCKDB_TYPE_TIME_NS:
      return "TIME_NS";
    case DUCKDB_TYPE_ANY:
      return "ANY";
    default:
      return "";
  }
}

}  // namespace

std::string LogicalTypeName(duckdb_logical_type type) {
  std::string alias = TakeString(duckdb_logical_type_get_alias(type));
  if (!alias.empty()) return alias;
  duckdb_type id = duckdb_get_type_id(type);
  switch (id) {
    case DUCKDB_TYPE_DECIMAL:
      return "DECIMAL(" + std::to_string(duckdb_decimal_width(type)) + "," +
             std::to_string(duckdb_decimal_scale(type)) + ")";
    case DUCKDB_TYPE_LIST:
      return ChildTypeName(duckdb_list_type_child_type(type)) + "[]";
    case DUCKDB_TYPE_ARRAY:
      return ChildTypeName(duckdb_array_type_child_type(type)) + "[" +
             std::to_string(duckdb_array_type_array_size(type)) + "]";
    case DUCKDB_TYPE_MAP:
      return "MAP(" + ChildTypeName(duckdb_map_type_key_type(type)) + ", " +
             ChildTypeName(duckdb_map_type_value_type(type)) + ")";
    case DUCKDB_TYPE_STRUCT: {
      std::string out = "STRUCT(";
      idx_t n = duckdb_struct_type_child_count(type);
      for (idx_t i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        out += FieldName(TakeString(duckdb_struct_type_child_name(type, i))) + " " +
               ChildTypeName(duckdb_struct_type_child_type(type, i));
      }
      return out + ")";
    }
    case DUCKDB_TYPE_UNION: {
      std::string out = "UNION(";
      idx_t n = duckdb_union_type_member_count(type);
      for (idx_t i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        out += FieldName(TakeString(duckdb_union_type_member_name(type, i))) + " " +
               ChildTypeName(duckdb_union_type_member_type(type, i));
      }
      return out + ")";
    }
    case DUCKDB_TYPE_ENUM: {
      std::string out = "ENUM(";
      uint32_t n = duckdb_enum_dictionary_size(type);
      for (uint32_t i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        std::string value = TakeString(duckdb_enum_dictionary_value(type, i));
        out += '\'';
        for (char c : value) {
          if (c == '\'') out += '\'';
          out += c;
        }
        out += '\'';
      }
      return out + ")";
    }
    default: {
      std::string_view name = SimpleName(id);
      return name.empty() ? "UNKNOWN(" + std::to_string(static_cast<int>(id)) + ")"
                          : std::string(name);
    }
  }
}

}  // namespace sluice::engine::internal
