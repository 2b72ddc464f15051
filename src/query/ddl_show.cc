// DdlRunner: SHOW DATABASES/TABLES/PARTITIONS/COLUMNS/TBLPROPERTIES/CREATE TABLE and DESCRIBE.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "query/ddl_runner.h"
#include "query/text_util.h"

namespace sluice::query {

using nlohmann::json;

namespace {

// Athena's SHOW ... LIKE pattern: '*' any characters, '|' between alternatives, case-insensitive.
bool GlobMatch(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && std::tolower(static_cast<unsigned char>(pattern[p])) ==
                                         std::tolower(static_cast<unsigned char>(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Matches(const std::string& name, const std::optional<std::string>& pattern) {
  if (!pattern) return true;
  size_t start = 0;
  while (true) {
    size_t bar = pattern->find('|', start);
    std::string_view alternative = std::string_view(*pattern).substr(
        start, bar == std::string::npos ? std::string::npos : bar - start);
    if (GlobMatch(name, alternative)) return true;
    if (bar == std::string::npos) return false;
    start = bar + 1;
  }
}

std::vector<json> AllItems(const std::function<Result<catalog::Page>(catalog::PageRequest)>& list,
                           Status* status) {
  std::vector<json> out;
  catalog::PageRequest page{1000, std::nullopt};
  while (true) {
    auto got = list(page);
    if (!got.ok()) {
      *status = got.status();
      return out;
    }
    for (const std::string& item : got->items) out.push_back(json::parse(item));
    if (!got->next_token) return out;
    page.next_token = got->next_token;
  }
}

// A Hive string literal: 'text' with \ and ' escaped by a backslash (control characters as
// octal, so a \001 delimiter survives a copy and paste).
std::string SqlQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char octal[8];
      std::snprintf(octal, sizeof(octal), "\\%03o", static_cast<unsigned char>(c));
      out += octal;
    } else {
      out += c;
    }
  }
  return out + "'";
}

StatementResult OneColumn(std::string name, const std::vector<std::string>& values) {
  StatementResult result{{std::move(name)}, {}};
  for (const std::string& v : values) result.rows.push_back({v});
  return result;
}

std::string PartitionName(const json& keys, const json& values) {
  std::string out;
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    out += (i ? "/" : "") + keys[i].value("Name", "") + "=" + values[i].get<std::string>();
  }
  return out;
}

}  // namespace

