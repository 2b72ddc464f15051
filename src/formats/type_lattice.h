// The one type-widening lattice, used wherever schemas meet: values of a column, records of a
// file, files of a folder, folders of a table. docs/type-lattice.md states the rules; in short:
//
//   null < boolean < tinyint < smallint < int < bigint < decimal < double < string
//   null < float < double                (float meeting any other numeric gives double)
//   null < date < timestamp < string
//   char(n), varchar(n) < string         (char/varchar meet as varchar(max n))
//   decimal(p1,s1) ^ decimal(p2,s2) = decimal(max integer digits + max scale, max scale),
//     or double when that needs more than 38 digits; integers count as decimal(digits,0)
//   array<A> ^ array<B> = array<A^B>;  map<K1,V1> ^ map<K2,V2> = map<K1^K2,V1^V2>
//   struct ^ struct = the field union: fields in first-seen order, names matched
//     case-insensitively (first spelling kept), shared fields widened, missing fields kept
//   anything else (e.g. bigint ^ date, array ^ struct) = string, the top.
//
// Widen is commutative up to struct field order (see Equivalent), associative and idempotent.
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "formats/glue_type.h"

namespace sluice::formats {

// The least type that holds values of both `a` and `b`.
GlueType Widen(const GlueType& a, const GlueType& b);

// Structural equality that ignores struct field order and the case of field names.
bool Equivalent(const GlueType& a, const GlueType& b);

// `type` made valid for the catalog: the unknown type and empty structs become string,
// recursively (array<null> -> array<string>).
GlueType ResolveForCatalog(const GlueType& type);

// What WidenSchema changed relative to its first argument.
struct SchemaChange {
  enum class Kind : uint8_t { kAdded, kWidened };
  Kind kind = Kind::kAdded;
  std::string column;  // the lower-cased column name
  GlueType from;       // kWidened: the base type; kAdded: unknown
  GlueType to;         // the resulting type

  // "column x added (bigint)" or "column x widened bigint -> double", for crawl logs.
  std::string ToString() const;
};

struct SchemaUnion {
  std::vector<Column> columns;
  std::vector<SchemaChange> changes;  // in column order
};

// The union of two column lists: names lower-cased and matched case-insensitively, columns in
// first-seen order (base first), types widened, columns missing from either side kept. Duplicate
// names within one list are merged into their first position. Changes are reported relative to
// `base` (after its own duplicates are merged).
SchemaUnion WidenSchema(const std::vector<Column>& base, const std::vector<Column>& incoming);

}  // namespace sluice::formats
