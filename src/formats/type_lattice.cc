#include "formats/type_lattice.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "formats/column_name.h"

namespace sluice::formats {
namespace {

constexpr int kMaxDecimalPrecision = 38;

// boolean and the integers, ranked; -1 for other kinds.
int IntegerRank(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
      return 0;
    case TypeKind::kTinyInt:
      return 1;
    case TypeKind::kSmallInt:
      return 2;
    case TypeKind::kInt:
      return 3;
    case TypeKind::kBigInt:
      return 4;
    default:
      return -1;
  }
}

// Decimal digits before the point that a boolean or integer type needs.
int IntegerDigits(TypeKind kind) {
  constexpr int kDigits[] = {1, 3, 5, 10, 19};
  return kDigits[IntegerRank(kind)];
}

bool IsNumeric(TypeKind kind) {
  return IntegerRank(kind) >= 0 || kind == TypeKind::kDecimal || kind == TypeKind::kFloat ||
         kind == TypeKind::kDouble;
}

GlueType WidenNumeric(const GlueType& a, const GlueType& b) {
  const TypeKind ka = a.kind();
  const TypeKind kb = b.kind();
  if (ka == TypeKind::kDouble || kb == TypeKind::kDouble) return GlueType::Double();
  if (ka == TypeKind::kFloat || kb == TypeKind::kFloat) {
    return ka == kb ? a : GlueType::Double();
  }
  if (ka != TypeKind::kDecimal && kb != TypeKind::kDecimal) {
    return IntegerRank(ka) >= IntegerRank(kb) ? a : b;
  }
  auto integer_digits = [](const GlueType& t) {
    return t.kind() == TypeKind::kDecimal ? t.precision() - t.scale() : IntegerDigits(t.kind());
  };
  auto scale = [](const GlueType& t) { return t.kind() == TypeKind::kDecimal ? t.scale() : 0; };
  const int digits = std::max(integer_digits(a), integer_digits(b));
  const int s = std::max(scale(a), scale(b));
  if (digits + s > kMaxDecimalPrecision) return GlueType::Double();
  return GlueType::Decimal(digits + s, s);
}

GlueType WidenStruct(const GlueType& a, const GlueType& b) {
  std::vector<StructField> fields = a.fields();
  // Records of one file usually list the same keys in the same order: match by position first
  // and build a name index only when that fails.
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < b.fields().size(); ++i) {
    const StructField& f = b.fields()[i];
    if (index.empty() && i < fields.size() && EqualsIgnoreAsciiCase(fields[i].name, f.name)) {
      fields[i].type = Widen(fields[i].type, f.type);
      continue;
    }
    if (index.empty()) {
      index.reserve(fields.size() + b.fields().size());
      for (size_t j = 0; j < fields.size(); ++j) index.emplace(LowerAscii(fields[j].name), j);
    }
    auto [it, inserted] = index.emplace(LowerAscii(f.name), fields.size());
    if (inserted) {
      fields.push_back(f);
    } else {
      GlueType& target = fields[it->second].type;
      target = Widen(target, f.type);
    }
  }
  return GlueType::Struct(std::move(fields));
}

bool IsTemporal(TypeKind kind) { return kind == TypeKind::kDate || kind == TypeKind::kTimestamp; }
bool IsCharLike(TypeKind kind) { return kind == TypeKind::kChar || kind == TypeKind::kVarchar; }

}  // namespace

