#include "catalog/partition_key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace sluice::catalog {
namespace {

using State = PartitionValue::State;

int Sign(int v) { return (v > 0) - (v < 0); }

int MemcmpSign(const std::string& a, const std::string& b) { return Sign(a.compare(b)); }

template <typename T>
int TupleSign(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Checks that memcmp order of the encodings and ComparePartitionValues both equal `expected`.
void ExpectOrder(PartitionKeyType type, const std::string& a, const std::string& b, int expected) {
  SCOPED_TRACE("type=" + std::string(PartitionKeyTypeName(type)) + " a='" + a + "' b='" + b + "'");
  const PartitionValue va = ParsePartitionValue(type, a);
  const PartitionValue vb = ParsePartitionValue(type, b);
  EXPECT_EQ(Sign(ComparePartitionValues(type, va, vb)), expected);
  EXPECT_EQ(MemcmpSign(EncodeComponent(type, a), EncodeComponent(type, b)), expected);
}

TEST(PartitionKeyTypeTest, MapsGlueTypeNames) {
  const std::vector<std::pair<std::string, PartitionKeyType>> cases = {
      {"string", PartitionKeyType::kString},       {" STRING ", PartitionKeyType::kString},
      {"varchar(10)", PartitionKeyType::kString},  {"VarChar( 255 )", PartitionKeyType::kString},
      {"char(2)", PartitionKeyType::kString},      {"tinyint", PartitionKeyType::kTinyInt},
      {"SMALLINT", PartitionKeyType::kSmallInt},   {"int", PartitionKeyType::kInt},
      {"Integer", PartitionKeyType::kInt},         {"bigint", PartitionKeyType::kBigInt},
      {"long", PartitionKeyType::kBigInt},         {"decimal", PartitionKeyType::kDecimal},
      {"decimal(10)", PartitionKeyType::kDecimal}, {"DECIMAL(10, 2)", PartitionKeyType::kDecimal},
      {"date", PartitionKeyType::kDate},           {"\ttimestamp ", PartitionKeyType::kTimestamp},
  };
  for (const auto& [text, type] : cases) {
    Result<PartitionKeyType> got = PartitionKeyTypeFromGlue(text);
    ASSERT_TRUE(got.ok()) << text << ": " << got.status().ToString();
    EXPECT_EQ(*got, type) << text;
  }
}

TEST(PartitionKeyTypeTest, RejectsUnsupportedTypesNamingThem) {
  for (const char* text :
       {"double", "boolean", "float", "array<int>", "struct<a:int>", "", "varchar(x)",
        "decimal(1,2,3)", "decimal(10", "int(5)", "timestamp(3)"}) {
    Result<PartitionKeyType> got = PartitionKeyTypeFromGlue(text);
    ASSERT_FALSE(got.ok()) << text;
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(got.status().message().find("'" + std::string(text) + "'"), std::string::npos)
        << got.status().message();
    EXPECT_NE(got.status().message().find("supported: string"), std::string::npos);
  }
}

TEST(ParsePartitionValueTest, IntsAreRangeChecked) {
  struct Case {
    PartitionKeyType type;
    const char* text;
    bool valid;
    int64_t number;
  };
  const std::vector<Case> cases = {
      {PartitionKeyType::kTinyInt, "127", true, 127},
      {PartitionKeyType::kTinyInt, "-128", true, -128},
      {PartitionKeyType::kTinyInt, "128", false, 0},
      {PartitionKeyType::kTinyInt, "-129", false, 0},
      {PartitionKeyType::kSmallInt, "32767", true, 32767},
      {PartitionKeyType::kSmallInt, "-32769", false, 0},
      {PartitionKeyType::kInt, "2147483647", true, 2147483647},
      {PartitionKeyType::kInt, "2147483648", false, 0},
      {PartitionKeyType::kInt, "+42", true, 42},
      {PartitionKeyType::kInt, "007", true, 7},
      {PartitionKeyType::kInt, "-0", true, 0},
      {PartitionKeyType::kBigInt, "-9223372036854775808", true, INT64_MIN},
      {PartitionKeyType::kBigInt, "9223372036854775807", true, INT64_MAX},
      {PartitionKeyType::kBigInt, "9223372036854775808", false, 0},
      {PartitionKeyType::kInt, "", false, 0},
      {PartitionKeyType::kInt, "-", false, 0},
      {PartitionKeyType::kInt, "+-1", false, 0},
      {PartitionKeyType::kInt, "1.0", false, 0},
      {PartitionKeyType::kInt, " 1", false, 0},
      {PartitionKeyType::kInt, "1e3", false, 0},
      {PartitionKeyType::kInt, "abc", false, 0},
  };
  for (const Case& c : cases) {
    const PartitionValue v = ParsePartitionValue(c.type, c.text);
    EXPECT_EQ(v.IsValid(), c.valid) << PartitionKeyTypeName(c.type) << " '" << c.text << "'";
    if (c.valid) {
      EXPECT_EQ(v.number, c.number) << c.text;
    } else {
      EXPECT_EQ(v.text, c.text);
    }
  }
}

TEST(ParsePartitionValueTest, DecimalsCompareExactly) {
  const auto kDec = PartitionKeyType::kDecimal;
  ExpectOrder(kDec, "12.50", "12.5", 0);
  ExpectOrder(kDec, "012.5000", "12.5", 0);
  ExpectOrder(kDec, "-0.00", "0", 0);
  ExpectOrder(kDec, "+0", "-0", 0);
  ExpectOrder(kDec, ".5", "0.5", 0);
  ExpectOrder(kDec, "5.", "5", 0);
  ExpectOrder(kDec, "0.3", "0.30000000000000004", -1);  // no double rounding
  ExpectOrder(kDec, "0.1", "0.09999999999999999999999999", 1);
  ExpectOrder(kDec, "-1.5", "-1.25", -1);
  ExpectOrder(kDec, "-0.001", "0", -1);
  ExpectOrder(kDec, "100", "99.999", 1);
  ExpectOrder(kDec, "123456789012345678901234567890.1", "123456789012345678901234567890.09", 1);
  for (const char* bad : {"", ".", "-", "+.", "1e5", "1.2.3", "abc", "1,5", " 1", "0x10"}) {
    EXPECT_FALSE(ParsePartitionValue(kDec, bad).IsValid()) << bad;
  }
}

TEST(ParsePartitionValueTest, DatesAreValidated) {
  const auto kDate = PartitionKeyType::kDate;
  EXPECT_EQ(ParsePartitionValue(kDate, "1970-01-01").number, 0);
  EXPECT_EQ(ParsePartitionValue(kDate, "1969-12-31").number, -1);
  EXPECT_EQ(ParsePartitionValue(kDate, "2000-03-01").number, 11017);
  EXPECT_TRUE(ParsePartitionValue(kDate, "2024-02-29").IsValid());
  EXPECT_TRUE(ParsePartitionValue(kDate, "2000-02-29").IsValid());
  ExpectOrder(kDate, "2024-8-5", "2024-08-05", 0);
  ExpectOrder(kDate, "2023-12-31", "2024-01-01", -1);
  for (const char* bad :
       {"2023-02-29", "1900-02-29", "2025-02-30", "2024-04-31", "2024-13-01", "2024-00-10",
        "2024-01-00", "24-01-01", "2024-01-01x", "2024/01/01", "2024-001-01", "", "today"}) {
    EXPECT_FALSE(ParsePartitionValue(kDate, bad).IsValid()) << bad;
  }
}

TEST(ParsePartitionValueTest, TimestampsAreValidated) {
  const auto kTs = PartitionKeyType::kTimestamp;
  const PartitionValue v = ParsePartitionValue(kTs, "1970-01-02 03:04:05.5");
  ASSERT_TRUE(v.IsValid());
  EXPECT_EQ(v.number, 86400 + 3 * 3600 + 4 * 60 + 5);
  EXPECT_EQ(v.nanos, 500000000);
  EXPECT_EQ(ParsePartitionValue(kTs, "2024-01-01 00:00:00.123456789").nanos, 123456789);
  ExpectOrder(kTs, "2024-01-01 00:00:00", "2024-01-01T00:00:00", 0);
  ExpectOrder(kTs, "2024-01-01", "2024-01-01 00:00:00.000", 0);
  ExpectOrder(kTs, "2024-01-01 1:2:3", "2024-01-01 01:02:03", 0);
  ExpectOrder(kTs, "2024-01-01 00:00:00.1", "2024-01-01 00:00:00.09", 1);
  ExpectOrder(kTs, "1969-12-31 23:59:59.999999999", "1970-01-01 00:00:00", -1);
  for (const char* bad :
       {"2024-01-01 24:00:00", "2024-01-01 23:60:00", "2024-01-01 23:59:60", "2024-01-01 12:00",
        "2024-01-01 12:00:00.", "2024-01-01 12:00:00.1234567891", "2024-02-30 00:00:00",
        "2024-01-01  00:00:00", "2024-01-01 00:00:00Z", "2024-01-01x00:00:00"}) {
    EXPECT_FALSE(ParsePartitionValue(kTs, bad).IsValid()) << bad;
  }
}

TEST(ParsePartitionValueTest, HiveMarkerIsNullForEveryType) {
  for (auto type :
       {PartitionKeyType::kString, PartitionKeyType::kTinyInt, PartitionKeyType::kSmallInt,
        PartitionKeyType::kInt, PartitionKeyType::kBigInt, PartitionKeyType::kDecimal,
        PartitionKeyType::kDate, PartitionKeyType::kTimestamp}) {
    EXPECT_TRUE(ParsePartitionValue(type, kHiveNullPartitionValue).IsNull());
    EXPECT_EQ(EncodeComponent(type, kHiveNullPartitionValue), std::string(1, kEncodedNullTag));
  }
}

TEST(EncodingTest, NullsFirstThenValidThenInvalidBytewise) {
  const auto kInt = PartitionKeyType::kBigInt;
  const std::vector<std::string> ascending = {std::string(kHiveNullPartitionValue),
                                              "-9223372036854775808",
                                              "-1",
                                              "0",
                                              "9223372036854775807",
                                              "",
                                              "-",
                                              "1.5",
                                              "a",
                                              std::string("a\0", 2),
                                              "ab",
                                              "\xff"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      ExpectOrder(kInt, ascending[i], ascending[j], TupleSign(i, j));
    }
  }
  EXPECT_EQ(ParsePartitionValue(kInt, "a").state, State::kInvalid);
}

TEST(EncodingTest, RandomIntsOrderNumerically) {
  std::mt19937_64 rng(1);
  struct Limits {
    PartitionKeyType type;
    int64_t lo, hi;
  };
  for (const Limits& l : {Limits{PartitionKeyType::kTinyInt, -128, 127},
                          Limits{PartitionKeyType::kSmallInt, -32768, 32767},
                          Limits{PartitionKeyType::kInt, INT32_MIN, INT32_MAX},
                          Limits{PartitionKeyType::kBigInt, INT64_MIN, INT64_MAX}}) {
    std::uniform_int_distribution<int64_t> full(l.lo, l.hi);
    std::uniform_int_distribution<int64_t> small(-300, 300);
    auto pick = [&]() {
      switch (rng() % 4) {
        case 0:
          return full(rng);
        case 1:
          return std::clamp(small(rng), l.lo, l.hi);
        case 2:
          return l.lo;
        default:
          return l.hi;
      }
    };
    for (int i = 0; i < 3000; ++i) {
      const int64_t a = pick(), b = pick();
      std::string sa = std::to_string(a), sb = std::to_string(b);
      if (a >= 0 && rng() % 3 == 0) sa = "+00" + sa;  // other spellings of the same number
      ExpectOrder(l.type, sa, sb, TupleSign(a, b));
    }
  }
}

// Spells mantissa * 10^-scale as a decimal string, sometimes with extra leading/trailing zeros.
std::string DecimalText(int64_t mantissa, int scale, std::mt19937_64& rng) {
  std::string digits = std::to_string(mantissa < 0 ? -mantissa : mantissa);
  if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, scale + 1 - digits.size(), '0');
  if (scale > 0) digits.insert(digits.size() - scale, ".");
  if (rng() % 3 == 0) digits += (scale > 0 ? "" : ".") + std::string(rng() % 4, '0');
  if (rng() % 4 == 0) digits.insert(0, "00");
  if (mantissa < 0 || (mantissa == 0 && rng() % 2)) return "-" + digits;
  return rng() % 5 == 0 ? "+" + digits : digits;
}

