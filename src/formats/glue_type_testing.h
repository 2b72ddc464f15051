// Random GlueTypes for the property tests of this module (included by *_test.cc only).
// Not thread-safe: one generator per test.
#pragma once

#include <algorithm>
#include <cctype>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "formats/glue_type.h"

namespace sluice::formats::testing {

class RandomGlueTypes {
 public:
  // `allow_null`: also produce the unknown type and empty structs (not parseable; lattice only).
  RandomGlueTypes(uint32_t seed, bool allow_null) : rng_(seed), allow_null_(allow_null) {}

  GlueType Next(int max_depth = 3) {
    const int leaf_kinds = allow_null_ ? 17 : 16;
    const int kinds = max_depth > 0 ? leaf_kinds + 3 : leaf_kinds;
    const int pick = Uniform(0, kinds - 1);
    if (pick >= leaf_kinds) {
      switch (pick - leaf_kinds) {
        case 0:
          return GlueType::Array(Next(max_depth - 1));
        case 1:
          return GlueType::Map(Next(max_depth - 1), Next(max_depth - 1));
        default:
          return RandomStruct(max_depth);
      }
    }
    switch (pick) {
      case 0:
        return GlueType::Of(TypeKind::kBoolean);
      case 1:
        return GlueType::Of(TypeKind::kTinyInt);
      case 2:
        return GlueType::Of(TypeKind::kSmallInt);
      case 3:
        return GlueType::Of(TypeKind::kInt);
      case 4:
        return GlueType::Of(TypeKind::kBigInt);
      case 5:
        return GlueType::Of(TypeKind::kFloat);
      case 6:
        return GlueType::Of(TypeKind::kDouble);
      case 7:
      case 8: {  // decimals are where widening has arithmetic: pick them twice as often
        const int precision = Uniform(1, 38);
        return GlueType::Decimal(precision, Uniform(0, precision));
      }
      case 9:
        return GlueType::String();
      case 10:
        return GlueType::Varchar(Uniform(1, 300));
      case 11:
        return GlueType::Char(Uniform(1, 255));
      case 12:
        return GlueType::Of(TypeKind::kDate);
      case 13:
        return GlueType::Of(TypeKind::kTimestamp);
      case 14:
        return GlueType::Of(TypeKind::kBinary);
      case 15:
        return GlueType::Of(TypeKind::kBigInt);
      default:
        return GlueType::Null();  // pick 16, only with allow_null
    }
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  // Field names drawn from a small pool so that structs share fields; the case varies between
  // structs (the lattice matches names case-insensitively) but names are unique within one.
  GlueType RandomStruct(int max_depth) {
    static const char* const kNames[] = {"a", "b", "c", "id", "x y", "we`ird", "k:v", "Name"};
    std::vector<std::string> pool(std::begin(kNames), std::end(kNames));
    std::shuffle(pool.begin(), pool.end(), rng_);
    const int count = Uniform(allow_null_ ? 0 : 1, 4);
    std::vector<StructField> fields;
    for (int i = 0; i < count; ++i) {
      std::string name = pool[i];
      if (Uniform(0, 3) == 0) {
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      fields.push_back({std::move(name), Next(max_depth - 1)});
    }
    return GlueType::Struct(std::move(fields));
  }

  std::mt19937 rng_;
  bool allow_null_;
};

}  // namespace sluice::formats::testing
