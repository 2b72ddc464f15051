// Evaluation of compiled partition expressions (PartitionFilter::Matches) and their rendering.
#include <algorithm>
#include <string>
#include <utility>

#include "catalog/partition_expr.h"

namespace sluice::catalog {
namespace {

// SQL three-valued logic.
enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

Truth FromBool(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

// Returns the offset just past the UTF-8 character starting at text[i].
size_t NextChar(std::string_view text, size_t i) {
  ++i;
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

bool Contains(const std::vector<TypedLiteral>& sorted, PartitionKeyType type,
              const PartitionValue& v) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), v,
                             [type](const TypedLiteral& lit, const PartitionValue& value) {
                               return ComparePartitionValues(type, lit.value(), value) < 0;
                             });
  return it != sorted.end() && ComparePartitionValues(type, it->value(), v) == 0;
}

Truth EvalPredicate(const ExprNode& node, PartitionKeyType type,
                    const std::vector<std::string>& values) {
  const std::string_view raw = static_cast<size_t>(node.key) < values.size()
                                   ? std::string_view(values[node.key])
                                   : kHiveNullPartitionValue;
  const bool is_null = raw == kHiveNullPartitionValue;
  switch (node.op) {
    case PredicateOp::kIsNull:
      return FromBool(is_null);
    case PredicateOp::kIsNotNull:
      return FromBool(!is_null);
    case PredicateOp::kLike:
    case PredicateOp::kNotLike:
      if (is_null) return Truth::kUnknown;
      return FromBool(SqlLikeMatch(raw, node.pattern) == (node.op == PredicateOp::kLike));
    default:
      break;
  }
  const PartitionValue v = ParsePartitionValue(type, raw);
  if (!v.IsValid()) return Truth::kUnknown;
  auto cmp = [&](size_t i) { return ComparePartitionValues(type, v, node.literals[i].value()); };
  switch (node.op) {
    case PredicateOp::kEq:
      return FromBool(cmp(0) == 0);
    case PredicateOp::kNe:
      return FromBool(cmp(0) != 0);
    case PredicateOp::kLt:
      return FromBool(cmp(0) < 0);
    case PredicateOp::kLe:
      return FromBool(cmp(0) <= 0);
    case PredicateOp::kGt:
      return FromBool(cmp(0) > 0);
    case PredicateOp::kGe:
      return FromBool(cmp(0) >= 0);
    case PredicateOp::kIn:
      return FromBool(Contains(node.literals, type, v));
    case PredicateOp::kNotIn:
      return FromBool(!Contains(node.literals, type, v));
    case PredicateOp::kBetween:
      return FromBool(cmp(0) >= 0 && cmp(1) <= 0);
    case PredicateOp::kNotBetween:
      return FromBool(cmp(0) < 0 || cmp(1) > 0);
    default:
      return Truth::kUnknown;
  }
}

// Recursion depth is bounded by the parser's nesting limit: AND/OR chains are n-ary nodes.
Truth Eval(const PartitionFilter& filter, int index, const std::vector<std::string>& values) {
  const ExprNode& node = filter.nodes()[index];
  switch (node.kind) {
    case ExprNode::Kind::kPredicate:
      return EvalPredicate(node, filter.keys()[node.key].type, values);
    case ExprNode::Kind::kNot:
      switch (Eval(filter, node.children[0], values)) {
        case Truth::kTrue:
          return Truth::kFalse;
        case Truth::kFalse:
          return Truth::kTrue;
        case Truth::kUnknown:
          return Truth::kUnknown;
      }
      return Truth::kUnknown;
    case ExprNode::Kind::kAnd: {
      Truth result = Truth::kTrue;
      for (int child : node.children) {
        const Truth t = Eval(filter, child, values);
        if (t == Truth::kFalse) return Truth::kFalse;
        if (t == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
    case ExprNode::Kind::kOr: {
      Truth result = Truth::kFalse;
      for (int child : node.children) {
        const Truth t = Eval(filter, child, values);
        if (t == Truth::kTrue) return Truth::kTrue;
        if (t == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
  }
  return Truth::kUnknown;
}

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('\'');
  for (char c : text) {
    out->push_back(c);
    if (c == '\'') out->push_back('\'');
  }
  out->push_back('\'');
}

std::string_view OpText(PredicateOp op) {
  switch (op) {
    case PredicateOp::kEq:
      return " = ";
    case PredicateOp::kNe:
      return " <> ";
    case PredicateOp::kLt:
      return " < ";
    case PredicateOp::kLe:
      return " <= ";
    case PredicateOp::kGt:
      return " > ";
    case PredicateOp::kGe:
      return " >= ";
    case PredicateOp::kIn:
      return " IN ";
    case PredicateOp::kNotIn:
      return " NOT IN ";
    case PredicateOp::kBetween:
      return " BETWEEN ";
    case PredicateOp::kNotBetween:
      return " NOT BETWEEN ";
    case PredicateOp::kLike:
      return " LIKE ";
    case PredicateOp::kNotLike:
      return " NOT LIKE ";
    case PredicateOp::kIsNull:
      return " IS NULL";
    case PredicateOp::kIsNotNull:
      return " IS NOT NULL";
  }
  return " ? ";
}

void Render(const PartitionFilter& filter, int index, std::string* out) {
  const ExprNode& node = filter.nodes()[index];
  switch (node.kind) {
    case ExprNode::Kind::kNot:
      *out += "(NOT ";
      Render(filter, node.children[0], out);
      *out += ")";
      return;
    case ExprNode::Kind::kAnd:
    case ExprNode::Kind::kOr:
      *out += "(";
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) *out += node.kind == ExprNode::Kind::kAnd ? " AND " : " OR ";
        Render(filter, node.children[i], out);
      }
      *out += ")";
      return;
    case ExprNode::Kind::kPredicate:
      break;
  }
  *out += filter.keys()[node.key].name;
  *out += OpText(node.op);
  switch (node.op) {
    case PredicateOp::kIsNull:
    case PredicateOp::kIsNotNull:
      return;
    case PredicateOp::kLike:
    case PredicateOp::kNotLike:
      AppendQuoted(node.pattern, out);
      return;
    case PredicateOp::kBetween:
    case PredicateOp::kNotBetween:
      AppendQuoted(node.literals[0].text(), out);
      *out += " AND ";
      AppendQuoted(node.literals[1].text(), out);
      return;
    case PredicateOp::kIn:
    case PredicateOp::kNotIn:
      *out += "(";
      for (size_t i = 0; i < node.literals.size(); ++i) {
        if (i > 0) *out += ", ";
        AppendQuoted(node.literals[i].text(), out);
      }
      *out += ")";
      return;
    default:
      AppendQuoted(node.literals[0].text(), out);
      return;
  }
}

}  // namespace

TypedLiteral::TypedLiteral(PartitionKeyType type, std::string text)
    : type_(type),
      text_(std::move(text)),
      encoded_(EncodeComponent(type_, text_)),
      value_(ParsePartitionValue(type_, text_)) {}

TypedLiteral::TypedLiteral(const TypedLiteral& other)
    : type_(other.type_),
      text_(other.text_),
      encoded_(other.encoded_),
      value_(ParsePartitionValue(type_, text_)) {}

TypedLiteral::TypedLiteral(TypedLiteral&& other) noexcept
    : type_(other.type_),
      text_(std::move(other.text_)),
      encoded_(std::move(other.encoded_)),
      value_(ParsePartitionValue(type_, text_)) {
  other.value_ = PartitionValue();
}

TypedLiteral& TypedLiteral::operator=(const TypedLiteral& other) {
  if (this != &other) {
    type_ = other.type_;
    text_ = other.text_;
    encoded_ = other.encoded_;
    value_ = ParsePartitionValue(type_, text_);
  }
  return *this;
}

TypedLiteral& TypedLiteral::operator=(TypedLiteral&& other) noexcept {
  if (this != &other) {
    type_ = other.type_;
    text_ = std::move(other.text_);
    encoded_ = std::move(other.encoded_);
    value_ = ParsePartitionValue(type_, text_);
    other.value_ = PartitionValue();
  }
  return *this;
}

bool SqlLikeMatch(std::string_view text, std::string_view pattern) {
  // Greedy matching with backtracking to the last '%': O(len(text) * len(pattern)) worst case.
  size_t t = 0, p = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = ++p;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == '_') {
      t = NextChar(text, t);
      ++p;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++t;
      ++p;
    } else if (star_p != std::string_view::npos) {
      star_t = NextChar(text, star_t);
      t = star_t;
      p = star_p;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

bool PartitionFilter::Matches(const std::vector<std::string>& values) const {
  return root_ < 0 || Eval(*this, root_, values) == Truth::kTrue;
}

std::string PartitionFilter::DebugString() const {
  if (root_ < 0) return "TRUE";
  std::string out;
  Render(*this, root_, &out);
  return out;
}

}  // namespace sluice::catalog
