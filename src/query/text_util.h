// Small text helpers the query module shares: ASCII lower-casing (catalog names), Hive's %XX
// escapes in partition folder names, and the overload set for std::visit over statements.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace sluice::query {

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "a%2Fb" → "a/b": Hive escapes special characters of partition values in folder names.
std::string UnescapePathValue(std::string_view s);

// std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, variant)
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace sluice::query