TEST(EncodingTest, RandomDecimalsOrderNumericallyAcrossScales) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 20000; ++i) {
    auto mantissa = [&]() -> int64_t {
      int64_t magnitude = 1;
      for (int d = static_cast<int>(rng() % 16); d > 0; --d) magnitude *= 10;
      const int64_t m = static_cast<int64_t>(rng() % magnitude);
      return rng() % 2 ? -m : m;
    };
    const int64_t ma = i % 7 == 0 ? 5 : mantissa(), mb = i % 7 == 0 ? 50 : mantissa();
    const int sa = static_cast<int>(rng() % 13), sb = static_cast<int>(rng() % 13);
    // Oracle: both scaled to 12 fraction digits, exactly, in 128-bit integers.
    __int128 a = ma, b = mb;
    for (int s = sa; s < 12; ++s) a *= 10;
    for (int s = sb; s < 12; ++s) b *= 10;
    ExpectOrder(PartitionKeyType::kDecimal, DecimalText(ma, sa, rng), DecimalText(mb, sb, rng),
                TupleSign(a, b));
  }
}

struct Civil {
  int y, m, d, hh, mi, ss, nanos, digits;
  auto Tie() const { return std::tie(y, m, d, hh, mi, ss, nanos); }
};

Civil RandomCivil(std::mt19937_64& rng) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  Civil c{};
  c.y = rng() % 2 ? 1 + static_cast<int>(rng() % 9999) : 1965 + static_cast<int>(rng() % 10);
  c.m = 1 + static_cast<int>(rng() % 12);
  const bool leap = (c.y % 4 == 0 && c.y % 100 != 0) || c.y % 400 == 0;
  c.d = 1 + static_cast<int>(rng() % (kDays[c.m - 1] + (c.m == 2 && leap)));
  c.hh = static_cast<int>(rng() % 24);
  c.mi = static_cast<int>(rng() % 60);
  c.ss = static_cast<int>(rng() % 60);
  c.digits = static_cast<int>(rng() % 10);
  int scale = 1;
  for (int i = c.digits; i < 9; ++i) scale *= 10;
  c.nanos = c.digits == 0 ? 0 : static_cast<int>(rng() % (1000000000 / scale)) * scale;
  if (rng() % 4 == 0) c = Civil{1970, 1, 1, 0, 0, 0, 0, 0};
  return c;
}

