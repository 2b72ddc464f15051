#include "formats/column_name.h"

#include <unordered_set>

namespace sluice::formats {
namespace {

constexpr size_t kMaxGlueNameBytes = 255;

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string NormalizeColumnName(std::string_view header_cell) {
  const std::string lower = LowerAscii(header_cell);
  std::string out;
  bool pending_separator = false;
  for (char c : lower) {
    if (IsNameChar(c)) {
      if (pending_separator && !out.empty()) out += '_';
      pending_separator = false;
      out += c;
    } else {
      pending_separator = true;
    }
  }
  if (out.size() > kMaxGlueNameBytes) out.resize(kMaxGlueNameBytes);
  return out;
}

std::string PositionalColumnName(size_t index) { return "col" + std::to_string(index); }

bool IsValidGlueColumnName(std::string_view text) {
  if (text.empty() || text.size() > kMaxGlueNameBytes) return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

void MakeColumnNamesUnique(std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) names[i] = PositionalColumnName(i);
  }
  std::unordered_set<std::string> used(names.begin(), names.end());
  std::unordered_set<std::string> seen;
  for (std::string& name : names) {
    if (seen.insert(name).second) continue;
    for (int suffix = 2;; ++suffix) {
      std::string candidate = name + "_" + std::to_string(suffix);
      if (used.insert(candidate).second) {
        name = candidate;
        seen.insert(name);
        break;
      }
    }
  }
}

}  // namespace sluice::formats
