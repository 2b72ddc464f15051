// GlueType: a parsed Glue/Hive type string, the catalog's type language.
//
// Supported: boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string,
// varchar(n), char(n), date, timestamp, binary, array<T>, map<K,V>, struct<a:T,...>.
// Plus two inference-only forms that are not valid Glue types: the unknown type kNull (a JSON null
// or an empty CSV cell, "null" in ToString) and a struct with no fields (an empty JSON object).
// ResolveForCatalog() (type_lattice.h) turns both into string before a type reaches the catalog.
//
// GlueType is an immutable-after-construction value type: thread-compatible, cheap to move,
// copied deeply. Struct field names keep their case; names compare case-insensitively only in the
// lattice (type_lattice.h), since Hive is case-insensitive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::formats {

enum class TypeKind : uint8_t {
  kNull,  // unknown: widens to whatever it meets
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kVarchar,
  kChar,
  kDate,
  kTimestamp,
  kBinary,
  kArray,
  kMap,
  kStruct,
};

struct StructField;

class GlueType {
 public:
  GlueType() = default;  // the unknown (null) type

  // A type without parameters (kNull, kBoolean ... kDouble, kString, kDate, kTimestamp,
  // kBinary). Any other kind gives the unknown type; use the factories below for those.
  static GlueType Of(TypeKind kind);
  static GlueType Null() { return GlueType(); }
  static GlueType String() { return Of(TypeKind::kString); }
  static GlueType BigInt() { return Of(TypeKind::kBigInt); }
  static GlueType Double() { return Of(TypeKind::kDouble); }
  static GlueType Boolean() { return Of(TypeKind::kBoolean); }
  // Caller guarantees 1 <= precision <= 38 and 0 <= scale <= precision (ParseGlueType checks).
  static GlueType Decimal(int precision, int scale);
  static GlueType Varchar(int length);
  static GlueType Char(int length);
  static GlueType Array(GlueType element);
  static GlueType Map(GlueType key, GlueType value);
  static GlueType Struct(std::vector<StructField> fields);

  TypeKind kind() const { return kind_; }
  bool is_null() const { return kind_ == TypeKind::kNull; }
  int precision() const { return param1_; }  // decimal only
  int scale() const { return param2_; }      // decimal only
  int length() const { return param1_; }     // varchar and char only
  // Array element; map key and value. Only valid for those kinds.
  const GlueType& element() const { return children_[0]; }
  const GlueType& key() const { return children_[0]; }
  const GlueType& value() const { return children_[1]; }
  // Struct fields in declaration order; empty for other kinds.
  const std::vector<StructField>& fields() const { return fields_; }

  // Canonical Glue spelling: lower case, no spaces, e.g. "struct<a:bigint,b:array<string>>",
  // "decimal(10,2)". Field names that are not plain (contain space, ':', '<', '>', ',' or '`')
  // are back-quoted with '`' doubled.
  std::string ToString() const;

  // Exact structural equality (field order and name case matter).
  friend bool operator==(const GlueType& a, const GlueType& b);

 private:
  TypeKind kind_ = TypeKind::kNull;
  int32_t param1_ = 0;
  int32_t param2_ = 0;
  std::vector<GlueType> children_;
  std::vector<StructField> fields_;
};

struct StructField {
  std::string name;
  GlueType type;

  friend bool operator==(const StructField& a, const StructField& b) {
    return a.name == b.name && a.type == b.type;
  }
};

// A named column of a table schema.
struct Column {
  std::string name;
  GlueType type;

  friend bool operator==(const Column& a, const Column& b) {
    return a.name == b.name && a.type == b.type;
  }
};

// The deepest nesting ParseGlueType accepts (array<array<...>> counts one level per bracket).
inline constexpr int kMaxGlueTypeDepth = 64;

// Parses a Glue/Hive type string: keywords case-insensitive, whitespace allowed between tokens,
// aliases integer (int) and long (bigint), decimal = decimal(10,0), decimal(p) = decimal(p,0).
// Struct field names are bare (any characters but space, ':', '<', '>', ',', '`') or back-quoted.
// Returns InvalidInput naming the text, the 0-based position and what was expected there.
Result<GlueType> ParseGlueType(std::string_view text);

// True for tinyint, smallint, int, bigint.
bool IsIntegerKind(TypeKind kind);

// The lower-case keyword for a kind ("bigint", "decimal", "struct", "null").
std::string_view TypeKindName(TypeKind kind);

}  // namespace sluice::formats
