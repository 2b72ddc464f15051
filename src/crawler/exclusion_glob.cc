#include "crawler/exclusion_glob.h"

#include <string>
#include <vector>

namespace sluice::crawler {
namespace {

// Matches a bracket set starting at pattern[i] == '['; on return `i` is past the ']'.
bool MatchSet(std::string_view pattern, size_t& i, char c) {
  size_t j = i + 1;
  bool negate = j < pattern.size() && pattern[j] == '!';
  if (negate) ++j;
  bool matched = false;
  bool first = true;
  while (j < pattern.size() && (pattern[j] != ']' || first)) {
    char lo = pattern[j];
    if (j + 2 < pattern.size() && pattern[j + 1] == '-' && pattern[j + 2] != ']') {
      char hi = pattern[j + 2];
      if (c >= lo && c <= hi) matched = true;
      j += 3;
    } else {
      if (c == lo) matched = true;
      ++j;
    }
    first = false;
  }
  i = j + 1;
  return matched != negate && c != '/';
}

bool Match(std::string_view p, std::string_view s) {
  size_t i = 0;
  while (i < p.size()) {
    char pc = p[i];
    if (pc == '*') {
      bool cross = i + 1 < p.size() && p[i + 1] == '*';
      std::string_view rest = p.substr(i + (cross ? 2 : 1));
      for (size_t k = 0; k <= s.size(); ++k) {
        if (Match(rest, s.substr(k))) return true;
        if (k < s.size() && s[k] == '/' && !cross) return false;
      }
      return false;
    }
    if (pc == '{') {
      size_t close = p.find('}', i);
      if (close == std::string_view::npos) return false;
      std::string_view body = p.substr(i + 1, close - i - 1);
      std::string_view rest = p.substr(close + 1);
      size_t start = 0;
      while (true) {
        size_t comma = body.find(',', start);
        std::string alt(
            body.substr(start, comma == std::string_view::npos ? body.npos : comma - start));
        if (Match(alt + std::string(rest), s)) return true;
        if (comma == std::string_view::npos) return false;
        start = comma + 1;
      }
    }
    if (s.empty()) return false;
    if (pc == '?') {
      if (s[0] == '/') return false;
      ++i;
    } else if (pc == '[') {
      if (!MatchSet(p, i, s[0])) return false;
    } else {
      if (pc == '\\' && i + 1 < p.size()) pc = p[++i];
      if (pc != s[0]) return false;
      ++i;
    }
    s.remove_prefix(1);
  }
  return s.empty();
}

}  // namespace

bool GlobMatches(std::string_view pattern, std::string_view path) { return Match(pattern, path); }

Status ValidateGlob(std::string_view pattern) {
  bool in_group = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) {
        return Status::InvalidInput("Exclusion '" + std::string(pattern) + "' ends with '\\'");
      }
      ++i;
    } else if (c == '[') {
      size_t close = pattern.find(']', i + 2);
      if (close == std::string_view::npos) {
        return Status::InvalidInput("Exclusion '" + std::string(pattern) + "' has an unclosed '['");
      }
      i = close;
    } else if (c == '{') {
      if (in_group) {
        return Status::InvalidInput("Exclusion '" + std::string(pattern) +
                                    "' nests '{' groups, which globs do not allow");
      }
      in_group = true;
    } else if (c == '}') {
      in_group = false;
    }
  }
  if (in_group) {
    return Status::InvalidInput("Exclusion '" + std::string(pattern) + "' has an unclosed '{'");
  }
  return Status::OK();
}

}  // namespace sluice::crawler
