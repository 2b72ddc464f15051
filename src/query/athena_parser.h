// The recursive-descent parser behind ParseAthenaStatement. Internal to athena_*.cc: the token
// helpers live in athena_parser.cc, the statements in athena_statement.cc and the CREATE TABLE
// forms in athena_create_table.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/athena_lexer.h"
#include "query/athena_statement.h"

namespace sluice::query::athena_internal {

// True for the URIs a table's data can live at: s3://... and file://...
bool IsLocationUri(std::string_view uri);

// One parse of one statement. Lexer errors are kept and reported by the next Error, so the token
// helpers need not return a Status. Not thread-safe.
class AthenaParser {
 public:
  explicit AthenaParser(std::string_view sql) : lexer_(sql) {}

  Result<AthenaStatement> ParseStatement();

 private:
  // Tokens (athena_parser.cc).
  void Advance();
  SqlToken PeekToken() const;  // the token after the current one; kEnd after a lexer error
  bool AtWord(std::string_view keyword) const;
  bool AtSymbol(std::string_view symbol) const;
  bool AtEnd() const { return tok_.kind == SqlTokenKind::kEnd; }
  bool AcceptWord(std::string_view keyword);
  bool AcceptSymbol(std::string_view symbol);
  Status ExpectWord(std::string_view keyword);
  Status ExpectSymbol(std::string_view symbol);
  // "line L:C: <message>" at the current token, or the pending lexer error.
  Status Error(std::string_view message) const;
  // "mismatched input 'X'. Expecting: <expected, comma-separated>".
  Status Mismatch(const std::vector<std::string>& expected) const;
  // "<what> is not supported by Sluice<hint>" at the statement's start, or the pending lexer error.
  Status Unsupported(std::string_view what, std::string_view hint = "") const;
  // An optional ';', then the end of the input; a mismatch lists `also_expected` and <EOF>.
  Status ExpectEnd(const std::vector<std::string>& also_expected = {});
  Status AcceptIfNotExists(bool* found);  // IF NOT EXISTS
  Status AcceptIfExists(bool* found);     // IF EXISTS

  // Names, literals and clauses shared by several statements (athena_parser.cc).
  bool AtName() const;
  Result<std::string> ParseName();  // lower case
  Result<TableName> ParseTableName();
  bool AtString() const;
  Result<std::string> ParseString();
  Result<PropertyMap> ParsePropertyList();  // ( 'k' = 'v' [, ...] )
  Result<PartitionSpec> ParsePartitionSpec(bool with_location);
  // The query from the current token to the end (before a trailing WITH [NO] DATA when
  // `with_data` is given, which receives whether NO was absent).
  Result<std::string> ParseQueryText(bool* with_data);
  bool AtQueryStart() const;

  // Statements (athena_statement.cc).
  Result<AthenaStatement> ParseCreate();
  Result<AthenaStatement> ParseCreateDatabase();
  Result<AthenaStatement> ParseDrop();
  Result<AthenaStatement> ParseShow();
  Result<AthenaStatement> ParseDescribe();
  Result<AthenaStatement> ParseMsck();
  Result<AthenaStatement> ParseAlter();
  Result<AthenaStatement> ParseInsert();

  // CREATE TABLE forms (athena_create_table.cc); the current token follows TABLE.
  Result<AthenaStatement> ParseCreateTable(bool external);
  Status ParseHiveTableBody(CreateExternalTable& out);
  Result<std::vector<ColumnDefinition>> ParseColumnList(std::string_view what);
  Result<std::string> ParseColumnType(const std::string& column);
  Status ParseRowFormat(RowFormat& out);
  Status ParseStoredAs(CreateExternalTable& out);
  Result<AthenaStatement> ParseCreateTableAs(CreateTableAs out);
  Result<nlohmann::json> ParsePropertyValue();
  Status CheckTableProperty(const std::string& key, nlohmann::json& value, size_t pos) const;

  SqlLexer lexer_;
  SqlToken tok_;
  size_t start_ = 0;  // where the statement's first token starts
  Status lex_error_;  // the first lexer error; tokens after it are kEnd
};

}  // namespace sluice::query::athena_internal
