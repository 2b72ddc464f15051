// AthenaParser's token helpers and the names, literals and clauses several statements share.
#include "query/athena_parser.h"

#include <utility>

namespace sluice::query::athena_internal {

bool IsLocationUri(std::string_view uri) {
  return uri.rfind("s3://", 0) == 0 || uri.rfind("file://", 0) == 0;
}

void AthenaParser::Advance() {
  if (lex_error_.ok()) {
    Status st = lexer_.Next(&tok_);
    if (st.ok()) return;
    lex_error_ = std::move(st);
  }
  tok_ = SqlToken();
  tok_.pos = lexer_.sql().size();
}

SqlToken AthenaParser::PeekToken() const {
  SqlLexer copy = lexer_;
  SqlToken next;
  if (!lex_error_.ok() || !copy.Next(&next).ok()) return SqlToken();
  return next;
}

bool AthenaParser::AtWord(std::string_view keyword) const {
  return tok_.kind == SqlTokenKind::kWord && EqualsIgnoreCase(tok_.text, keyword);
}

bool AthenaParser::AtSymbol(std::string_view symbol) const {
  return tok_.kind == SqlTokenKind::kSymbol && tok_.text == symbol;
}

bool AthenaParser::AcceptWord(std::string_view keyword) {
  if (!AtWord(keyword)) return false;
  Advance();
  return true;
}

bool AthenaParser::AcceptSymbol(std::string_view symbol) {
  if (!AtSymbol(symbol)) return false;
  Advance();
  return true;
}

Status AthenaParser::ExpectWord(std::string_view keyword) {
  if (AcceptWord(keyword)) return Status::OK();
  return Mismatch({"'" + ToUpper(keyword) + "'"});
}

Status AthenaParser::ExpectSymbol(std::string_view symbol) {
  if (AcceptSymbol(symbol)) return Status::OK();
  return Mismatch({"'" + std::string(symbol) + "'"});
}

Status AthenaParser::Error(std::string_view message) const {
  if (!lex_error_.ok()) return lex_error_;
  return lexer_.ErrorAt(tok_.pos, message);
}

Status AthenaParser::Mismatch(const std::vector<std::string>& expected) const {
  std::string msg = "mismatched input '" + TokenDisplay(lexer_.sql(), tok_) + "'. Expecting: ";
  for (size_t i = 0; i < expected.size(); ++i) msg += (i ? ", " : "") + expected[i];
  return Error(msg);
}

Status AthenaParser::Unsupported(std::string_view what, std::string_view hint) const {
  if (!lex_error_.ok()) return lex_error_;
  return lexer_.ErrorAt(start_,
                        std::string(what) + " is not supported by Sluice" + std::string(hint));
}

Status AthenaParser::ExpectEnd(const std::vector<std::string>& also_expected) {
  if (AcceptSymbol(";")) {
    if (!AtEnd()) {
      return Error("only one statement can be run at a time; remove the text after ';'");
    }
  } else if (!AtEnd()) {
    std::vector<std::string> expected = also_expected;
    expected.push_back(AtSymbol(")") ? "<EOF> (this ')' has no matching '(')" : "<EOF>");
    return Mismatch(expected);
  }
  return lex_error_;
}

Status AthenaParser::AcceptIfNotExists(bool* found) {
  *found = AcceptWord("IF");
  if (!*found) return Status::OK();
  RETURN_NOT_OK(ExpectWord("NOT"));
  return ExpectWord("EXISTS");
}

Status AthenaParser::AcceptIfExists(bool* found) {
  *found = AcceptWord("IF");
  return *found ? ExpectWord("EXISTS") : Status::OK();
}

bool AthenaParser::AtName() const {
  return tok_.kind == SqlTokenKind::kWord || tok_.kind == SqlTokenKind::kQuotedName ||
         (tok_.kind == SqlTokenKind::kString && tok_.quote == '"');  // Hive DDL: "name"
}

Result<std::string> AthenaParser::ParseName() {
  if (!AtName()) return Mismatch({"<identifier>"});
  if (tok_.kind != SqlTokenKind::kWord && tok_.text.empty()) {
    return Error("a quoted name cannot be empty");
  }
  std::string name = ToLower(tok_.text);
  Advance();
  return name;
}

Result<TableName> AthenaParser::ParseTableName() {
  std::vector<std::string> parts;
  std::vector<size_t> positions;
  do {
    positions.push_back(tok_.pos);
    ASSIGN_OR_RETURN(std::string part, ParseName());
    parts.push_back(std::move(part));
  } while (parts.size() < 3 && AcceptSymbol("."));
  if (AtSymbol(".")) return Error("a table name has at most three parts: catalog.database.table");
  TableName out;
  if (parts.size() == 3) {
    if (parts[0] != "awsdatacatalog") {
      return lexer_.ErrorAt(positions[0], "catalog '" + parts[0] +
                                              "' does not exist; Sluice has one catalog, "
                                              "AwsDataCatalog");
    }
    parts.erase(parts.begin());
  }
  if (parts.size() == 2) out.database = parts[0];
  out.name = parts.back();
  return out;
}

bool AthenaParser::AtString() const { return tok_.kind == SqlTokenKind::kString; }

Result<std::string> AthenaParser::ParseString() {
  if (!AtString()) return Mismatch({"<string>"});
  std::string text = std::move(tok_.text);
  Advance();
  return text;
}

Result<PropertyMap> AthenaParser::ParsePropertyList() {
  RETURN_NOT_OK(ExpectSymbol("("));
  PropertyMap out;
  do {
    const size_t pos = tok_.pos;
    ASSIGN_OR_RETURN(std::string key, ParseString());
    RETURN_NOT_OK(ExpectSymbol("="));
    ASSIGN_OR_RETURN(std::string value, ParseString());
    if (!out.emplace(key, std::move(value)).second) {
      return lexer_.ErrorAt(pos, "property '" + key + "' is given twice");
    }
  } while (AcceptSymbol(","));
  if (!AcceptSymbol(")")) return Mismatch({"','", "')'"});
  return out;
}

Result<PartitionSpec> AthenaParser::ParsePartitionSpec(bool with_location) {
  RETURN_NOT_OK(ExpectWord("PARTITION"));
  RETURN_NOT_OK(ExpectSymbol("("));
  PartitionSpec out;
  do {
    const size_t pos = tok_.pos;
    ASSIGN_OR_RETURN(std::string key, ParseName());
    for (const auto& [k, v] : out.values) {
      if (k == key) return lexer_.ErrorAt(pos, "partition key '" + key + "' is given twice");
    }
    RETURN_NOT_OK(ExpectSymbol("="));
    std::string value;
    const bool negative = AcceptSymbol("-");
    if (tok_.kind == SqlTokenKind::kNumber) {
      value = (negative ? "-" : "") + tok_.text;
    } else if (!negative && AtString()) {
      value = tok_.text;
    } else if (!negative && (AtWord("TRUE") || AtWord("FALSE"))) {
      value = ToLower(tok_.text);
    } else {
      return Mismatch({"<string>", "<number>"});
    }
    Advance();
    out.values.emplace_back(std::move(key), std::move(value));
  } while (AcceptSymbol(","));
  if (!AcceptSymbol(")")) return Mismatch({"','", "')'"});
  if (with_location && AcceptWord("LOCATION")) {
    ASSIGN_OR_RETURN(out.location, ParseString());
  }
  return out;
}

bool AthenaParser::AtQueryStart() const {
  return AtWord("SELECT") || AtWord("WITH") || AtWord("VALUES") || AtWord("TABLE") || AtSymbol("(");
}

Result<std::string> AthenaParser::ParseQueryText(bool* with_data) {
  const size_t start = tok_.pos;
  std::vector<std::pair<size_t, size_t>> spans;  // (pos, len) of each token
  while (!AtEnd() && !AtSymbol(";")) {
    spans.emplace_back(tok_.pos, tok_.len);
    Advance();
  }
  RETURN_NOT_OK(lex_error_);
  const std::string_view sql = lexer_.sql();
  auto word_at = [&](size_t i, std::string_view keyword) {
    return EqualsIgnoreCase(sql.substr(spans[i].first, spans[i].second), keyword);
  };
  size_t n = spans.size();
  if (with_data != nullptr) {
    *with_data = true;
    if (n >= 3 && word_at(n - 3, "WITH") && word_at(n - 2, "NO") && word_at(n - 1, "DATA")) {
      *with_data = false;
      n -= 3;
    } else if (n >= 2 && word_at(n - 2, "WITH") && word_at(n - 1, "DATA")) {
      n -= 2;
    }
  }
  if (n == 0) return lexer_.ErrorAt(start, "a query is missing here");
  return std::string(sql.substr(start, spans[n - 1].first + spans[n - 1].second - start));
}

}  // namespace sluice::query::athena_internal
