#include "query/error_text.h"

#include <regex>
#include <sstream>

namespace sluice::query {

std::string UserFacingError(std::string message, const ScanFiles* files) {
  // "<operation> failed: <DuckDB's message> (statement: <sql>)" from the engine wrapper.
  size_t failed = message.find(" failed: ");
  if (failed != std::string::npos && failed < 40) message.erase(0, failed + 9);
  size_t statement = message.rfind(" (statement: ");
  if (statement != std::string::npos) message.erase(statement);
  std::istringstream lines(message);
  std::string line, out;
  bool skip_caret = false;
  bool advice = false;
  while (std::getline(lines, line)) {
    if (skip_caret) {
      skip_caret = false;
      if (line.find_first_not_of(' ') != std::string::npos &&
          line[line.find_first_not_of(' ')] == '^') {
        continue;
      }
    }
    if (line.rfind("LINE ", 0) == 0) {
      skip_caret = true;
      continue;
    }
    if (line.rfind("Possible solutions:", 0) == 0 ||
        line.rfind("This type was auto-detected", 0) == 0) {
      advice = true;
      continue;
    }
    if (advice) {
      // Keep only which file failed from the reader's option dump.
      size_t at = line.find("file = ");
      if (at != std::string::npos) out += "\n" + line.substr(at);
      continue;
    }
    if (line.empty() && out.empty()) continue;
    out += (out.empty() ? "" : "\n") + line;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  // Athena's words for the errors users meet most, keeping DuckDB's hints after them.
  static const std::regex kMissingColumn(
      R"re(Binder Error: Referenced column "([^"]*)" not found in FROM clause!)re");
  out = std::regex_replace(out, kMissingColumn, "COLUMN_NOT_FOUND: Column '$1' cannot be resolved");
  static const std::regex kEndOfInput(R"re((?:Parser Error: )?syntax error at end of input)re");
  out = std::regex_replace(out, kEndOfInput,
                           "mismatched input '<EOF>': the statement ends too early");
  static const std::regex kSyntax(R"re((?:Parser Error: )?syntax error at or near "([^"]*)")re");
  out = std::regex_replace(out, kSyntax, "mismatched input '$1'");
  return files ? files->NameFiles(out) : out;
}

bool IsConversionError(const std::string& message) {
  return message.find("Conversion Error") != std::string::npos ||
         message.find("Could not convert") != std::string::npos ||
         message.find("Could not parse") != std::string::npos;
}

}  // namespace sluice::query
