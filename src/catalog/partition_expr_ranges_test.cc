// Tests for PartitionFilter::IndexRanges and EqualityPrefixLength.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "catalog/partition_expr.h"

namespace sluice::catalog {
namespace {

const std::string kNull(kHiveNullPartitionValue);

const std::vector<PartitionKey> kKeys = {{"year", PartitionKeyType::kInt},
                                         {"month", PartitionKeyType::kString},
                                         {"day", PartitionKeyType::kInt}};

std::string IndexKey(const std::vector<std::string>& values, const std::vector<int>& index,
                     const std::vector<PartitionKey>& keys = kKeys) {
  return EncodeIndexKey(keys, values, index);
}

bool Covered(const std::vector<KeyRange>& ranges, const std::string& key) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), key,
                             [](const std::string& k, const KeyRange& r) { return k < r.lo; });
  return it != ranges.begin() && std::prev(it)->Contains(key);
}

// Ranges must be non-empty, sorted by lo and non-overlapping.
void ExpectWellFormed(const std::vector<KeyRange>& ranges) {
  for (size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_TRUE(ranges[i].hi.empty() || ranges[i].lo < ranges[i].hi) << "range " << i;
    if (i > 0) {
      ASSERT_FALSE(ranges[i - 1].hi.empty()) << "range " << i - 1 << " is unbounded but not last";
      EXPECT_LE(ranges[i - 1].hi, ranges[i].lo) << "ranges " << i - 1 << " and " << i;
    }
  }
}

PartitionFilter MustCompile(std::string_view expression,
                            const std::vector<PartitionKey>& keys = kKeys) {
  Result<PartitionFilter> filter = PartitionFilter::Compile(expression, keys);
  EXPECT_TRUE(filter.ok()) << expression << " -> " << filter.status().ToString();
  return filter.ok() ? std::move(*filter) : PartitionFilter();
}

// Returns the ranges for `expression`, which must constrain the index.
std::vector<KeyRange> MustRanges(std::string_view expression, const std::vector<int>& index,
                                 const std::vector<PartitionKey>& keys = kKeys) {
  std::optional<std::vector<KeyRange>> ranges = MustCompile(expression, keys).IndexRanges(index);
  EXPECT_TRUE(ranges.has_value()) << expression;
  if (!ranges) return {};
  ExpectWellFormed(*ranges);
  return *ranges;
}

// Checks, over a grid of partitions, that a partition is covered exactly when `expected` says so.
template <typename Pred>
void ExpectCoveredExactly(std::string_view expression, const std::vector<int>& index,
                          Pred expected) {
  const std::vector<KeyRange> ranges = MustRanges(expression, index);
  for (const std::string year : {"2023", "2024", "02024", "2025", "-1", "x", kNull.c_str()}) {
    for (const std::string month : {"", "01", "07", "08", "080", "09", "a\xff", kNull.c_str()}) {
      for (const std::string day : {"1", "5", "6", "15", "20", "21", "bad", kNull.c_str()}) {
        const std::vector<std::string> row = {year, month, day};
        EXPECT_EQ(Covered(ranges, IndexKey(row, index)), expected(row))
            << expression << " on (" << year << ", " << month << ", " << day << ")";
      }
    }
  }
}

bool IsInt(const std::string& s, int v) {
  const PartitionValue p = ParsePartitionValue(PartitionKeyType::kInt, s);
  return p.IsValid() && p.number == v;
}

TEST(IndexRangesTest, EqualityPrefixGivesOneRangeHoldingOnlyThatMonth) {
  const std::vector<KeyRange> ranges = MustRanges("year='2024' AND month='08'", {0, 1, 2});
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].lo, IndexKey({"2024", "08"}, {0, 1}));
  EXPECT_EQ(ranges[0].hi, PrefixSuccessor(ranges[0].lo));
  ExpectCoveredExactly("year='2024' AND month='08'", {0, 1, 2},
                       [](const auto& row) { return IsInt(row[0], 2024) && row[1] == "08"; });
  ExpectCoveredExactly("year = 2024 AND month = '08' AND day = 15", {0, 1, 2}, [](const auto& row) {
    return IsInt(row[0], 2024) && row[1] == "08" && IsInt(row[2], 15);
  });
}

