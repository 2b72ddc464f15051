#include "query/result_csv.h"

namespace sluice::query {

void AppendCsvRow(const CsvRow& row, std::string& out) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += ',';
    if (!row[i]) continue;
    out += '"';
    for (char c : *row[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += '\n';
}

std::optional<CsvRow> ReadCsvRow(std::string_view text, size_t* pos) {
  CsvRow row;
  size_t i = *pos;
  while (true) {
    if (i >= text.size()) return std::nullopt;
    if (text[i] == '"') {
      std::string value;
      ++i;
      while (true) {
        if (i >= text.size()) return std::nullopt;
        if (text[i] == '"') {
          if (i + 1 >= text.size()) return std::nullopt;  // cannot tell "" from the end yet
          if (text[i + 1] == '"') {
            value += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        value += text[i++];
      }
      row.push_back(std::move(value));
    } else {
      // An unquoted field: NULL (Athena writes nothing); tolerate stray text up to the separator.
      size_t start = i;
      while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
      if (i >= text.size()) return std::nullopt;
      if (i > start) {
        row.push_back(std::string(text.substr(start, i - start)));
      } else {
        row.push_back(std::nullopt);
      }
    }
    if (i >= text.size()) return std::nullopt;
    if (text[i] == ',') {
      ++i;
      continue;
    }
    if (text[i] == '\n') {
      *pos = i + 1;
      return row;
    }
    // Text after a closing quote: keep reading it into the next field.
  }
}

}  // namespace sluice::query
