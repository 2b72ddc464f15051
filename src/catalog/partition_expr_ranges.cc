// Index-range extraction for compiled partition expressions (PartitionFilter::IndexRanges).
//
// For each index key, the expression is projected onto the set of values that key can take in a
// matching partition (ValueSet, over encoded components). Leading keys pinned to a finite set
// (=, IN, IS NULL) form equality prefixes; the next key's ranges (<, BETWEEN, LIKE 'p%', ...)
// extend each prefix, and later keys are left open. A disjunction across keys is answered by the
// union of its sides' ranges, which is tighter than the per-key projection. Every step
// over-approximates, so the ranges always cover the matching partitions.
#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "catalog/partition_expr.h"

namespace sluice::catalog {
namespace {

using Ranges = std::vector<KeyRange>;

// Bounds of encoded components: valid values are [ValidLo, ValidHi), non-NULL ones [ValidLo, "").
std::string ValidLo() { return std::string(1, kEncodedValidTag); }
std::string ValidHi() { return std::string(1, kEncodedInvalidTag); }

// a < b for range upper bounds, where empty means +infinity.
bool HiLess(const std::string& a, const std::string& b) {
  if (a.empty()) return false;
  return b.empty() || a < b;
}

// Returns `ranges` without empty ranges, sorted by lo, with overlapping or touching ranges merged.
Ranges Normalize(Ranges ranges) {
  std::erase_if(ranges, [](const KeyRange& r) { return !r.hi.empty() && r.lo >= r.hi; });
  std::sort(ranges.begin(), ranges.end(),
            [](const KeyRange& a, const KeyRange& b) { return a.lo < b.lo; });
  Ranges out;
  for (KeyRange& r : ranges) {
    if (!out.empty() && (out.back().hi.empty() || r.lo <= out.back().hi)) {
      if (HiLess(out.back().hi, r.hi)) out.back().hi = std::move(r.hi);
    } else {
      out.push_back(std::move(r));
    }
  }
  return out;
}

// Returns the intersection of two normalized range lists.
Ranges Intersect(const Ranges& a, const Ranges& b) {
  Ranges out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const std::string& lo = std::max(a[i].lo, b[j].lo);
    const bool a_ends_first = HiLess(a[i].hi, b[j].hi);
    const std::string& hi = a_ends_first ? a[i].hi : b[j].hi;
    if (hi.empty() || lo < hi) out.push_back({lo, hi});
    if (a_ends_first) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

bool InRanges(const Ranges& ranges, const std::string& key) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), key,
                             [](const std::string& k, const KeyRange& r) { return k < r.lo; });
  return it != ranges.begin() && std::prev(it)->Contains(key);
}

// Returns the single range spanning all of `ranges` (normalized, non-empty).
Ranges Hull(const Ranges& ranges) { return {{ranges.front().lo, ranges.back().hi}}; }

// Returns `ranges`, or their hull when there are more than kMaxRanges.
Ranges Capped(Ranges ranges) {
  if (ranges.size() > PartitionFilter::kMaxRanges) return Hull(ranges);
  return ranges;
}

// The encoded components one key can take in a matching partition.
struct ValueSet {
  bool all = true;                  // unconstrained
  bool points_only = false;         // exactly the values in `points`; `ranges` unused
  std::vector<std::string> points;  // sorted, unique
  Ranges ranges;                    // normalized

  static ValueSet Points(std::vector<std::string> points) {
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    ValueSet s;
    s.all = false;
    s.points_only = true;
    s.points = std::move(points);
    return s;
  }
  static ValueSet Of(Ranges ranges) {
    ValueSet s;
    s.all = false;
    s.ranges = Normalize(std::move(ranges));
    return s;
  }
  Ranges AsRanges() const {
    if (!points_only) return ranges;
    Ranges out;
    out.reserve(points.size());
    for (const std::string& p : points) out.push_back({p, PrefixSuccessor(p)});
    return Normalize(std::move(out));
  }
};

ValueSet IntersectSets(const ValueSet& a, const ValueSet& b) {
  if (a.all) return b;
  if (b.all) return a;
  if (a.points_only && b.points_only) {
    std::vector<std::string> both;
    std::set_intersection(a.points.begin(), a.points.end(), b.points.begin(), b.points.end(),
                          std::back_inserter(both));
    return ValueSet::Points(std::move(both));
  }
  if (a.points_only || b.points_only) {
    const ValueSet& pts = a.points_only ? a : b;
    const ValueSet& rng = a.points_only ? b : a;
    std::vector<std::string> kept;
    for (const std::string& p : pts.points) {
      if (InRanges(rng.ranges, p)) kept.push_back(p);
    }
    return ValueSet::Points(std::move(kept));
  }
  return ValueSet::Of(Intersect(a.ranges, b.ranges));
}

