// ParseGlueType: a recursive-descent parser over the type string, depth-limited.
#include <cctype>
#include <string>
#include <utility>

#include "formats/glue_type.h"

namespace sluice::formats {
namespace {

struct Keyword {
  std::string_view name;
  TypeKind kind;
};

constexpr Keyword kKeywords[] = {
    {"boolean", TypeKind::kBoolean},     {"tinyint", TypeKind::kTinyInt},
    {"smallint", TypeKind::kSmallInt},   {"int", TypeKind::kInt},
    {"integer", TypeKind::kInt},         {"bigint", TypeKind::kBigInt},
    {"long", TypeKind::kBigInt},         {"float", TypeKind::kFloat},
    {"double", TypeKind::kDouble},       {"decimal", TypeKind::kDecimal},
    {"string", TypeKind::kString},       {"varchar", TypeKind::kVarchar},
    {"char", TypeKind::kChar},           {"date", TypeKind::kDate},
    {"timestamp", TypeKind::kTimestamp}, {"binary", TypeKind::kBinary},
    {"array", TypeKind::kArray},         {"map", TypeKind::kMap},
    {"struct", TypeKind::kStruct},
};

constexpr std::string_view kSupported =
    "boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string, varchar(n), "
    "char(n), date, timestamp, binary, array<T>, map<K,V>, struct<name:T,...>";

class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  Result<GlueType> ParseAll() {
    ASSIGN_OR_RETURN(GlueType t, ParseType(1));
    SkipSpace();
    if (pos_ < text_.size()) return Error("unexpected text after the type");
    return t;
  }

 private:
  Status Error(std::string_view what) const {
    std::string at = pos_ < text_.size() ? "'" + std::string(1, text_[pos_]) + "'" : "end of input";
    return Status::InvalidInput("Invalid Glue type '" + std::string(text_) +
                                "': " + std::string(what) + " at position " + std::to_string(pos_) +
                                " (found " + at + ")");
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Status Expect(char c, std::string_view context) {
    if (Consume(c)) return Status::OK();
    return Error("expected '" + std::string(1, c) + "' " + std::string(context));
  }

  Result<int> ParseNumber(std::string_view what, int min, int max) {
    SkipSpace();
    size_t start = pos_;
    long long value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (value <= max) value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return Error("expected a number for the " + std::string(what));
    if (value < min || value > max) {
      pos_ = start;
      return Error("the " + std::string(what) + " must be between " + std::to_string(min) +
                   " and " + std::to_string(max));
    }
    return static_cast<int>(value);
  }

  Result<GlueType> ParseDecimal() {
    if (!Consume('(')) return GlueType::Decimal(10, 0);
    ASSIGN_OR_RETURN(int precision, ParseNumber("decimal precision", 1, 38));
    int scale = 0;
    if (Consume(',')) {
      size_t scale_pos = pos_;
      ASSIGN_OR_RETURN(scale, ParseNumber("decimal scale", 0, 38));
      if (scale > precision) {
        pos_ = scale_pos;
        SkipSpace();
        return Error("the decimal scale must not exceed the precision " +
                     std::to_string(precision));
      }
    }
    RETURN_NOT_OK(Expect(')', "to close decimal(precision,scale)"));
    return GlueType::Decimal(precision, scale);
  }

  Result<GlueType> ParseLength(TypeKind kind) {
    const bool is_char = kind == TypeKind::kChar;
    RETURN_NOT_OK(Expect('(', is_char ? "after char (char(n))" : "after varchar (varchar(n))"));
    ASSIGN_OR_RETURN(
        int n, ParseNumber(is_char ? "char length" : "varchar length", 1, is_char ? 255 : 65535));
    RETURN_NOT_OK(Expect(')', "to close the length"));
    return is_char ? GlueType::Char(n) : GlueType::Varchar(n);
  }

  Result<std::string> ParseFieldName() {
    SkipSpace();
    std::string name;
    if (pos_ < text_.size() && text_[pos_] == '`') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return Error("unterminated back-quoted field name");
        char c = text_[pos_++];
        if (c == '`') {
          if (pos_ < text_.size() && text_[pos_] == '`') {
            name += '`';
            ++pos_;
            continue;
          }
          break;
        }
        name += c;
      }
      if (name.empty()) return Error("empty field name");
      return name;
    }
    while (pos_ < text_.size() && IsFieldNameChar(text_[pos_])) name += text_[pos_++];
    if (name.empty()) return Error("expected a struct field name");
    return name;
  }

  static bool IsFieldNameChar(char c) {
    return !std::isspace(static_cast<unsigned char>(c)) && c != ':' && c != '<' && c != '>' &&
           c != ',' && c != '`';
  }

  Result<GlueType> ParseStruct(int depth) {
    RETURN_NOT_OK(Expect('<', "after struct"));
    std::vector<StructField> fields;
    do {
      ASSIGN_OR_RETURN(std::string name, ParseFieldName());
      RETURN_NOT_OK(Expect(':', "after field name '" + name + "'"));
      ASSIGN_OR_RETURN(GlueType type, ParseType(depth + 1));
      fields.push_back({std::move(name), std::move(type)});
    } while (Consume(','));
    RETURN_NOT_OK(Expect('>', "or ',' after a struct field"));
    return GlueType::Struct(std::move(fields));
  }

  Result<GlueType> ParseType(int depth) {
    if (depth > kMaxGlueTypeDepth) {
      return Error("nested deeper than " + std::to_string(kMaxGlueTypeDepth) + " levels");
    }
    SkipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string word(text_.substr(start, pos_ - start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const Keyword* keyword = nullptr;
    for (const Keyword& k : kKeywords) {
      if (k.name == word) keyword = &k;
    }
    if (keyword == nullptr) {
      pos_ = start;
      return Error(word.empty() ? "expected a type name (one of " + std::string(kSupported) + ")"
                                : "unknown type '" + word +
                                      "' (supported: " + std::string(kSupported) + ")");
    }
    switch (keyword->kind) {
      case TypeKind::kDecimal:
        return ParseDecimal();
      case TypeKind::kVarchar:
      case TypeKind::kChar:
        return ParseLength(keyword->kind);
      case TypeKind::kArray: {
        RETURN_NOT_OK(Expect('<', "after array"));
        ASSIGN_OR_RETURN(GlueType element, ParseType(depth + 1));
        RETURN_NOT_OK(Expect('>', "to close array<"));
        return GlueType::Array(std::move(element));
      }
      case TypeKind::kMap: {
        RETURN_NOT_OK(Expect('<', "after map"));
        ASSIGN_OR_RETURN(GlueType key, ParseType(depth + 1));
        RETURN_NOT_OK(Expect(',', "between the map key and value types"));
        ASSIGN_OR_RETURN(GlueType value, ParseType(depth + 1));
        RETURN_NOT_OK(Expect('>', "to close map<"));
        return GlueType::Map(std::move(key), std::move(value));
      }
      case TypeKind::kStruct:
        return ParseStruct(depth);
      default:
        return GlueType::Of(keyword->kind);
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

Result<GlueType> ParseGlueType(std::string_view text) { return TypeParser(text).ParseAll(); }

}  // namespace sluice::formats