TEST(IndexRangesTest, InListsGiveOneRangePerValueCombination) {
  const std::vector<KeyRange> ranges =
      MustRanges("year IN (2024, 2022, 2023) AND month = '01'", {0, 1, 2});
  ASSERT_EQ(ranges.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ranges[i].lo, IndexKey({std::to_string(2022 + i), "01"}, {0, 1}));
  }
  EXPECT_EQ(MustRanges("year IN (1, 3) AND month IN ('a', 'b')", {0, 1, 2}).size(), 4u);
  EXPECT_EQ(MustRanges("year IN (1, 3) AND month IN ('a', 'b')", {1, 0}).size(), 4u);
  // Ranges that touch are merged: the int after 1 is 2, so [1, 2] is one range.
  EXPECT_EQ(MustRanges("month IN ('a', 'b') AND year IN (1, 2)", {1, 0}).size(), 2u);
  EXPECT_EQ(MustRanges("year IN (1, 2)", {0}).size(), 1u);
}

TEST(IndexRangesTest, RangeConditionOnTheKeyAfterTheEqualityPrefix) {
  ExpectCoveredExactly("year = 2024 AND day > 5 AND day <= 20", {0, 2}, [](const auto& row) {
    const PartitionValue day = ParsePartitionValue(PartitionKeyType::kInt, row[2]);
    return IsInt(row[0], 2024) && day.IsValid() && day.number > 5 && day.number <= 20;
  });
  EXPECT_EQ(MustRanges("year = 2024 AND day > 5 AND day <= 20", {0, 2}).size(), 1u);
  ExpectCoveredExactly("year = 2024 AND month BETWEEN '07' AND '08'", {0, 1}, [](const auto& row) {
    return IsInt(row[0], 2024) && (row[1] == "07" || row[1] == "08");
  });
  // Only one range condition is used: the key after it is left open.
  ExpectCoveredExactly("year >= 2024 AND month = '08'", {0, 1}, [](const auto& row) {
    const PartitionValue year = ParsePartitionValue(PartitionKeyType::kInt, row[0]);
    return year.IsValid() && year.number >= 2024;
  });
}

TEST(IndexRangesTest, LikePrefixOnStringKeys) {
  ExpectCoveredExactly("month LIKE '0%'", {1},
                       [](const auto& row) { return row[1] != kNull && row[1].starts_with("0"); });
  ExpectCoveredExactly("month LIKE '08'", {1, 0}, [](const auto& row) { return row[1] == "08"; });
  EXPECT_EQ(MustRanges("month LIKE '08'", {1}), MustRanges("month = '08'", {1}));
  ExpectCoveredExactly("month LIKE '0_'", {1},
                       [](const auto& row) { return row[1] != kNull && row[1].starts_with("0"); });
  // LIKE on a non-string key, or with a leading wildcard, only excludes NULL.
  ExpectCoveredExactly("day LIKE '1%'", {2}, [](const auto& row) { return row[2] != kNull; });
  ExpectCoveredExactly("month LIKE '%8'", {1}, [](const auto& row) { return row[1] != kNull; });
}

TEST(IndexRangesTest, DisjunctionsAreUnionsOfTheirSides) {
  const char* both = "(year = 2024 AND month = '01') OR (year = 2025 AND month = '07')";
  EXPECT_EQ(MustRanges(both, {0, 1, 2}).size(), 2u);  // not the 4 of {2024,2025} x {01,07}
  ExpectCoveredExactly(both, {0, 1, 2}, [](const auto& row) {
    return (IsInt(row[0], 2024) && row[1] == "01") || (IsInt(row[0], 2025) && row[1] == "07");
  });
  EXPECT_EQ(MustRanges("year = 2024 OR year = 2026 OR year = 2024", {0}).size(), 2u);
  // An AND over a disjunction keeps the disjunction's precision.
  ExpectCoveredExactly(std::string("day = 5 AND (") + both + ")", {0, 1, 2}, [](const auto& row) {
    return ((IsInt(row[0], 2024) && row[1] == "01") || (IsInt(row[0], 2025) && row[1] == "07")) &&
           IsInt(row[2], 5);
  });
  EXPECT_EQ(MustCompile("year = 2024 OR month = '01'").IndexRanges({0, 1, 2}), std::nullopt);
}