ValueSet UnionSets(const std::vector<ValueSet>& sets) {
  bool points_only = true;
  for (const ValueSet& s : sets) {
    if (s.all) return ValueSet();
    points_only = points_only && s.points_only;
  }
  if (points_only) {
    std::vector<std::string> points;
    for (const ValueSet& s : sets) points.insert(points.end(), s.points.begin(), s.points.end());
    return ValueSet::Points(std::move(points));
  }
  Ranges ranges;
  for (const ValueSet& s : sets) {
    Ranges r = s.AsRanges();
    std::move(r.begin(), r.end(), std::back_inserter(ranges));
  }
  return ValueSet::Of(std::move(ranges));
}

PredicateOp Negate(PredicateOp op) {
  switch (op) {
    case PredicateOp::kEq:
      return PredicateOp::kNe;
    case PredicateOp::kNe:
      return PredicateOp::kEq;
    case PredicateOp::kLt:
      return PredicateOp::kGe;
    case PredicateOp::kLe:
      return PredicateOp::kGt;
    case PredicateOp::kGt:
      return PredicateOp::kLe;
    case PredicateOp::kGe:
      return PredicateOp::kLt;
    case PredicateOp::kIn:
      return PredicateOp::kNotIn;
    case PredicateOp::kNotIn:
      return PredicateOp::kIn;
    case PredicateOp::kBetween:
      return PredicateOp::kNotBetween;
    case PredicateOp::kNotBetween:
      return PredicateOp::kBetween;
    case PredicateOp::kLike:
      return PredicateOp::kNotLike;
    case PredicateOp::kNotLike:
      return PredicateOp::kLike;
    case PredicateOp::kIsNull:
      return PredicateOp::kIsNotNull;
    case PredicateOp::kIsNotNull:
      return PredicateOp::kIsNull;
  }
  return op;
}

ValueSet LikeSet(const std::string& pattern, PartitionKeyType type) {
  if (type != PartitionKeyType::kString) return ValueSet::Of({{ValidLo(), std::string()}});
  const std::string literal = pattern.substr(0, pattern.find_first_of("%_"));
  std::string encoded = EncodeComponent(PartitionKeyType::kString, literal);
  if (literal.size() == pattern.size()) return ValueSet::Points({std::move(encoded)});
  encoded.resize(encoded.size() - 2);  // drop the terminator: every string starting with literal
  std::string hi = PrefixSuccessor(encoded);
  return ValueSet::Of({{std::move(encoded), std::move(hi)}});
}

// Returns the values `node`'s key can take when the predicate is TRUE (or FALSE when `negated`;
// in three-valued logic NOT p is TRUE exactly when p is FALSE, which is the negated operator).
ValueSet PredicateSet(const ExprNode& node, PartitionKeyType type, bool negated) {
  const PredicateOp op = negated ? Negate(node.op) : node.op;
  const std::string none;
  const std::string* e = node.literals.empty() ? &none : &node.literals[0].encoded();
  switch (op) {
    case PredicateOp::kEq:
      return ValueSet::Points({*e});
    case PredicateOp::kNe:
      return ValueSet::Of({{ValidLo(), *e}, {PrefixSuccessor(*e), ValidHi()}});
    case PredicateOp::kLt:
      return ValueSet::Of({{ValidLo(), *e}});
    case PredicateOp::kLe:
      return ValueSet::Of({{ValidLo(), PrefixSuccessor(*e)}});
    case PredicateOp::kGt:
      return ValueSet::Of({{PrefixSuccessor(*e), ValidHi()}});
    case PredicateOp::kGe:
      return ValueSet::Of({{*e, ValidHi()}});
    case PredicateOp::kIn: {
      std::vector<std::string> points;
      for (const TypedLiteral& lit : node.literals) points.push_back(lit.encoded());
      return ValueSet::Points(std::move(points));
    }
    case PredicateOp::kNotIn: {
      Ranges gaps;
      std::string lo = ValidLo();
      for (const TypedLiteral& lit : node.literals) {
        gaps.push_back({std::move(lo), lit.encoded()});
        lo = PrefixSuccessor(lit.encoded());
      }
      gaps.push_back({std::move(lo), ValidHi()});
      return ValueSet::Of(std::move(gaps));
    }
    case PredicateOp::kBetween: {
      const std::string& high = node.literals[1].encoded();
      if (*e == high) return ValueSet::Points({*e});
      return ValueSet::Of({{*e, PrefixSuccessor(high)}});
    }
    case PredicateOp::kNotBetween:
      return ValueSet::Of(
          {{ValidLo(), *e}, {PrefixSuccessor(node.literals[1].encoded()), ValidHi()}});
    case PredicateOp::kLike:
      return LikeSet(node.pattern, type);
    case PredicateOp::kNotLike:
    case PredicateOp::kIsNotNull:
      return ValueSet::Of({{ValidLo(), std::string()}});
    case PredicateOp::kIsNull:
      return ValueSet::Points({std::string(1, kEncodedNullTag)});
  }
  return ValueSet();
}

// True when `node` (under `negated`) is a conjunction: AND, or NOT of OR.
bool IsConjunction(const ExprNode& node, bool negated) {
  return (node.kind == ExprNode::Kind::kAnd) != negated;
}

