// ParseAthenaStatement: the dispatch on the first keywords and every statement but CREATE TABLE.
#include "query/athena_statement.h"

#include <utility>

#include "query/athena_parser.h"

namespace sluice::query {

using athena_internal::AthenaParser;
using athena_internal::ToUpper;

Result<AthenaStatement> ParseAthenaStatement(std::string_view sql) {
  return AthenaParser(sql).ParseStatement();
}

namespace athena_internal {

Result<AthenaStatement> AthenaParser::ParseStatement() {
  Advance();
  start_ = tok_.pos;
  if (AtEnd()) {
    RETURN_NOT_OK(lex_error_);
    return Error("the statement is empty; write one SQL statement");
  }
  if (AtQueryStart() || AtWord("EXPLAIN")) {
    ASSIGN_OR_RETURN(std::string sql, ParseQueryText(nullptr));
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(Query{std::move(sql)});
  }
  // Hive DDL: its strings take backslash escapes. INSERT and CREATE TABLE AS are Trino's.
  lexer_.set_hive_strings(!AtWord("INSERT") && !AtWord("CREATE"));
  if (AcceptWord("CREATE")) return ParseCreate();
  if (AcceptWord("DROP")) return ParseDrop();
  if (AcceptWord("SHOW")) return ParseShow();
  if (AcceptWord("DESCRIBE") || AcceptWord("DESC")) return ParseDescribe();
  if (AcceptWord("MSCK")) return ParseMsck();
  if (AcceptWord("ALTER")) return ParseAlter();
  if (AcceptWord("INSERT")) return ParseInsert();
  if (AtWord("UPDATE") || AtWord("DELETE") || AtWord("MERGE") || AtWord("VACUUM") ||
      AtWord("OPTIMIZE")) {
    return Unsupported(ToUpper(tok_.text), " (Athena runs it on Iceberg tables only)");
  }
  for (std::string_view kind : {"UNLOAD", "PREPARE", "EXECUTE", "DEALLOCATE", "GRANT", "REVOKE",
                                "CALL", "USE", "SET", "RESET", "START", "COMMIT", "ROLLBACK",
                                "ANALYZE", "REFRESH", "COMMENT", "LOAD", "TRUNCATE"}) {
    if (AtWord(kind)) return Unsupported(ToUpper(kind));
  }
  return Mismatch({"'ALTER'", "'CREATE'", "'DESCRIBE'", "'DROP'", "'EXPLAIN'", "'INSERT'", "'MSCK'",
                   "'SELECT'", "'SHOW'", "'TABLE'", "'VALUES'", "'WITH'"});
}

Result<AthenaStatement> AthenaParser::ParseCreate() {
  if (AcceptWord("OR")) {
    RETURN_NOT_OK(ExpectWord("REPLACE"));
    if (AtWord("VIEW") || AtWord("PROTECTED")) return Unsupported("CREATE OR REPLACE VIEW");
    return Mismatch({"'VIEW'"});
  }
  if (AtWord("DATABASE") || AtWord("SCHEMA")) {
    lexer_.set_hive_strings(true);
    Advance();
    return ParseCreateDatabase();
  }
  if (AtWord("EXTERNAL")) {
    lexer_.set_hive_strings(true);
    Advance();
    RETURN_NOT_OK(ExpectWord("TABLE"));
    return ParseCreateTable(true);
  }
  if (AcceptWord("TABLE")) return ParseCreateTable(false);
  for (std::string_view kind : {"VIEW", "MATERIALIZED", "FUNCTION", "TEMPORARY", "ROLE"}) {
    if (AtWord(kind)) return Unsupported("CREATE " + ToUpper(kind));
  }
  return Mismatch({"'DATABASE'", "'EXTERNAL'", "'SCHEMA'", "'TABLE'"});
}

Result<AthenaStatement> AthenaParser::ParseCreateDatabase() {
  CreateDatabase out;
  RETURN_NOT_OK(AcceptIfNotExists(&out.if_not_exists));
  ASSIGN_OR_RETURN(out.name, ParseName());
  std::vector<std::string> next = {"'COMMENT'", "'LOCATION'", "'WITH'"};
  if (AcceptWord("COMMENT")) {
    ASSIGN_OR_RETURN(out.comment, ParseString());
    next = {"'LOCATION'", "'WITH'"};
  }
  if (AcceptWord("LOCATION")) {
    ASSIGN_OR_RETURN(out.location, ParseString());
    next = {"'WITH'"};
  }
  if (AcceptWord("WITH")) {
    RETURN_NOT_OK(ExpectWord("DBPROPERTIES"));
    ASSIGN_OR_RETURN(out.properties, ParsePropertyList());
    next.clear();
  }
  RETURN_NOT_OK(ExpectEnd(next));
  return AthenaStatement(std::move(out));
}

Result<AthenaStatement> AthenaParser::ParseDrop() {
  if (AcceptWord("DATABASE") || AcceptWord("SCHEMA")) {
    DropDatabase out;
    RETURN_NOT_OK(AcceptIfExists(&out.if_exists));
    ASSIGN_OR_RETURN(out.name, ParseName());
    out.cascade = AcceptWord("CASCADE");
    if (!out.cascade) AcceptWord("RESTRICT");
    RETURN_NOT_OK(ExpectEnd(out.cascade ? std::vector<std::string>{}
                                        : std::vector<std::string>{"'CASCADE'", "'RESTRICT'"}));
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("TABLE")) {
    DropTable out;
    RETURN_NOT_OK(AcceptIfExists(&out.if_exists));
    ASSIGN_OR_RETURN(out.table, ParseTableName());
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  for (std::string_view kind : {"VIEW", "MATERIALIZED", "FUNCTION", "ROLE"}) {
    if (AtWord(kind)) return Unsupported("DROP " + ToUpper(kind));
  }
  return Mismatch({"'DATABASE'", "'SCHEMA'", "'TABLE'"});
}

Result<AthenaStatement> AthenaParser::ParseShow() {
  if (AcceptWord("DATABASES") || AcceptWord("SCHEMAS")) {
    ShowDatabases out;
    const bool like = AcceptWord("LIKE");
    if (like || AtString()) {
      ASSIGN_OR_RETURN(out.pattern, ParseString());
    }
    RETURN_NOT_OK(ExpectEnd(out.pattern ? std::vector<std::string>{}
                                        : std::vector<std::string>{"'LIKE'", "<string>"}));
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("TABLES")) {
    ShowTables out;
    if (AcceptWord("IN") || AcceptWord("FROM")) {
      ASSIGN_OR_RETURN(out.database, ParseName());
    }
    const bool like = AcceptWord("LIKE");
    if (like || AtString()) {
      ASSIGN_OR_RETURN(out.pattern, ParseString());
    }
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("PARTITIONS")) {
    ShowPartitions out;
    ASSIGN_OR_RETURN(out.table, ParseTableName());
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("COLUMNS")) {
    ShowColumns out;
    if (!AcceptWord("IN") && !AcceptWord("FROM")) return Mismatch({"'FROM'", "'IN'"});
    ASSIGN_OR_RETURN(out.table, ParseTableName());
    if (AtWord("IN") || AtWord("FROM")) {
      if (out.table.database) return Error("the database is named twice");
      Advance();
      ASSIGN_OR_RETURN(out.table.database, ParseName());
    }
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("CREATE")) {
    if (AtWord("VIEW")) return Unsupported("SHOW CREATE VIEW");
    RETURN_NOT_OK(ExpectWord("TABLE"));
    ShowCreateTable out;
    ASSIGN_OR_RETURN(out.table, ParseTableName());
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("TBLPROPERTIES")) {
    ShowTblProperties out;
    ASSIGN_OR_RETURN(out.table, ParseTableName());
    if (AcceptSymbol("(")) {
      ASSIGN_OR_RETURN(out.property, ParseString());
      RETURN_NOT_OK(ExpectSymbol(")"));
    }
    RETURN_NOT_OK(ExpectEnd());
    return AthenaStatement(std::move(out));
  }
  for (std::string_view kind :
       {"VIEWS", "FUNCTIONS", "CATALOGS", "SESSION", "STATS", "GRANTS", "ROLES", "CURRENT"}) {
    if (AtWord(kind)) return Unsupported("SHOW " + ToUpper(kind));
  }
  return Mismatch({"'COLUMNS'", "'CREATE'", "'DATABASES'", "'PARTITIONS'", "'SCHEMAS'", "'TABLES'",
                   "'TBLPROPERTIES'"});
}

Result<AthenaStatement> AthenaParser::ParseDescribe() {
  Describe out;
  out.formatted = AcceptWord("FORMATTED") || AcceptWord("EXTENDED");
  if (AtWord("VIEW") && PeekToken().kind != SqlTokenKind::kEnd) return Unsupported("DESCRIBE VIEW");
  ASSIGN_OR_RETURN(out.table, ParseTableName());
  if (AtWord("PARTITION")) return Unsupported("DESCRIBE ... PARTITION");
  if (AtName()) {
    ASSIGN_OR_RETURN(out.column, ParseName());
  }
  RETURN_NOT_OK(ExpectEnd(out.column ? std::vector<std::string>{}
                                     : std::vector<std::string>{"<column name>"}));
  return AthenaStatement(std::move(out));
}

Result<AthenaStatement> AthenaParser::ParseMsck() {
  RETURN_NOT_OK(ExpectWord("REPAIR"));
  RETURN_NOT_OK(ExpectWord("TABLE"));
  MsckRepair out;
  ASSIGN_OR_RETURN(out.table, ParseTableName());
  RETURN_NOT_OK(ExpectEnd());
  return AthenaStatement(std::move(out));
}

Result<AthenaStatement> AthenaParser::ParseAlter() {
  if (AtWord("DATABASE") || AtWord("SCHEMA") || AtWord("VIEW")) {
    return Unsupported("ALTER " + ToUpper(tok_.text));
  }
  RETURN_NOT_OK(ExpectWord("TABLE"));
  ASSIGN_OR_RETURN(TableName table, ParseTableName());
  constexpr std::string_view kForms = "; Sluice runs ALTER TABLE ADD PARTITION and DROP PARTITION";
  if (AcceptWord("ADD")) {
    if (AtWord("COLUMNS")) return Unsupported("ALTER TABLE ADD COLUMNS", kForms);
    AlterTableAddPartitions out;
    out.table = std::move(table);
    RETURN_NOT_OK(AcceptIfNotExists(&out.if_not_exists));
    do {
      ASSIGN_OR_RETURN(PartitionSpec spec, ParsePartitionSpec(true));
      out.partitions.push_back(std::move(spec));
      AcceptSymbol(",");  // Hive separates them by spaces; a comma is forgiven
    } while (AtWord("PARTITION"));
    RETURN_NOT_OK(ExpectEnd({"'PARTITION'"}));
    return AthenaStatement(std::move(out));
  }
  if (AcceptWord("DROP")) {
    AlterTableDropPartitions out;
    out.table = std::move(table);
    RETURN_NOT_OK(AcceptIfExists(&out.if_exists));
    do {
      ASSIGN_OR_RETURN(PartitionSpec spec, ParsePartitionSpec(false));
      out.partitions.push_back(std::move(spec));
    } while (AcceptSymbol(","));
    RETURN_NOT_OK(ExpectEnd({"','"}));
    return AthenaStatement(std::move(out));
  }
  if (AtEnd()) return Mismatch({"'ADD'", "'DROP'"});
  return Unsupported("ALTER TABLE " + ToUpper(tok_.text), kForms);
}

Result<AthenaStatement> AthenaParser::ParseInsert() {
  InsertInto out;
  if (AcceptWord("OVERWRITE")) {
    out.overwrite = true;
    RETURN_NOT_OK(ExpectWord("TABLE"));
  } else if (AcceptWord("INTO")) {
    AcceptWord("TABLE");  // Hive's spelling
  } else {
    return Mismatch({"'INTO'", "'OVERWRITE'"});
  }
  ASSIGN_OR_RETURN(out.table, ParseTableName());
  if (AtWord("PARTITION")) {
    return Unsupported("INSERT ... PARTITION (...)",
                       "; the partitions come from the query's last columns");
  }
  if (AtSymbol("(")) {
    const SqlToken next = PeekToken();
    const bool query =
        next.kind == SqlTokenKind::kSymbol ? next.text == "("
        : next.kind == SqlTokenKind::kWord
            ? EqualsIgnoreCase(next.text, "SELECT") || EqualsIgnoreCase(next.text, "WITH") ||
                  EqualsIgnoreCase(next.text, "VALUES") || EqualsIgnoreCase(next.text, "TABLE")
            : false;
    if (!query) {
      Advance();
      do {
        const size_t pos = tok_.pos;
        ASSIGN_OR_RETURN(std::string column, ParseName());
        for (const std::string& c : out.columns) {
          if (c == column) return lexer_.ErrorAt(pos, "column '" + column + "' is listed twice");
        }
        out.columns.push_back(std::move(column));
      } while (AcceptSymbol(","));
      if (!AcceptSymbol(")")) return Mismatch({"','", "')'"});
    }
  }
  if (!AtQueryStart()) {
    std::vector<std::string> expected = {"'('", "'SELECT'", "'TABLE'", "'VALUES'", "'WITH'"};
    return Mismatch(expected);
  }
  ASSIGN_OR_RETURN(out.query, ParseQueryText(nullptr));
  RETURN_NOT_OK(ExpectEnd());
  return AthenaStatement(std::move(out));
}

}  // namespace athena_internal
}  // namespace sluice::query