GlueType Widen(const GlueType& a, const GlueType& b) {
  const TypeKind ka = a.kind();
  const TypeKind kb = b.kind();
  if (ka == TypeKind::kNull) return b;
  if (kb == TypeKind::kNull) return a;
  if (ka == TypeKind::kString || kb == TypeKind::kString) return GlueType::String();
  if (IsNumeric(ka) && IsNumeric(kb)) return WidenNumeric(a, b);
  if (IsTemporal(ka) && IsTemporal(kb)) return ka == TypeKind::kTimestamp ? a : b;
  if (IsCharLike(ka) && IsCharLike(kb)) {
    const int length = std::max(a.length(), b.length());
    return ka == TypeKind::kChar && kb == TypeKind::kChar ? GlueType::Char(length)
                                                          : GlueType::Varchar(length);
  }
  if (ka != kb) return GlueType::String();
  switch (ka) {
    case TypeKind::kBinary:
      return a;
    case TypeKind::kArray:
      return GlueType::Array(Widen(a.element(), b.element()));
    case TypeKind::kMap:
      return GlueType::Map(Widen(a.key(), b.key()), Widen(a.value(), b.value()));
    case TypeKind::kStruct:
      return WidenStruct(a, b);
    default:
      return GlueType::String();
  }
}

bool Equivalent(const GlueType& a, const GlueType& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case TypeKind::kDecimal:
      return a.precision() == b.precision() && a.scale() == b.scale();
    case TypeKind::kVarchar:
    case TypeKind::kChar:
      return a.length() == b.length();
    case TypeKind::kArray:
      return Equivalent(a.element(), b.element());
    case TypeKind::kMap:
      return Equivalent(a.key(), b.key()) && Equivalent(a.value(), b.value());
    case TypeKind::kStruct: {
      if (a.fields().size() != b.fields().size()) return false;
      std::unordered_map<std::string, const GlueType*> by_name;
      for (const StructField& f : b.fields()) by_name.emplace(LowerAscii(f.name), &f.type);
      for (const StructField& f : a.fields()) {
        auto it = by_name.find(LowerAscii(f.name));
        if (it == by_name.end() || !Equivalent(f.type, *it->second)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

GlueType ResolveForCatalog(const GlueType& type) {
  switch (type.kind()) {
    case TypeKind::kNull:
      return GlueType::String();
    case TypeKind::kArray:
      return GlueType::Array(ResolveForCatalog(type.element()));
    case TypeKind::kMap:
      return GlueType::Map(ResolveForCatalog(type.key()), ResolveForCatalog(type.value()));
    case TypeKind::kStruct: {
      if (type.fields().empty()) return GlueType::String();
      std::vector<StructField> fields;
      fields.reserve(type.fields().size());
      for (const StructField& f : type.fields()) {
        fields.push_back({f.name, ResolveForCatalog(f.type)});
      }
      return GlueType::Struct(std::move(fields));
    }
    default:
      return type;
  }
}

std::string SchemaChange::ToString() const {
  if (kind == Kind::kAdded) return "column " + column + " added (" + to.ToString() + ")";
  return "column " + column + " widened " + from.ToString() + " -> " + to.ToString();
}

SchemaUnion WidenSchema(const std::vector<Column>& base, const std::vector<Column>& incoming) {
  SchemaUnion out;
  std::unordered_map<std::string, size_t> index;
  auto merge = [&](const Column& c) {
    std::string name = LowerAscii(c.name);
    auto [it, inserted] = index.emplace(name, out.columns.size());
    if (inserted) {
      out.columns.push_back({std::move(name), c.type});
    } else {
      GlueType& target = out.columns[it->second].type;
      target = Widen(target, c.type);
    }
  };
  for (const Column& c : base) merge(c);
  const size_t base_count = out.columns.size();
  std::vector<GlueType> base_types;
  base_types.reserve(base_count);
  for (const Column& c : out.columns) base_types.push_back(c.type);
  for (const Column& c : incoming) merge(c);

  for (size_t i = 0; i < out.columns.size(); ++i) {
    const Column& c = out.columns[i];
    if (i >= base_count) {
      out.changes.push_back({SchemaChange::Kind::kAdded, c.name, GlueType::Null(), c.type});
    } else if (!(c.type == base_types[i])) {
      out.changes.push_back({SchemaChange::Kind::kWidened, c.name, base_types[i], c.type});
    }
  }
  return out;
}

}  // namespace sluice::formats