std::string DateText(const Civil& c) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

std::string TimestampText(const Civil& c, char separator) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s%c%02d:%02d:%02d", DateText(c).c_str(), separator, c.hh, c.mi,
                c.ss);
  std::string text = buf;
  if (c.digits > 0) {
    std::snprintf(buf, sizeof(buf), "%09d", c.nanos);
    text += "." + std::string(buf, c.digits);
  }
  return text;
}

TEST(EncodingTest, RandomDatesOrderChronologically) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    Civil a = RandomCivil(rng), b = RandomCivil(rng);
    a.hh = a.mi = a.ss = a.nanos = b.hh = b.mi = b.ss = b.nanos = 0;
    ExpectOrder(PartitionKeyType::kDate, DateText(a), DateText(b), TupleSign(a.Tie(), b.Tie()));
  }
}

TEST(EncodingTest, RandomTimestampsOrderChronologicallyWithFractions) {
  std::mt19937_64 rng(4);
  for (int i = 0; i < 20000; ++i) {
    const Civil a = RandomCivil(rng), b = RandomCivil(rng);
    ExpectOrder(PartitionKeyType::kTimestamp, TimestampText(a, rng() % 2 ? ' ' : 'T'),
                TimestampText(b, ' '), TupleSign(a.Tie(), b.Tie()));
  }
}

