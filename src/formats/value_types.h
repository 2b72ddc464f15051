// The type of one text value (a CSV cell, a JSON string), the leaf step of schema inference.
//
// Recognized forms, tried in this order (values are trimmed by the caller):
//   ""                                   -> null (unknown; does not affect the column's type)
//   true / false (any case)              -> boolean
//   [+-]digits                           -> bigint; beyond int64 -> decimal(38,0) up to 38
//                                           digits, else string. With `leading_zero_is_string`,
//                                           "007" (a code, not a number) -> string
//   [+-](d+[.d*] | .d+)[(e|E)[+-]d+]     -> double
//   YYYY-MM-DD                           -> date       } only with `infer_temporal`;
//   YYYY-MM-DD(' '|T)HH:MM:SS[.f{1,9}]   -> timestamp  } otherwise string, as Glue does
//     [Z | (+|-)HH:MM]
//   anything else                        -> string
// Dates and times are range-checked (month 1-12, day within the month, leap years, 23:59:59).
// Pure and thread-safe.
#pragma once

#include <string_view>

#include "formats/glue_type.h"

namespace sluice::formats {

struct ValueTypeOptions {
  bool infer_temporal = true;          // false: dates and timestamps stay string (Glue)
  bool leading_zero_is_string = true;  // false: "007" is bigint (Glue)
};

GlueType InferValueType(std::string_view value, const ValueTypeOptions& options);

// True for a valid calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view value);

// True for a valid timestamp in one of the forms above.
bool IsIsoTimestamp(std::string_view value);

// `value` without leading and trailing spaces and tabs.
std::string_view TrimBlanks(std::string_view value);

}  // namespace sluice::formats
