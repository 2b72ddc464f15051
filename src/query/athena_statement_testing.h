// Helpers for the Athena statement tests (included by athena_*_test.cc only).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <variant>

#include "query/athena_statement.h"

namespace sluice::query {

inline void PrintTo(const TableName& t, std::ostream* os) {
  *os << (t.database ? *t.database + "." : "") << t.name;
}

inline void PrintTo(const PartitionSpec& p, std::ostream* os) {
  *os << "PARTITION (";
  for (const auto& [k, v] : p.values) *os << k << "='" << v << "' ";
  *os << ")" << (p.location ? " LOCATION '" + *p.location + "'" : "");
}

}  // namespace sluice::query

namespace sluice::query::testing {

// Parses `sql`, expecting a statement of kind T; a default T (and a test failure) otherwise.
template <typename T>
T ParseAs(std::string_view sql) {
  Result<AthenaStatement> r = ParseAthenaStatement(sql);
  EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
  if (!r.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r)) << sql << "\nparsed as alternative " << r->index();
  if (!std::holds_alternative<T>(*r)) return T{};
  return std::get<T>(*r);
}

// Parses `sql`, expecting InvalidInput; returns its message.
inline std::string ErrorOf(std::string_view sql) {
  Result<AthenaStatement> r = ParseAthenaStatement(sql);
  EXPECT_FALSE(r.ok()) << sql << "\nparsed as alternative " << (r.ok() ? r->index() : 0);
  if (r.ok()) return "<parsed>";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << r.status().ToString();
  return r.status().message();
}

inline TableName Table(std::string_view name) { return TableName{std::nullopt, std::string(name)}; }
inline TableName Table(std::string_view db, std::string_view name) {
  return TableName{std::string(db), std::string(name)};
}

}  // namespace sluice::query::testing