std::string RandomBytes(std::mt19937_64& rng) {
  static constexpr char kAlphabet[] = {'\x00', '\x01', 'a', 'b', '\xfe', '\xff'};
  std::string s(rng() % 6, ' ');
  for (char& c : s) c = kAlphabet[rng() % sizeof(kAlphabet)];
  return s;
}

TEST(EncodingTest, RandomStringsWithZeroAndFfBytesOrderBytewise) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20000; ++i) {
    const std::string a = RandomBytes(rng), b = RandomBytes(rng);
    ExpectOrder(PartitionKeyType::kString, a, b, Sign(a.compare(b)));
  }
}

TEST(EncodingTest, RandomTuplesOrderLexicographicallyAndPrefixesArePrefixes) {
  const std::vector<PartitionKey> keys = {{"a", PartitionKeyType::kInt},
                                          {"b", PartitionKeyType::kString},
                                          {"c", PartitionKeyType::kDecimal},
                                          {"d", PartitionKeyType::kTimestamp}};
  const std::vector<std::vector<std::string>> domains = {
      {"-2", "-1", "0", "1", "x", std::string(kHiveNullPartitionValue)},
      {"", "a", std::string("a\0", 2), "a\xff", "b", std::string(kHiveNullPartitionValue)},
      {"-1.5", "-1.25", "0", "0.5", "1", "10.0", "1e1", std::string(kHiveNullPartitionValue)},
      {"2024-01-01", "2024-01-01 00:00:00.5", "2023-12-31 23:59:59", "bad",
       std::string(kHiveNullPartitionValue)}};
  std::mt19937_64 rng(6);
  auto random_tuple = [&]() {
    std::vector<std::string> t;
    for (const auto& domain : domains) t.push_back(domain[rng() % domain.size()]);
    return t;
  };
  const std::vector<std::vector<int>> orders = {{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3}, {2}};
  for (int i = 0; i < 20000; ++i) {
    const std::vector<std::string> a = random_tuple(), b = random_tuple();
    for (const std::vector<int>& order : orders) {
      int expected = 0;
      for (int pos : order) {
        const PartitionKeyType type = keys[pos].type;
        expected = Sign(ComparePartitionValues(type, ParsePartitionValue(type, a[pos]),
                                               ParsePartitionValue(type, b[pos])));
        if (expected != 0) break;
      }
      const std::string ea = EncodeIndexKey(keys, a, order);
      ASSERT_EQ(MemcmpSign(ea, EncodeIndexKey(keys, b, order)), expected);
      for (size_t n = 0; n < order.size(); ++n) {
        const std::vector<int> prefix(order.begin(), order.begin() + n);
        ASSERT_TRUE(ea.starts_with(EncodeIndexKey(keys, a, prefix)));
      }
    }
  }
}

TEST(EncodingTest, MissingValuesEncodeAsNull) {
  const std::vector<PartitionKey> keys = {{"a", PartitionKeyType::kInt},
                                          {"b", PartitionKeyType::kString}};
  EXPECT_EQ(EncodeIndexKey(keys, {"1"}, {0, 1}),
            EncodeIndexKey(keys, {"1", std::string(kHiveNullPartitionValue)}, {0, 1}));
}

TEST(PrefixSuccessorTest, IncrementsLastNonFfByte) {
  EXPECT_EQ(PrefixSuccessor(""), "");
  EXPECT_EQ(PrefixSuccessor("a"), "b");
  EXPECT_EQ(PrefixSuccessor("a\xff\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
  EXPECT_EQ(PrefixSuccessor(std::string("\x01\x00", 2)), "\x01\x01");
}

}  // namespace
}  // namespace sluice::catalog
