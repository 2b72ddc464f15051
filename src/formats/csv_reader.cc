#include "formats/csv_reader.h"

#include <utility>

namespace sluice::formats {
namespace {

// Walks records of `text`, calling `sink.Field(text, quoted)` per field and `sink.EndRecord()`
// per complete record; `sink.DropRecord()` discards a partial last record.
template <typename Sink>
void ScanCsv(std::string_view text, const CsvDialect& dialect, size_t max_rows,
             bool sample_is_complete, Sink& sink) {
  size_t rows = 0;
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n && rows < max_rows) {
    // Skip empty lines.
    if (text[pos] == '\n' || text[pos] == '\r') {
      ++pos;
      continue;
    }
    bool record_done = false;
    while (!record_done) {
      std::string field;
      bool quoted = false;
      if (pos < n && text[pos] == dialect.quote) {
        quoted = true;
        ++pos;
        while (pos < n) {
          const char c = text[pos++];
          if (c != dialect.quote) {
            if constexpr (Sink::kNeedsText) field += c;
          } else if (pos < n && text[pos] == dialect.quote) {
            if constexpr (Sink::kNeedsText) field += c;
            ++pos;
          } else {
            break;  // the closing quote
          }
        }
      }
      const size_t start = pos;
      while (pos < n && text[pos] != dialect.delimiter && text[pos] != '\n' && text[pos] != '\r') {
        ++pos;
      }
      if constexpr (Sink::kNeedsText) field.append(text.substr(start, pos - start));
      sink.Field(std::move(field), quoted);
      if (pos >= n) {
        // End of sample: the record is whole only if the sample is the whole file.
        if (sample_is_complete) {
          sink.EndRecord();
          ++rows;
        } else {
          sink.DropRecord();
        }
        return;
      }
      const char c = text[pos++];
      if (c == '\r' && pos < n && text[pos] == '\n') ++pos;
      if (c != dialect.delimiter) record_done = true;
    }
    sink.EndRecord();
    ++rows;
  }
}

struct RecordSink {
  static constexpr bool kNeedsText = true;
  CsvRecords out;
  std::vector<std::string> row;
  void Field(std::string f, bool quoted) {
    out.any_quoted = out.any_quoted || quoted;
    row.push_back(std::move(f));
  }
  void EndRecord() { out.rows.push_back(std::exchange(row, {})); }
  void DropRecord() {
    row.clear();
    out.dropped_partial_record = true;
  }
};

struct CountSink {
  static constexpr bool kNeedsText = false;
  std::vector<size_t> counts;
  size_t fields = 0;
  void Field(const std::string&, bool) { ++fields; }
  void EndRecord() { counts.push_back(std::exchange(fields, 0)); }
  void DropRecord() { fields = 0; }
};

}  // namespace

CsvRecords ReadCsvRecords(std::string_view text, const CsvDialect& dialect, size_t max_rows,
                          bool sample_is_complete) {
  RecordSink sink;
  ScanCsv(text, dialect, max_rows, sample_is_complete, sink);
  return std::move(sink.out);
}

std::vector<size_t> CountCsvFields(std::string_view text, const CsvDialect& dialect,
                                   size_t max_rows, bool sample_is_complete) {
  CountSink sink;
  ScanCsv(text, dialect, max_rows, sample_is_complete, sink);
  return std::move(sink.counts);
}

}  // namespace sluice::formats
