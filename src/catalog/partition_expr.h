// The Glue GetPartitions `Expression` language: parser, type-aware evaluator and index-range
// extraction.
//
// Grammar (keywords case-insensitive; precedence NOT > AND > OR):
//   expr      := and_expr (OR and_expr)*
//   and_expr  := not_expr (AND not_expr)*
//   not_expr  := NOT not_expr | '(' expr ')' | predicate
//   predicate := key cmp literal | literal cmp key | key IS [NOT] NULL
//              | key [NOT] IN '(' literal (',' literal)* ')'
//              | key [NOT] BETWEEN literal AND literal | key [NOT] LIKE literal
//   cmp       := = | <> | != | < | <= | > | >=
//   key       := name | "name" | `name`      (matched case-insensitively against the keys)
//   literal   := 'text' ('' escapes a quote) | number ([+-]digits[.digits])
// Literals are converted to the key's declared type when compiling; comparisons are typed.
// Evaluation uses SQL three-valued logic: a NULL partition value (the Hive marker) or a stored
// value that does not parse as its key's type makes a comparison unknown, and only IS [NOT] NULL
// tests NULL. LIKE ('%' any run, '_' one character, case-sensitive) matches the raw stored string.
//
// A compiled PartitionFilter is immutable; all its methods are const and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/partition_key_codec.h"
#include "common/result.h"

namespace sluice::catalog {

// Returns true when the whole of `text` matches the SQL LIKE `pattern`: '%' matches any run of
// characters, '_' exactly one UTF-8 character, everything else itself (case-sensitive, no escape).
bool SqlLikeMatch(std::string_view text, std::string_view pattern);

// A half-open byte range [lo, hi) over encoded index keys (EncodeIndexKey); hi empty = unbounded.
struct KeyRange {
  std::string lo;
  std::string hi;

  // Returns true when lo <= key < hi.
  bool Contains(std::string_view key) const { return lo <= key && (hi.empty() || key < hi); }
  bool operator==(const KeyRange&) const = default;
};

// The operator of a predicate, the leaves of the expression tree.
enum class PredicateOp : uint8_t {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kNotIn,
  kBetween,
  kNotBetween,
  kLike,
  kNotLike,
  kIsNull,
  kIsNotNull,
};

// A literal already converted to its key's type. Copies and moves keep value() valid.
class TypedLiteral {
 public:
  // `text` must parse as a valid value of `type` (ParsePartitionValue(...).IsValid()).
  TypedLiteral(PartitionKeyType type, std::string text);
  TypedLiteral(const TypedLiteral& other);
  TypedLiteral(TypedLiteral&& other) noexcept;
  TypedLiteral& operator=(const TypedLiteral& other);
  TypedLiteral& operator=(TypedLiteral&& other) noexcept;
  ~TypedLiteral() = default;

  const std::string& text() const { return text_; }        // as written, quotes removed
  const PartitionValue& value() const { return value_; }   // views into text()
  const std::string& encoded() const { return encoded_; }  // EncodeComponent(type, text)

 private:
  PartitionKeyType type_;
  std::string text_;
  std::string encoded_;
  PartitionValue value_;
};

// One node of the parsed expression. Nodes live in PartitionFilter::nodes() and refer to each other
// by index.
struct ExprNode {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kPredicate };

  Kind kind = Kind::kPredicate;
  PredicateOp op = PredicateOp::kEq;   // kPredicate
  int key = -1;                        // kPredicate: index into PartitionFilter::keys()
  int position = 0;                    // 1-based position of the node's text in the expression
  std::vector<int> children;           // kAnd, kOr: two or more; kNot: one
  std::vector<TypedLiteral> literals;  // comparison: 1; BETWEEN: low, high; IN: sorted, unique
  std::string pattern;                 // LIKE, NOT LIKE
};

// A compiled GetPartitions expression for one table. A default-constructed filter matches every
// partition, like a blank expression.
class PartitionFilter {
 public:
  // Parentheses plus NOTs deeper than this are rejected, which bounds every recursion.
  static constexpr int kMaxNestingDepth = 100;
  // IndexRanges collapses a key's values or ranges to their hull beyond this many ranges.
  static constexpr size_t kMaxRanges = 1000;

  // Returns `expression` compiled for a table whose partition keys are `keys` (in table order);
  // a blank expression matches every partition. Errors are InvalidInput with a message that names
  // the 1-based position and the text near it, e.g. "Invalid partition expression at position 15
  // near 'AN': expected AND, OR or end of expression", an unknown key (listing the keys) or a
  // literal that is not a valid value of its key's type.
  static Result<PartitionFilter> Compile(std::string_view expression,
                                         const std::vector<PartitionKey>& keys);

  // Returns true when the partition whose values are `values` (in key order; missing trailing
  // values count as NULL) satisfies the expression (SQL: the WHERE clause is TRUE).
  bool Matches(const std::vector<std::string>& values) const;

  // Returns ranges over EncodeIndexKey(keys(), values, index_keys) such that every partition that
  // Matches() has its encoded key inside one of them (a superset; callers re-check with Matches).
  // Ranges are sorted by lo and do not overlap; an empty vector means nothing can match.
  // Returns std::nullopt when the expression does not constrain the first index key (or
  // index_keys is empty or holds an invalid position): the caller must scan everything.
  std::optional<std::vector<KeyRange>> IndexRanges(const std::vector<int>& index_keys) const;

  // Returns how many leading keys of `index_keys` the expression pins to a finite set of values
  // (=, IN, IS NULL), which callers use to choose between indexes.
  int EqualityPrefixLength(const std::vector<int>& index_keys) const;

  // Returns true for a blank expression.
  bool MatchesAll() const { return root_ < 0; }

  // Returns the parsed expression fully parenthesised, e.g. "(year = '2024' AND (NOT m IS NULL))";
  // "TRUE" for a blank expression. For logs and tests.
  std::string DebugString() const;

  const std::vector<PartitionKey>& keys() const { return keys_; }
  const std::vector<ExprNode>& nodes() const { return nodes_; }
  int root() const { return root_; }  // index into nodes(); -1 when MatchesAll()

 private:
  friend class PartitionExprParser;

  std::vector<PartitionKey> keys_;
  std::vector<ExprNode> nodes_;
  int root_ = -1;
};

}  // namespace sluice::catalog
