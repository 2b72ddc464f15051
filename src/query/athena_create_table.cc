// CREATE TABLE: the choice between Hive's CREATE [EXTERNAL] TABLE with columns and a LOCATION
// (parsed here) and Trino's CREATE TABLE AS (athena_ctas.cc).
#include <algorithm>
#include <charconv>
#include <iterator>
#include <utility>

#include "formats/glue_type.h"
#include "query/athena_parser.h"

namespace sluice::query::athena_internal {
namespace {

constexpr std::string_view kStoredAs[] = {"PARQUET", "TEXTFILE",     "JSONFILE", "ORC",
                                          "AVRO",    "SEQUENCEFILE", "RCFILE",   "ION"};

}  // namespace

Result<AthenaStatement> AthenaParser::ParseCreateTable(bool external) {
  bool if_not_exists = false;
  RETURN_NOT_OK(AcceptIfNotExists(&if_not_exists));
  ASSIGN_OR_RETURN(TableName table, ParseTableName());
  if (AtSymbol("(")) {
    lexer_.set_hive_strings(true);  // takes effect after the '('
    CreateExternalTable out;
    out.table = std::move(table);
    out.if_not_exists = if_not_exists;
    out.external = external;
    RETURN_NOT_OK(ParseHiveTableBody(out));
    return AthenaStatement(std::move(out));
  }
  if (external) return Mismatch({"'('"});
  if (!AtWord("AS") && !AtWord("WITH") && !AtWord("COMMENT")) {
    return Mismatch({"'('", "'AS'", "'COMMENT'", "'WITH'"});
  }
  CreateTableAs out;
  out.table = std::move(table);
  out.if_not_exists = if_not_exists;
  return ParseCreateTableAs(std::move(out));
}

Status AthenaParser::ParseHiveTableBody(CreateExternalTable& out) {
  ASSIGN_OR_RETURN(out.columns, ParseColumnList("column"));
  // Hive's clause order; `next` is the first clause still allowed.
  const std::vector<std::string> clauses = {"'COMMENT'", "'PARTITIONED'", "'CLUSTERED'", "'ROW'",
                                            "'STORED'",  "'WITH'",        "'LOCATION'"};
  size_t next = 0;
  auto accept = [&](size_t clause, std::string_view keyword) {
    if (next > clause || !AcceptWord(keyword)) return false;
    next = clause + 1;
    return true;
  };
  if (accept(0, "COMMENT")) {
    ASSIGN_OR_RETURN(out.comment, ParseString());
  }
  if (accept(1, "PARTITIONED")) {
    RETURN_NOT_OK(ExpectWord("BY"));
    const size_t pos = tok_.pos;
    ASSIGN_OR_RETURN(out.partition_keys, ParseColumnList("partition key"));
    for (const ColumnDefinition& key : out.partition_keys) {
      for (const ColumnDefinition& column : out.columns) {
        if (key.name == column.name) {
          return lexer_.ErrorAt(pos, "partition key '" + key.name +
                                         "' is also a column; a partition key is not listed "
                                         "among the table's columns");
        }
      }
    }
  }
  if (accept(2, "CLUSTERED")) {
    RETURN_NOT_OK(ExpectWord("BY"));
    RETURN_NOT_OK(ExpectSymbol("("));
    do {
      ASSIGN_OR_RETURN(std::string column, ParseName());
      out.bucket_columns.push_back(std::move(column));
    } while (AcceptSymbol(","));
    RETURN_NOT_OK(ExpectSymbol(")"));
    RETURN_NOT_OK(ExpectWord("INTO"));
    int count = 0;
    const auto [end, ec] =
        std::from_chars(tok_.text.data(), tok_.text.data() + tok_.text.size(), count);
    if (tok_.kind != SqlTokenKind::kNumber || ec != std::errc() ||
        end != tok_.text.data() + tok_.text.size() || count < 1) {
      return Mismatch({"<number of buckets>"});
    }
    out.bucket_count = count;
    Advance();
    RETURN_NOT_OK(ExpectWord("BUCKETS"));
  }
  if (accept(3, "ROW")) {
    RETURN_NOT_OK(ExpectWord("FORMAT"));
    RETURN_NOT_OK(ParseRowFormat(out.row_format));
  }
  if (accept(4, "STORED")) RETURN_NOT_OK(ParseStoredAs(out));
  if (AtWord("WITH") && next <= 5) {
    if (!out.row_format.serde_properties.empty()) {
      return Error("WITH SERDEPROPERTIES is given twice");
    }
    Advance();
    next = 6;
    RETURN_NOT_OK(ExpectWord("SERDEPROPERTIES"));
    ASSIGN_OR_RETURN(out.row_format.serde_properties, ParsePropertyList());
  }
  if (!AtWord("LOCATION")) {
    return Mismatch(std::vector<std::string>(clauses.begin() + next, clauses.end()));
  }
  Advance();
  const size_t location_pos = tok_.pos;
  ASSIGN_OR_RETURN(out.location, ParseString());
  if (!IsLocationUri(out.location)) {
    return lexer_.ErrorAt(location_pos, "LOCATION '" + out.location +
                                            "' is not a folder URI; write s3://bucket/path/ "
                                            "(or file:///path/ for a local folder)");
  }
  if (AcceptWord("TBLPROPERTIES")) {
    ASSIGN_OR_RETURN(out.table_properties, ParsePropertyList());
    return ExpectEnd();
  }
  return ExpectEnd({"'TBLPROPERTIES'"});
}

Result<std::vector<ColumnDefinition>> AthenaParser::ParseColumnList(std::string_view what) {
  RETURN_NOT_OK(ExpectSymbol("("));
  std::vector<ColumnDefinition> out;
  do {
    const size_t pos = tok_.pos;
    ColumnDefinition column;
    ASSIGN_OR_RETURN(column.name, ParseName());
    for (const ColumnDefinition& c : out) {
      if (c.name == column.name) {
        return lexer_.ErrorAt(pos, std::string(what) + " '" + column.name + "' is listed twice");
      }
    }
    ASSIGN_OR_RETURN(column.type, ParseColumnType(column.name));
    if (AcceptWord("COMMENT")) {
      ASSIGN_OR_RETURN(column.comment, ParseString());
    }
    out.push_back(std::move(column));
  } while (AcceptSymbol(","));
  if (!AcceptSymbol(")")) {
    return Mismatch(out.back().comment ? std::vector<std::string>{"','", "')'"}
                                       : std::vector<std::string>{"','", "')'", "'COMMENT'"});
  }
  return out;
}

Result<std::string> AthenaParser::ParseColumnType(const std::string& column) {
  if (AtEnd() || !lex_error_.ok()) return Mismatch({"<type>"});
  const size_t pos = tok_.pos;
  const std::string_view text = lexer_.ScanType(pos);
  if (text.empty()) return Mismatch({"<type>"});
  Result<formats::GlueType> type = formats::ParseGlueType(text);
  Advance();
  if (!type.ok()) {
    return lexer_.ErrorAt(pos, "column '" + column + "' has an unknown type '" + std::string(text) +
                                   "' (" + type.status().message() + ")");
  }
  return type->ToString();
}

Status AthenaParser::ParseRowFormat(RowFormat& out) {
  if (AcceptWord("SERDE")) {
    out.kind = RowFormat::Kind::kSerde;
    ASSIGN_OR_RETURN(out.serde_class, ParseString());
    if (AcceptWord("WITH")) {
      RETURN_NOT_OK(ExpectWord("SERDEPROPERTIES"));
      ASSIGN_OR_RETURN(out.serde_properties, ParsePropertyList());
    }
    return Status::OK();
  }
  if (!AcceptWord("DELIMITED")) return Mismatch({"'DELIMITED'", "'SERDE'"});
  out.kind = RowFormat::Kind::kDelimited;
  // `TERMINATED BY 'x'` (or `AS 'x'` after NULL DEFINED) into *field.
  auto clause = [&](std::optional<std::string>* field, std::string_view by) -> Status {
    if (by == "BY") RETURN_NOT_OK(ExpectWord("TERMINATED"));
    RETURN_NOT_OK(ExpectWord(by));
    ASSIGN_OR_RETURN(*field, ParseString());
    return Status::OK();
  };
  while (true) {
    if (AcceptWord("FIELDS")) {
      RETURN_NOT_OK(clause(&out.fields_terminated_by, "BY"));
      if (AcceptWord("ESCAPED")) {
        RETURN_NOT_OK(ExpectWord("BY"));
        ASSIGN_OR_RETURN(out.escaped_by, ParseString());
      }
    } else if (AcceptWord("COLLECTION")) {
      RETURN_NOT_OK(ExpectWord("ITEMS"));
      RETURN_NOT_OK(clause(&out.collection_items_terminated_by, "BY"));
    } else if (AcceptWord("MAP")) {
      RETURN_NOT_OK(ExpectWord("KEYS"));
      RETURN_NOT_OK(clause(&out.map_keys_terminated_by, "BY"));
    } else if (AcceptWord("LINES")) {
      RETURN_NOT_OK(clause(&out.lines_terminated_by, "BY"));
    } else if (AcceptWord("NULL")) {
      RETURN_NOT_OK(ExpectWord("DEFINED"));
      RETURN_NOT_OK(clause(&out.null_defined_as, "AS"));
    } else {
      return Status::OK();
    }
  }
}

Status AthenaParser::ParseStoredAs(CreateExternalTable& out) {
  if (AtWord("BY")) return Unsupported("STORED BY (storage handlers)");
  RETURN_NOT_OK(ExpectWord("AS"));
  if (AcceptWord("INPUTFORMAT")) {
    ASSIGN_OR_RETURN(out.input_format, ParseString());
    RETURN_NOT_OK(ExpectWord("OUTPUTFORMAT"));
    ASSIGN_OR_RETURN(out.output_format, ParseString());
    return Status::OK();
  }
  const std::string format = ToUpper(tok_.text);
  if (tok_.kind != SqlTokenKind::kWord ||
      std::find(std::begin(kStoredAs), std::end(kStoredAs), format) == std::end(kStoredAs)) {
    return Mismatch({"'AVRO'", "'INPUTFORMAT'", "'ION'", "'JSONFILE'", "'ORC'", "'PARQUET'",
                     "'RCFILE'", "'SEQUENCEFILE'", "'TEXTFILE'"});
  }
  out.stored_as = format;
  Advance();
  return Status::OK();
}

}  // namespace sluice::query::athena_internal