TEST(IndexRangesTest, NegationsAndNullTests) {
  auto valid_year_not = [](const auto& row, int v) {
    const PartitionValue y = ParsePartitionValue(PartitionKeyType::kInt, row[0]);
    return y.IsValid() && y.number != v;
  };
  for (const char* e : {"year <> 2024", "year != 2024", "NOT (year = 2024)", "NOT year IN (2024)",
                        "year NOT BETWEEN 2024 AND 2024"}) {
    ExpectCoveredExactly(e, {0, 1}, [&](const auto& row) { return valid_year_not(row, 2024); });
    EXPECT_EQ(MustRanges(e, {0}).size(), 2u) << e;
  }
  ExpectCoveredExactly("NOT (year <> 2024)", {0},
                       [](const auto& row) { return IsInt(row[0], 2024); });
  ExpectCoveredExactly("NOT (year = 2023 OR year = 2025)", {0}, [](const auto& row) {
    const PartitionValue y = ParsePartitionValue(PartitionKeyType::kInt, row[0]);
    return y.IsValid() && y.number != 2023 && y.number != 2025;
  });
  ExpectCoveredExactly("year IS NULL", {0, 1}, [](const auto& row) { return row[0] == kNull; });
  ExpectCoveredExactly("year IS NULL AND month = '08'", {0, 1},
                       [](const auto& row) { return row[0] == kNull && row[1] == "08"; });
  ExpectCoveredExactly("year IS NOT NULL", {0}, [](const auto& row) { return row[0] != kNull; });
  ExpectCoveredExactly("NOT year IS NULL", {0}, [](const auto& row) { return row[0] != kNull; });
  // NOT (a AND b) is NOT a OR NOT b: without a bound on the first key it scans everything.
  EXPECT_EQ(MustCompile("NOT (year = 1 AND month = 'a')").IndexRanges({0}), std::nullopt);
  EXPECT_EQ(MustCompile("month NOT LIKE 'a%'").IndexRanges({1}).value().size(), 1u);
}

TEST(IndexRangesTest, NulloptWhenTheFirstIndexKeyIsUnconstrained) {
  EXPECT_EQ(MustCompile("month = '08'").IndexRanges({0, 1, 2}), std::nullopt);
  EXPECT_EQ(MustRanges("month = '08'", {1, 0}).size(), 1u);
  EXPECT_EQ(MustRanges("day = 15 AND year = 2024", {2}).size(), 1u);
  EXPECT_EQ(MustRanges("day = 15 AND year = 2024", {2, 0}).size(), 1u);
  EXPECT_EQ(MustCompile("").IndexRanges({0}), std::nullopt);
  EXPECT_EQ(MustCompile("year = 1").IndexRanges({}), std::nullopt);
  EXPECT_EQ(MustCompile("year = 1").IndexRanges({0, 3}), std::nullopt);
  EXPECT_EQ(MustCompile("year = 1").IndexRanges({-1}), std::nullopt);
}

TEST(IndexRangesTest, ContradictionsGiveNoRanges) {
  for (const char* e : {"year = 1 AND year = 2", "year BETWEEN 5 AND 1",
                        "year IN (1, 2) AND year > 5", "year IS NULL AND year = 1",
                        "year < 1 AND year > 1", "year = 1 AND month LIKE 'a%' AND month = 'b'"}) {
    std::optional<std::vector<KeyRange>> ranges = MustCompile(e).IndexRanges({0, 1});
    ASSERT_TRUE(ranges.has_value()) << e;
    EXPECT_TRUE(ranges->empty()) << e;
  }
}

TEST(IndexRangesTest, LargeInListsCollapseToTheirHull) {
  auto in_list = [](int n) {
    std::string e = "day IN (";
    for (int i = 0; i < n; ++i) e += (i ? ", " : "") + std::to_string(i * 2);
    return e + ")";
  };
  EXPECT_EQ(MustRanges(in_list(PartitionFilter::kMaxRanges), {2}).size(),
            PartitionFilter::kMaxRanges);
  const std::vector<KeyRange> hull = MustRanges(in_list(PartitionFilter::kMaxRanges + 1), {2});
  ASSERT_EQ(hull.size(), 1u);
  EXPECT_TRUE(Covered(hull, IndexKey({"", "", "0"}, {2})));
  EXPECT_TRUE(
      Covered(hull, IndexKey({"", "", "1"}, {2})));  // inside the hull, though not in the list
  EXPECT_TRUE(Covered(hull, IndexKey({"", "", "2000"}, {2})));
  EXPECT_FALSE(Covered(hull, IndexKey({"", "", "-1"}, {2})));
  EXPECT_FALSE(Covered(hull, IndexKey({"", "", "2001"}, {2})));
  // Prefix products are capped too: 40 x 40 values stop the prefix at the first key.
  std::string years = "year IN (", months = "month IN (";
  for (int i = 0; i < 40; ++i) {
    years += (i ? ", " : "") + std::to_string(i);
    months += std::string(i ? ", " : "") + "'" + std::to_string(i) + "'";
  }
  EXPECT_LE(MustRanges(years + ") AND " + months + ")", {0, 1}).size(),
            PartitionFilter::kMaxRanges);
}