// Returns the values key `key` can take in a partition where node `index` is TRUE (FALSE when
// `negated`). Recursion depth is bounded by the parser's nesting limit.
ValueSet KeyValues(const PartitionFilter& filter, int index, bool negated, int key) {
  const ExprNode& node = filter.nodes()[index];
  switch (node.kind) {
    case ExprNode::Kind::kPredicate:
      if (node.key != key) return ValueSet();
      return PredicateSet(node, filter.keys()[key].type, negated);
    case ExprNode::Kind::kNot:
      return KeyValues(filter, node.children[0], !negated, key);
    case ExprNode::Kind::kAnd:
    case ExprNode::Kind::kOr:
      break;
  }
  if (IsConjunction(node, negated)) {
    ValueSet result;
    for (int child : node.children) {
      result = IntersectSets(result, KeyValues(filter, child, negated, key));
    }
    return result;
  }
  std::vector<ValueSet> sides;
  for (int child : node.children) {
    sides.push_back(KeyValues(filter, child, negated, key));
    if (sides.back().all) return ValueSet();
  }
  return UnionSets(sides);
}

// Ranges from projecting node `index` onto each index key in turn (see the file comment).
std::optional<Ranges> ProjectedRanges(const PartitionFilter& filter, int index, bool negated,
                                      const std::vector<int>& index_keys) {
  std::vector<std::string> prefixes = {""};
  for (size_t i = 0; i < index_keys.size(); ++i) {
    const ValueSet set = KeyValues(filter, index, negated, index_keys[i]);
    if (set.all) {
      if (i == 0) return std::nullopt;
      break;
    }
    if (set.points_only && prefixes.size() * set.points.size() <= PartitionFilter::kMaxRanges) {
      if (set.points.empty()) return Ranges();
      std::vector<std::string> longer;
      longer.reserve(prefixes.size() * set.points.size());
      for (const std::string& prefix : prefixes) {
        for (const std::string& point : set.points) longer.push_back(prefix + point);
      }
      prefixes = std::move(longer);
      continue;
    }
    // A range condition, or too many values: extend every prefix by this key's ranges and stop.
    Ranges component = set.AsRanges();
    if (component.empty()) return Ranges();
    if (prefixes.size() * component.size() > PartitionFilter::kMaxRanges) {
      component = Hull(component);
    }
    Ranges out;
    for (const std::string& prefix : prefixes) {
      for (const KeyRange& r : component) {
        out.push_back({prefix + r.lo, r.hi.empty() ? PrefixSuccessor(prefix) : prefix + r.hi});
      }
    }
    return Normalize(std::move(out));
  }
  Ranges out;
  for (const std::string& prefix : prefixes) out.push_back({prefix, PrefixSuccessor(prefix)});
  return Normalize(std::move(out));
}

std::optional<Ranges> RangesFor(const PartitionFilter& filter, int index, bool negated,
                                const std::vector<int>& index_keys) {
  const ExprNode& node = filter.nodes()[index];
  if (node.kind == ExprNode::Kind::kNot) {
    return RangesFor(filter, node.children[0], !negated, index_keys);
  }
  if (node.kind == ExprNode::Kind::kPredicate) {
    return ProjectedRanges(filter, index, negated, index_keys);
  }
  if (!IsConjunction(node, negated)) {
    Ranges all;
    for (int child : node.children) {
      std::optional<Ranges> side = RangesFor(filter, child, negated, index_keys);
      if (!side) return std::nullopt;
      std::move(side->begin(), side->end(), std::back_inserter(all));
    }
    return Capped(Normalize(std::move(all)));
  }
  // A conjunction: its projection, narrowed by each compound child's own (possibly tighter) ranges.
  std::optional<Ranges> result = ProjectedRanges(filter, index, negated, index_keys);
  for (int child : node.children) {
    if (filter.nodes()[child].kind == ExprNode::Kind::kPredicate) continue;
    std::optional<Ranges> narrower = RangesFor(filter, child, negated, index_keys);
    if (!narrower) continue;
    result = result ? Intersect(*result, *narrower) : std::move(narrower);
  }
  return result;
}

bool ValidIndexKeys(const std::vector<int>& index_keys, size_t key_count) {
  if (index_keys.empty()) return false;
  for (int k : index_keys) {
    if (k < 0 || static_cast<size_t>(k) >= key_count) return false;
  }
  return true;
}

}  // namespace

std::optional<std::vector<KeyRange>> PartitionFilter::IndexRanges(
    const std::vector<int>& index_keys) const {
  if (root_ < 0 || !ValidIndexKeys(index_keys, keys_.size())) return std::nullopt;
  return RangesFor(*this, root_, /*negated=*/false, index_keys);
}

int PartitionFilter::EqualityPrefixLength(const std::vector<int>& index_keys) const {
  if (root_ < 0 || !ValidIndexKeys(index_keys, keys_.size())) return 0;
  int length = 0;
  for (int key : index_keys) {
    const ValueSet set = KeyValues(*this, root_, /*negated=*/false, key);
    if (set.all || !set.points_only) break;
    ++length;
  }
  return length;
}

}  // namespace sluice::catalog
