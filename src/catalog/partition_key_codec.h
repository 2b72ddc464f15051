// Typed partition values and their order-preserving byte encoding.
//
// Glue stores every partition value as a string; the partition key's declared type says how values
// compare. This module parses a value by its key's type (PartitionValue) and encodes tuples of
// values so that memcmp order of two encodings equals the typed tuple order, which lets a sorted
// partition index answer range predicates. Every function here is pure and thread-safe.
//
// Encoding of one component (one key's value), self-delimiting so that the encoding of a tuple
// prefix is a byte prefix of the encoding of every longer tuple:
//   NULL     0x01
//   valid    0x02 payload    ints, dates: 8-byte big-endian value with the sign bit flipped;
//                            timestamps: seconds as for ints, then 4-byte big-endian nanoseconds;
//                            decimals: sign byte, biased exponent, digits (see the .cc);
//                            strings: bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x01.
//   invalid  0x03 raw bytes escaped as for strings (a value that does not parse as its key's type).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sluice::catalog {

// Partition key types Glue supports in partition expressions.
enum class PartitionKeyType : uint8_t {
  kString,
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kDecimal,
  kDate,
  kTimestamp,
};

// Returns the type for a Glue/Hive type string (case-insensitive, surrounding spaces ok):
// string, varchar(n), char(n); tinyint, smallint, int/integer, bigint/long; decimal, decimal(p),
// decimal(p,s); date; timestamp. Any other type is InvalidInput naming it and the supported ones.
Result<PartitionKeyType> PartitionKeyTypeFromGlue(std::string_view glue_type);

// Returns the lower-case Hive name of `type` ("string", "int", "decimal", ...).
std::string_view PartitionKeyTypeName(PartitionKeyType type);

struct PartitionKey {
  std::string name;
  PartitionKeyType type = PartitionKeyType::kString;
};

// The value Hive writes for a NULL partition value.
inline constexpr std::string_view kHiveNullPartitionValue = "__HIVE_DEFAULT_PARTITION__";

// First byte of every encoded component; exposed so that callers can build range bounds.
inline constexpr char kEncodedNullTag = 0x01;
inline constexpr char kEncodedValidTag = 0x02;
inline constexpr char kEncodedInvalidTag = 0x03;

// A partition value parsed by its key's type. The views point into the parsed text, which must
// outlive the PartitionValue. Cheap to build (no allocation); meant for hot loops.
struct PartitionValue {
  enum class State : uint8_t { kNull, kValid, kInvalid };

  State state = State::kNull;
  bool negative = false;  // decimal: the sign (never set for zero)
  int32_t nanos = 0;      // timestamp: nanoseconds within the second
  int64_t number = 0;     // ints: the value; date: days since 1970-01-01; timestamp: epoch seconds
  std::string_view text;  // string: the value; invalid: the raw text; decimal: integer digits
                          // without leading zeros ("" for values below 1)
  std::string_view fraction;  // decimal: fraction digits without trailing zeros

  bool IsNull() const { return state == State::kNull; }
  bool IsValid() const { return state == State::kValid; }
};

// Returns `text` parsed as a value of `type`. Never fails: the Hive NULL marker gives kNull and
// text that is not a valid `type` gives kInvalid. Accepted forms: ints [+-]digits within the type's
// range; decimals [+-]digits[.digits] (no exponent); dates yyyy-m[m]-d[d]; timestamps "yyyy-mm-dd[(
// |T)hh:mm:ss[.f{1,9}]]" (a date alone is midnight); strings anything.
PartitionValue ParsePartitionValue(PartitionKeyType type, std::string_view text);

// Returns <0, 0 or >0 as `a` sorts before, equal to or after `b`, both parsed with `type`:
// NULL < every valid value (in typed order) < every invalid value (bytewise among themselves).
// This is exactly the memcmp order of their encodings.
int ComparePartitionValues(PartitionKeyType type, const PartitionValue& a, const PartitionValue& b);

// Appends the self-delimiting encoding of one component to `out`.
void AppendEncodedComponent(PartitionKeyType type, const PartitionValue& value, std::string* out);

// Returns the encoding of the single component `text` parsed as `type`.
std::string EncodeComponent(PartitionKeyType type, std::string_view text);

// Returns the order-preserving encoding of the values at `positions` (indexes into keys/values):
// memcmp order of two encodings == lexicographic order of the typed tuples. A missing value
// (values shorter than keys) encodes as NULL; positions must index `keys`.
std::string EncodeIndexKey(const std::vector<PartitionKey>& keys,
                           const std::vector<std::string>& values,
                           const std::vector<int>& positions);

// Returns the smallest string greater than every string that starts with `prefix`; empty when there
// is none (`prefix` is empty or all 0xFF), which as a range bound means "unbounded above".
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace sluice::catalog