TEST(IndexRangesTest, EqualityPrefixLength) {
  const PartitionFilter f = MustCompile("year = 1 AND month IN ('a', 'b') AND day > 3");
  EXPECT_EQ(f.EqualityPrefixLength({0, 1, 2}), 2);
  EXPECT_EQ(f.EqualityPrefixLength({1, 0, 2}), 2);
  EXPECT_EQ(f.EqualityPrefixLength({2, 0}), 0);
  EXPECT_EQ(f.EqualityPrefixLength({0, 2, 1}), 1);
  EXPECT_EQ(MustCompile("year IS NULL AND month = 'a'").EqualityPrefixLength({0, 1}), 2);
  EXPECT_EQ(MustCompile("year = 1 OR year = 2").EqualityPrefixLength({0}), 1);
  EXPECT_EQ(MustCompile("year = 1 OR month = 'a'").EqualityPrefixLength({0}), 0);
  EXPECT_EQ(MustCompile("year > 1").EqualityPrefixLength({0}), 0);
  EXPECT_EQ(MustCompile("").EqualityPrefixLength({0}), 0);
}

TEST(IndexRangesTest, TypedKeysUseTypedOrder) {
  const std::vector<PartitionKey> keys = {{"d", PartitionKeyType::kDecimal},
                                          {"t", PartitionKeyType::kTimestamp}};
  const std::vector<KeyRange> ranges = MustRanges("d BETWEEN 1.5 AND 2.50", {0, 1}, keys);
  for (const char* d : {"1.5", "1.50", "2", "2.5000", "+2.49"}) {
    EXPECT_TRUE(Covered(ranges, IndexKey({d, kNull}, {0, 1}, keys))) << d;
  }
  for (const char* d : {"1.49", "2.51", "10", "-2", "x", kNull.c_str()}) {
    EXPECT_FALSE(Covered(ranges, IndexKey({d, kNull}, {0, 1}, keys))) << d;
  }
  const std::vector<KeyRange> t =
      MustRanges("d = 1 AND t >= '2024-01-01 00:00:00.5'", {0, 1}, keys);
  EXPECT_TRUE(Covered(t, IndexKey({"1.0", "2024-01-01T00:00:00.500"}, {0, 1}, keys)));
  EXPECT_TRUE(Covered(t, IndexKey({"1", "2024-01-02"}, {0, 1}, keys)));
  EXPECT_FALSE(Covered(t, IndexKey({"1", "2024-01-01 00:00:00.4999"}, {0, 1}, keys)));
}

// --- Randomized soundness
// ---------------------------------------------------------------------------

struct RandomKey {
  PartitionKey key;
  std::vector<std::string> literals;  // valid literal spellings
  std::vector<std::string> stored;    // stored values, including NULL and invalid ones
};

const std::vector<RandomKey> kRandomKeys = {
    {{"y", PartitionKeyType::kInt},
     {"-1", "0", "1", "2", "'07'", "2024"},
     {"-1", "0", "1", "2", "7", "2024", "x", kNull}},
    {{"m", PartitionKeyType::kString},
     {"''", "'a'", "'ab'", "'b'", "'a_'", "'1'"},
     {"", "a", "ab", "abc", "b", std::string("a\0", 2), "a\xff", "1", kNull}},
    {{"d", PartitionKeyType::kDecimal},
     {"-1.5", "0", "0.50", "1", "10", "'2.25'"},
     {"-1.50", "0.0", "0.5", "1", "10.00", "2.250", "1e1", kNull}},
    {{"t", PartitionKeyType::kTimestamp},
     {"'2024-01-01'", "'2024-01-01 00:00:00.5'", "'2024-01-02T00:00:00'"},
     {"2024-01-01 00:00:00", "2024-01-01 00:00:00.500", "2024-01-01 12:00:00", "2024-01-02", "bad",
      kNull}},
};