Result<StatementResult> DdlRunner::Show(const AthenaStatement& statement, const std::string& db) {
  auto table_doc = [&](const TableName& name) -> Result<json> {
    ASSIGN_OR_RETURN(std::string database, DatabaseOf(name, db));
    ASSIGN_OR_RETURN(std::string text, catalog_.GetTable(database, name.name));
    return json::parse(text);
  };
  return std::visit(
      Overloaded{
          [&](const ShowDatabases& s) -> Result<StatementResult> {
            Status status = Status::OK();
            auto items =
                AllItems([&](catalog::PageRequest p) { return catalog_.GetDatabases(p); }, &status);
            RETURN_NOT_OK(status);
            std::vector<std::string> names;
            for (const json& d : items) {
              if (Matches(d.value("Name", ""), s.pattern)) names.push_back(d.value("Name", ""));
            }
            return OneColumn("database_name", names);
          },
          [&](const ShowTables& s) -> Result<StatementResult> {
            std::string database = s.database ? *s.database : db;
            if (database.empty()) {
              return Status::InvalidInput("SHOW TABLES needs a database: SHOW TABLES IN db");
            }
            Status status = Status::OK();
            auto items = AllItems(
                [&](catalog::PageRequest p) {
                  return catalog_.GetTables(database, std::nullopt, p);
                },
                &status);
            RETURN_NOT_OK(status);
            std::vector<std::string> names;
            for (const json& t : items) {
              if (Matches(t.value("Name", ""), s.pattern)) names.push_back(t.value("Name", ""));
            }
            return OneColumn("tab_name", names);
          },
          [&](const ShowPartitions& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(json doc, table_doc(s.table));
            json keys = doc.value("PartitionKeys", json::array());
            if (keys.empty()) {
              return Status::InvalidInput("Table " + s.table.name + " is not partitioned");
            }
            ASSIGN_OR_RETURN(std::string database, DatabaseOf(s.table, db));
            Status status = Status::OK();
            auto items = AllItems(
                [&](catalog::PageRequest p) {
                  catalog::PartitionQuery q;
                  q.page = p;
                  q.exclude_column_schema = true;
                  return catalog_.GetPartitions(database, s.table.name, q);
                },
                &status);
            RETURN_NOT_OK(status);
            std::vector<std::string> names;
            for (const json& p : items) names.push_back(PartitionName(keys, p["Values"]));
            return OneColumn("partition", names);
          },
          [&](const ShowColumns& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(json doc, table_doc(s.table));
            std::vector<std::string> names;
            for (const auto* list : {&doc["StorageDescriptor"]["Columns"], &doc["PartitionKeys"]}) {
              if (!list->is_array()) continue;
              for (const json& c : *list) names.push_back(c.value("Name", ""));
            }
            return OneColumn("field", names);
          },
          [&](const ShowTblProperties& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(json doc, table_doc(s.table));
            StatementResult result{{"prpt_name", "prpt_value"}, {}};
            json params = doc.value("Parameters", json::object());
            for (const auto& [k, v] : params.items()) {
              if (s.property && *s.property != k) continue;
              result.rows.push_back({k, v.is_string() ? v.get<std::string>() : v.dump()});
            }
            return result;
          },
          [&](const Describe& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(json doc, table_doc(s.table));
            StatementResult result{{"col_name", "data_type", "comment"}, {}};
            auto add = [&](const json& list) {
              if (!list.is_array()) return;
              for (const json& c : list) {
                if (s.column && *s.column != c.value("Name", "")) continue;
                result.rows.push_back(
                    {c.value("Name", ""), c.value("Type", ""), c.value("Comment", "")});
              }
            };
            add(doc["StorageDescriptor"]["Columns"]);
            add(doc["PartitionKeys"]);
            if (!s.column && doc.contains("PartitionKeys") && !doc["PartitionKeys"].empty()) {
              result.rows.push_back({"", "", ""});
              result.rows.push_back({"# Partition Information", "", ""});
              result.rows.push_back({"# col_name", "data_type", "comment"});
              add(doc["PartitionKeys"]);
            }
            if (s.formatted) {
              json sd = doc.value("StorageDescriptor", json::object());
              result.rows.push_back({"", "", ""});
              result.rows.push_back({"# Detailed Table Information", "", ""});
              result.rows.push_back({"Location:", sd.value("Location", ""), ""});
              result.rows.push_back({"InputFormat:", sd.value("InputFormat", ""), ""});
              result.rows.push_back({"OutputFormat:", sd.value("OutputFormat", ""), ""});
              result.rows.push_back(
                  {"SerDe Library:",
                   sd.value("SerdeInfo", json::object()).value("SerializationLibrary", ""), ""});
              json params = doc.value("Parameters", json::object());
              for (const auto& [k, v] : params.items()) {
                result.rows.push_back(
                    {"Table Parameter:", k, v.is_string() ? v.get<std::string>() : v.dump()});
              }
            }
            return result;
          },
          [&](const ShowCreateTable& s) -> Result<StatementResult> {
            ASSIGN_OR_RETURN(json doc, table_doc(s.table));
            ASSIGN_OR_RETURN(std::string database, DatabaseOf(s.table, db));
            json sd = doc.value("StorageDescriptor", json::object());
            std::vector<std::string> lines;
            lines.push_back("CREATE EXTERNAL TABLE `" + database + "`.`" + s.table.name + "`(");
            auto columns = [&](const json& list) {
              for (size_t i = 0; list.is_array() && i < list.size(); ++i) {
                lines.push_back("  `" + list[i].value("Name", "") + "` " +
                                list[i].value("Type", "") + (i + 1 < list.size() ? "," : ")"));
              }
            };
            columns(sd.value("Columns", json::array()));
            if (!doc.value("PartitionKeys", json::array()).empty()) {
              lines.push_back("PARTITIONED BY (");
              columns(doc["PartitionKeys"]);
            }
            json serde = sd.value("SerdeInfo", json::object());
            lines.push_back("ROW FORMAT SERDE");
            lines.push_back("  " + SqlQuote(serde.value("SerializationLibrary", "")));
            json serde_params = serde.value("Parameters", json::object());
            if (!serde_params.empty()) {
              lines.push_back("WITH SERDEPROPERTIES (");
              size_t i = 0;
              for (const auto& [k, v] : serde_params.items()) {
                lines.push_back("  " + SqlQuote(k) + "=" +
                                SqlQuote(v.is_string() ? v.get<std::string>() : v.dump()) +
                                (++i < serde_params.size() ? "," : ")"));
              }
            }
            lines.push_back("STORED AS INPUTFORMAT");
            lines.push_back("  " + SqlQuote(sd.value("InputFormat", "")));
            lines.push_back("OUTPUTFORMAT");
            lines.push_back("  " + SqlQuote(sd.value("OutputFormat", "")));
            lines.push_back("LOCATION");
            lines.push_back("  " + SqlQuote(sd.value("Location", "")));
            json params = doc.value("Parameters", json::object());
            if (!params.empty()) {
              lines.push_back("TBLPROPERTIES (");
              size_t i = 0;
              for (const auto& [k, v] : params.items()) {
                lines.push_back("  " + SqlQuote(k) + "=" +
                                SqlQuote(v.is_string() ? v.get<std::string>() : v.dump()) +
                                (++i < params.size() ? "," : ")"));
              }
            }
            return OneColumn("createtab_stmt", lines);
          },
          [&](const auto&) -> Result<StatementResult> {
            return Status::InvalidInput("not a SHOW or DESCRIBE statement");
          },
      },
      statement);
}

}  // namespace sluice::query
