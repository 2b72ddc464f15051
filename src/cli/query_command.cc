// `sluice query "SQL"`: runs one statement on a running server through its Athena API
// (StartQueryExecution, GetQueryExecution, GetQueryResults) and prints the rows as a table, CSV
// or JSON lines, then the row count and timing. Without SQL it reads statements from a prompt
// with line editing and history (libedit), each ending in ';', or from piped input.
#include <editline/readline.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/aws_client.h"
#include "cli/commands.h"

namespace sluice::cli {
namespace {

using nlohmann::json;

struct QueryOptions {
  std::string sql;
  std::string database;
  std::string format = "table";
  std::string workgroup = "primary";
  std::string output_location;
  std::string endpoint;
};

using TextRow = std::vector<std::optional<std::string>>;

// Display width of UTF-8 text (code points; good enough for a terminal table).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Cell(const std::optional<std::string>& value) { return value ? *value : "NULL"; }

void PrintTable(const std::vector<std::string>& header, const std::vector<TextRow>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t c = 0; c < header.size(); ++c) widths[c] = Width(header[c]);
  for (const TextRow& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], Width(Cell(row[c])));
    }
  }
  auto line = [&] {
    std::string out = "+";
    for (size_t w : widths) out += std::string(w + 2, '-') + "+";
    std::printf("%s\n", out.c_str());
  };
  auto print = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (size_t c = 0; c < widths.size(); ++c) {
      std::string v = c < cells.size() ? cells[c] : "";
      out += " " + v + std::string(widths[c] - Width(v), ' ') + " |";
    }
    std::printf("%s\n", out.c_str());
  };
  line();
  print(header);
  line();
  for (const TextRow& row : rows) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(Cell(v));
    print(cells);
  }
  line();
}