std::string RandomPredicate(std::mt19937_64& rng) {
  const RandomKey& k = kRandomKeys[rng() % kRandomKeys.size()];
  auto lit = [&]() { return k.literals[rng() % k.literals.size()]; };
  static const std::vector<std::string> kPatterns = {"'a%'", "'%'", "'1%'", "'2024-01-01%'",
                                                     "'a'",  "'_'", "''",   "'0._'"};
  switch (rng() % 14) {
    case 0:
      return k.key.name + " = " + lit();
    case 1:
      return k.key.name + " <> " + lit();
    case 2:
      return k.key.name + " < " + lit();
    case 3:
      return k.key.name + " <= " + lit();
    case 4:
      return k.key.name + " > " + lit();
    case 5:
      return lit() + " >= " + k.key.name;
    case 6:
      return k.key.name + " IN (" + lit() + ", " + lit() + ")";
    case 7:
      return k.key.name + " NOT IN (" + lit() + ", " + lit() + ")";
    case 8:
      return k.key.name + " BETWEEN " + lit() + " AND " + lit();
    case 9:
      return k.key.name + " NOT BETWEEN " + lit() + " AND " + lit();
    case 10:
      return k.key.name + " LIKE " + kPatterns[rng() % kPatterns.size()];
    case 11:
      return k.key.name + " NOT LIKE " + kPatterns[rng() % kPatterns.size()];
    case 12:
      return k.key.name + " IS NULL";
    default:
      return k.key.name + " IS NOT NULL";
  }
}

std::string RandomExpression(std::mt19937_64& rng, int depth) {
  if (depth == 0 || rng() % 4 == 0) return RandomPredicate(rng);
  switch (rng() % 5) {
    case 0:
      return "NOT (" + RandomExpression(rng, depth - 1) + ")";
    case 1:
      return "(" + RandomExpression(rng, depth - 1) + ") OR (" + RandomExpression(rng, depth - 1) +
             ")";
    case 2:
      return RandomExpression(rng, depth - 1) + " OR " + RandomExpression(rng, depth - 1);
    default:
      return "(" + RandomExpression(rng, depth - 1) + ") AND (" + RandomExpression(rng, depth - 1) +
             ")";
  }
}

TEST(IndexRangesTest, RandomExpressionsNeverMissAMatchingPartition) {
  std::vector<PartitionKey> keys;
  for (const RandomKey& k : kRandomKeys) keys.push_back(k.key);
  std::vector<std::vector<std::string>> partitions;
  for (const auto& y : kRandomKeys[0].stored) {
    for (const auto& m : kRandomKeys[1].stored) {
      for (const auto& d : kRandomKeys[2].stored) {
        for (const auto& t : kRandomKeys[3].stored) partitions.push_back({y, m, d, t});
      }
    }
  }
  const std::vector<std::vector<int>> indexes = {
      {0, 1, 2, 3}, {1}, {2, 0}, {3, 2, 1, 0}, {1, 3, 0}};
  std::vector<std::vector<std::string>> encoded(indexes.size());
  for (size_t i = 0; i < indexes.size(); ++i) {
    for (const auto& p : partitions) encoded[i].push_back(EncodeIndexKey(keys, p, indexes[i]));
  }
  std::mt19937_64 rng(7);
  int constrained = 0, matched = 0, scanned = 0;
  for (int iteration = 0; iteration < 1000; ++iteration) {
    // Half of them AND a predicate onto the tree, as most real filters are conjunctions.
    const std::string expression =
        iteration % 2 ? RandomExpression(rng, 3)
                      : RandomPredicate(rng) + " AND (" + RandomExpression(rng, 3) + ")";
    SCOPED_TRACE(expression);
    const PartitionFilter filter = MustCompile(expression, keys);
    std::vector<bool> matches(partitions.size());
    for (size_t p = 0; p < partitions.size(); ++p) matches[p] = filter.Matches(partitions[p]);
    for (size_t i = 0; i < indexes.size(); ++i) {
      const std::optional<std::vector<KeyRange>> ranges = filter.IndexRanges(indexes[i]);
      EXPECT_LE(filter.EqualityPrefixLength(indexes[i]), static_cast<int>(indexes[i].size()));
      if (!ranges) continue;
      ++constrained;
      ExpectWellFormed(*ranges);
      for (size_t p = 0; p < partitions.size(); ++p) {
        const bool covered = Covered(*ranges, encoded[i][p]);
        scanned += covered;
        matched += matches[p];
        if (matches[p] && !covered) {
          ADD_FAILURE() << "index " << ::testing::PrintToString(indexes[i])
                        << " misses matching partition " << ::testing::PrintToString(partitions[p]);
          return;
        }
      }
    }
  }
  // The ranges must prune: far fewer partitions are scanned than a full scan would read.
  EXPECT_GT(constrained, 1000);
  EXPECT_LT(scanned, constrained * static_cast<int>(partitions.size()) / 2);
  std::printf("constrained %d of %d; scanned %d partitions for %d matches\n", constrained,
              1000 * static_cast<int>(indexes.size()), scanned, matched);
}

}  // namespace
}  // namespace sluice::catalog
