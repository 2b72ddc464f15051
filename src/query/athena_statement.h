// One Athena SQL statement, classified and parsed. Athena speaks Hive DDL (CREATE EXTERNAL TABLE,
// ALTER TABLE ADD PARTITION, MSCK REPAIR TABLE, SHOW, DESCRIBE) and Trino DML (queries, CREATE
// TABLE AS, INSERT INTO). Queries go to DuckDB as written; Sluice runs the rest itself from
// these plain structs. Pure: no catalog, no DuckDB. Values are thread-compatible.
//
// Names (databases, tables, columns, partition keys) are lower-cased, as Glue stores them, whether
// they were written bare, `back-quoted` or "double-quoted". Property keys and string values keep
// their case. Column types are Glue type strings in canonical spelling (formats/glue_type.h).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.h"

namespace sluice::query {

// [awsdatacatalog.][database.]name; no database means the query's current database.
struct TableName {
  std::optional<std::string> database;
  std::string name;

  friend bool operator==(const TableName&, const TableName&) = default;
};

// Key → value properties written as ('k'='v', ...); keys keep their case.
using PropertyMap = std::map<std::string, std::string>;

// SELECT, WITH, VALUES, TABLE, EXPLAIN or a parenthesised query: for DuckDB.
struct Query {
  std::string sql;  // from the first token to the last, comments inside kept, no trailing ';'
};

struct CreateDatabase {
  std::string name;
  bool if_not_exists = false;
  std::optional<std::string> comment;
  std::optional<std::string> location;
  PropertyMap properties;  // WITH DBPROPERTIES
};

struct DropDatabase {
  std::string name;
  bool if_exists = false;
  bool cascade = false;  // CASCADE drops the tables too; RESTRICT (the default) refuses
};

struct ShowDatabases {
  std::optional<std::string> pattern;  // LIKE 'regex' (Athena: * any characters, | or)
};

struct ShowTables {
  std::optional<std::string> database;  // IN|FROM db; none: the current database
  std::optional<std::string> pattern;
};

struct ShowPartitions {
  TableName table;
};

struct ShowColumns {
  TableName table;  // SHOW COLUMNS IN t [IN db] gives the database here
};

struct ShowCreateTable {
  TableName table;
};

struct ShowTblProperties {
  TableName table;
  std::optional<std::string> property;  // SHOW TBLPROPERTIES t ('name')
};

struct Describe {
  TableName table;
  bool formatted = false;  // DESCRIBE FORMATTED or DESCRIBE EXTENDED
  std::optional<std::string> column;
};

struct ColumnDefinition {
  std::string name;
  std::string type;  // canonical Glue type string
  std::optional<std::string> comment;

  friend bool operator==(const ColumnDefinition&, const ColumnDefinition&) = default;
};

// ROW FORMAT DELIMITED ... or ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (...)].
struct RowFormat {
  enum class Kind { kDefault, kDelimited, kSerde };
  Kind kind = Kind::kDefault;
  std::optional<std::string> fields_terminated_by;  // escapes decoded: '\t' is a tab
  std::optional<std::string> escaped_by;
  std::optional<std::string> collection_items_terminated_by;
  std::optional<std::string> map_keys_terminated_by;
  std::optional<std::string> lines_terminated_by;
  std::optional<std::string> null_defined_as;
  std::string serde_class;       // kSerde
  PropertyMap serde_properties;  // WITH SERDEPROPERTIES (after ROW FORMAT or STORED AS)
};

// CREATE EXTERNAL TABLE, or CREATE TABLE with a column list (a Hive table either way).
struct CreateExternalTable {
  TableName table;
  bool if_not_exists = false;
  bool external = true;  // false when EXTERNAL was not written
  std::vector<ColumnDefinition> columns;
  std::optional<std::string> comment;
  std::vector<ColumnDefinition> partition_keys;
  std::vector<std::string> bucket_columns;  // CLUSTERED BY (...) INTO n BUCKETS
  int bucket_count = 0;
  RowFormat row_format;
  std::optional<std::string> stored_as;     // upper case: PARQUET, TEXTFILE, JSONFILE, ORC, ...
  std::optional<std::string> input_format;  // STORED AS INPUTFORMAT '...' OUTPUTFORMAT '...'
  std::optional<std::string> output_format;
  std::string location;
  PropertyMap table_properties;  // TBLPROPERTIES
};

// CREATE TABLE [IF NOT EXISTS] t [WITH (...)] AS query [WITH [NO] DATA].
struct CreateTableAs {
  TableName table;
  bool if_not_exists = false;
  std::optional<std::string> comment;
  // Lower-case key → value: strings, numbers, booleans, arrays of them. The format value is upper
  // case (PARQUET, ORC, AVRO, JSON, TEXTFILE, ION); keys and values are checked (see the .cc).
  std::map<std::string, nlohmann::json> properties;
  std::string query;  // as written
  bool with_data = true;
};

// INSERT INTO t [(cols)] query, or Hive's INSERT OVERWRITE TABLE t query.
struct InsertInto {
  TableName table;
  std::vector<std::string> columns;  // empty: every column in table order
  std::string query;                 // as written
  bool overwrite = false;  // replace the partitions the query writes (whole table if unpartitioned)
};

struct MsckRepair {
  TableName table;
};

// PARTITION (k='v', k2=2) [LOCATION '...']: the values in the order written, as text.
struct PartitionSpec {
  std::vector<std::pair<std::string, std::string>> values;
  std::optional<std::string> location;

  friend bool operator==(const PartitionSpec&, const PartitionSpec&) = default;
};

struct AlterTableAddPartitions {
  TableName table;
  bool if_not_exists = false;
  std::vector<PartitionSpec> partitions;
};

struct AlterTableDropPartitions {
  TableName table;
  bool if_exists = false;
  std::vector<PartitionSpec> partitions;  // locations are never set
};

struct DropTable {
  TableName table;
  bool if_exists = false;
};

using AthenaStatement =
    std::variant<Query, CreateDatabase, DropDatabase, ShowDatabases, ShowTables, ShowPartitions,
                 ShowColumns, ShowCreateTable, ShowTblProperties, Describe, CreateExternalTable,
                 CreateTableAs, InsertInto, MsckRepair, AlterTableAddPartitions,
                 AlterTableDropPartitions, DropTable>;

// Classifies and parses one statement: leading whitespace and comments are skipped, one trailing
// ';' is allowed. InvalidInput with Athena's "line L:C: ..." messages for a syntax error, a second
// statement, an unknown column type or CTAS property, and for statements Sluice does not run
// (UPDATE, DELETE, MERGE, views, other ALTER TABLE forms), naming the statement.
Result<AthenaStatement> ParseAthenaStatement(std::string_view sql);

}  // namespace sluice::query
