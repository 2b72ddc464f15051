#include "formats/parquet_schema.h"

#include <cctype>
#include <cstring>

namespace sluice::formats {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Splits "a INTEGER, b STRUCT(x INT, y INT)" at top-level commas.
std::vector<std::string_view> SplitTopLevel(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(Trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(Trim(s.substr(start)));
  return out;
}

// "name TYPE" (the name possibly double-quoted) -> {name, TYPE}.
std::pair<std::string, std::string_view> NameAndType(std::string_view field) {
  if (!field.empty() && field[0] == '"') {
    std::string name;
    size_t i = 1;
    for (; i < field.size(); ++i) {
      if (field[i] == '"') {
        if (i + 1 < field.size() && field[i + 1] == '"') {
          name.push_back('"');
          ++i;
          continue;
        }
        break;
      }
      name.push_back(field[i]);
    }
    return {name, Trim(field.substr(std::min(i + 1, field.size())))};
  }
  size_t space = field.find(' ');
  if (space == std::string_view::npos) return {std::string(field), ""};
  return {std::string(field.substr(0, space)), Trim(field.substr(space + 1))};
}

}  // namespace

Result<uint64_t> ParquetTailLength(std::string_view last8, uint64_t file_size) {
  if (last8.size() != 8 || last8.substr(4) != "PAR1") {
    return Status::InvalidInput("not a Parquet file: it does not end with PAR1");
  }
  uint32_t footer = 0;
  std::memcpy(&footer, last8.data(), 4);  // little-endian, as Parquet writes it
  if (uint64_t{footer} + 12 > file_size) {
    return Status::InvalidInput("corrupt Parquet file: footer length " + std::to_string(footer) +
                                " exceeds the file size " + std::to_string(file_size));
  }
  return uint64_t{footer} + 8;
}

std::string ParquetStub(std::string_view tail) { return "PAR1" + std::string(tail); }

Result<ParquetSchema> ReadParquetSchema(engine::Database& db, const std::string& path) {
  ASSIGN_OR_RETURN(auto conn, db.Connect());
  std::string quoted = "'";
  for (char c : path) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  quoted += "'";
  ASSIGN_OR_RETURN(engine::TextResult described,
                   conn->Query("DESCRIBE SELECT * FROM read_parquet(" + quoted + ")"));
  ParquetSchema schema;
  for (const auto& row : described.rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    schema.columns.push_back({*row[0], FromDuckDbType(*row[1])});
  }
  ASSIGN_OR_RETURN(engine::TextResult rows,
                   conn->Query("SELECT sum(num_rows) FROM parquet_file_metadata(" + quoted + ")"));
  if (!rows.rows.empty() && !rows.rows[0].empty() && rows.rows[0][0]) {
    schema.rows = std::stoull(*rows.rows[0][0]);
  }
  return schema;
}

GlueType FromDuckDbType(std::string_view raw) {
  std::string_view type = Trim(raw);
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    return GlueType::Array(FromDuckDbType(type.substr(0, type.size() - 2)));
  }
  std::string upper = Upper(type);
  auto inner = [&](size_t open) { return type.substr(open + 1, type.size() - open - 2); };
  if (upper.rfind("STRUCT(", 0) == 0) {
    std::vector<StructField> fields;
    for (std::string_view f : SplitTopLevel(inner(6))) {
      auto [name, t] = NameAndType(f);
      fields.push_back({name, FromDuckDbType(t)});
    }
    return GlueType::Struct(std::move(fields));
  }
  if (upper.rfind("MAP(", 0) == 0) {
    auto parts = SplitTopLevel(inner(3));
    if (parts.size() == 2) return GlueType::Map(FromDuckDbType(parts[0]), FromDuckDbType(parts[1]));
    return GlueType::String();
  }
  if (upper.rfind("DECIMAL(", 0) == 0) {
    auto parts = SplitTopLevel(inner(7));
    if (parts.size() == 2) {
      return GlueType::Decimal(std::stoi(std::string(parts[0])), std::stoi(std::string(parts[1])));
    }
  }
  static const std::pair<const char*, TypeKind> kSimple[] = {
      {"BOOLEAN", TypeKind::kBoolean},
      {"TINYINT", TypeKind::kTinyInt},
      {"SMALLINT", TypeKind::kSmallInt},
      {"INTEGER", TypeKind::kInt},
      {"BIGINT", TypeKind::kBigInt},
      {"FLOAT", TypeKind::kFloat},
      {"DOUBLE", TypeKind::kDouble},
      {"VARCHAR", TypeKind::kString},
      {"DATE", TypeKind::kDate},
      {"TIMESTAMP", TypeKind::kTimestamp},
      {"TIMESTAMP_MS", TypeKind::kTimestamp},
      {"TIMESTAMP_NS", TypeKind::kTimestamp},
      {"TIMESTAMP_S", TypeKind::kTimestamp},
      {"TIMESTAMP WITH TIME ZONE", TypeKind::kTimestamp},
      {"BLOB", TypeKind::kBinary},
      {"UTINYINT", TypeKind::kSmallInt},
      {"USMALLINT", TypeKind::kInt},
      {"UINTEGER", TypeKind::kBigInt}};
  for (const auto& [name, kind] : kSimple) {
    if (upper == name) return GlueType::Of(kind);
  }
  if (upper == "UBIGINT") return GlueType::Decimal(20, 0);
  if (upper == "HUGEINT" || upper == "UHUGEINT") return GlueType::Decimal(38, 0);
  return GlueType::String();
}

}  // namespace sluice::formats