std::string CsvField(const std::optional<std::string>& v) {
  if (!v) return "";
  std::string out = "\"";
  for (char c : *v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

int RunOne(const QueryOptions& opt, const std::string& sql) {
  AwsJsonClient athena(opt.endpoint, "AmazonAthena", "athena");
  json start = {{"QueryString", sql}, {"WorkGroup", opt.workgroup}};
  if (!opt.database.empty()) start["QueryExecutionContext"] = {{"Database", opt.database}};
  if (!opt.output_location.empty()) {
    start["ResultConfiguration"] = {{"OutputLocation", opt.output_location}};
  }
  auto begin = std::chrono::steady_clock::now();
  auto started = athena.Call("StartQueryExecution", start);
  if (!started.ok()) {
    std::fprintf(stderr, "sluice query: %s\n", started.status().message().c_str());
    return 1;
  }
  std::string id = (*started)["QueryExecutionId"];
  json execution;
  while (true) {
    auto got = athena.Call("GetQueryExecution", {{"QueryExecutionId", id}});
    if (!got.ok()) {
      std::fprintf(stderr, "sluice query: %s\n", got.status().message().c_str());
      return 1;
    }
    execution = (*got)["QueryExecution"];
    std::string state = execution["Status"].value("State", "");
    if (state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const json& status = execution["Status"];
  if (status.value("State", "") != "SUCCEEDED") {
    std::fprintf(stderr, "sluice query: %s: %s\n", status.value("State", "").c_str(),
                 status.value("StateChangeReason", "").c_str());
    return 1;
  }
  std::vector<std::string> header;
  std::vector<TextRow> rows;
  // Athena's SELECT results start with a header row; DDL and SHOW results do not.
  bool first = execution.value("StatementType", "") == "DML";
  bool have_header = false;
  json page_in = {{"QueryExecutionId", id}, {"MaxResults", 1000}};
  while (true) {
    auto page = athena.Call("GetQueryResults", page_in);
    if (!page.ok()) {
      std::fprintf(stderr, "sluice query: %s\n", page.status().message().c_str());
      return 1;
    }
    if (!have_header) {
      for (const json& column : (*page)["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]) {
        header.push_back(column.value("Label", column.value("Name", "")));
      }
      have_header = true;
    }
    for (const json& row : (*page)["ResultSet"]["Rows"]) {
      TextRow values;
      for (const json& cell : row["Data"]) {
        values.push_back(cell.contains("VarCharValue")
                             ? std::optional<std::string>(cell["VarCharValue"].get<std::string>())
                             : std::nullopt);
      }
      if (first) {
        first = false;  // the header row: ColumnInfo already named the columns
      } else {
        rows.push_back(std::move(values));
      }
    }
    if (!page->contains("NextToken")) break;
    page_in["NextToken"] = (*page)["NextToken"];
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  if (opt.format == "csv") {
    std::string out;
    for (size_t c = 0; c < header.size(); ++c) out += (c ? "," : "") + CsvField(header[c]);
    std::printf("%s\n", out.c_str());
    for (const TextRow& row : rows) {
      out.clear();
      for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + CsvField(row[c]);
      std::printf("%s\n", out.c_str());
    }
    return 0;
  }
  if (opt.format == "json") {
    for (const TextRow& row : rows) {
      json line = json::object();
      for (size_t c = 0; c < row.size() && c < header.size(); ++c) {
        line[header[c]] = row[c] ? json(*row[c]) : json(nullptr);
      }
      std::printf("%s\n", line.dump().c_str());
    }
    return 0;
  }
  if (header.empty() || (header.size() == 1 && header[0] == "rows" && rows.empty())) {
    int64_t count = 0;
    auto page = athena.Call("GetQueryResults", {{"QueryExecutionId", id}, {"MaxResults", 1}});
    if (page.ok()) count = page->value("UpdateCount", 0);
    std::printf("OK%s in %.3f s\n",
                count > 0 ? (" (" + std::to_string(count) + " rows written)").c_str() : "",
                seconds);
    return 0;
  }
  PrintTable(header, rows);
  double scanned = execution["Statistics"].value("DataScannedInBytes", 0.0);
  std::printf("%zu row%s in %.3f s (%.1f MB scanned)\n", rows.size(), rows.size() == 1 ? "" : "s",
              seconds, scanned / 1e6);
  return 0;
}

// One line of input: at a terminal with line editing and history (BSD libedit), else from stdin.
bool ReadLine(bool tty, const char* prompt, std::string* line) {
  if (!tty) return static_cast<bool>(std::getline(std::cin, *line));
  char* text = readline(prompt);
  if (text == nullptr) return false;
  *line = text;
  if (!line->empty()) add_history(text);
  std::free(text);
  return true;
}

int RunQueryCommand(const QueryOptions& opt) {
  if (opt.format != "table" && opt.format != "csv" && opt.format != "json") {
    std::fprintf(stderr, "sluice query: --format must be table, csv or json\n");
    return 2;
  }
  if (!opt.sql.empty()) return RunOne(opt, opt.sql);
  bool tty = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
  std::string statement, line;
  int status = 0;
  while (true) {
    if (!ReadLine(tty, statement.empty() ? "sluice> " : "   ...> ", &line)) break;
    statement += (statement.empty() ? "" : "\n") + line;
    std::string trimmed = statement;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) {
      trimmed.pop_back();
    }
    if (trimmed.empty()) {
      statement.clear();
      continue;
    }
    if (tty && trimmed.back() != ';') continue;  // at a prompt, ';' ends a statement
    if (!tty && trimmed.back() != ';' && !std::cin.eof()) continue;
    if (trimmed.back() == ';') trimmed.pop_back();
    status = RunOne(opt, trimmed) != 0 ? 1 : status;
    statement.clear();
  }
  if (!statement.empty()) status = RunOne(opt, statement) != 0 ? 1 : status;
  return status;
}

}  // namespace

std::function<int()> AddQueryCommand(CLI::App& app) {
  auto opt = std::make_shared<QueryOptions>();
  CLI::App* cmd = app.add_subcommand(
      "query", "Run SQL over the catalog's tables on a running server (its Athena API)");
  cmd->add_option("sql", opt->sql, "The statement; without it, statements are read from stdin");
  cmd->add_option("--database", opt->database, "The database of unqualified table names");
  cmd->add_option("--format", opt->format, "table (default), csv or json");
  cmd->add_option("--workgroup", opt->workgroup, "The Athena workgroup (default primary)");
  cmd->add_option("--output-location", opt->output_location,
                  "Where the result CSV goes (default: the workgroup's, else the server's)");
  opt->endpoint =
      std::getenv("SLUICE_ENDPOINT") ? std::getenv("SLUICE_ENDPOINT") : "http://127.0.0.1:8080";
  cmd->add_option("--endpoint", opt->endpoint,
                  "The server (default $SLUICE_ENDPOINT or http://127.0.0.1:8080)");
  return [opt] { return RunQueryCommand(*opt); };
}

}  // namespace sluice::cli
