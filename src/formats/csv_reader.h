// CsvReader: splits a CSV sample into records of fields (RFC 4180 quoting).
//
// A field that starts with the quote character is quoted: delimiters, CR and LF inside it are
// data and a doubled quote is one quote. Text after a closing quote up to the next delimiter is
// kept as-is (lenient, like most readers). A quote inside an unquoted field is data. Records end
// at LF, CRLF or a lone CR outside quotes; empty lines are skipped. The sample may end inside a
// record: unless the sample holds the whole file, that partial record is dropped. Pure and
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::formats {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
};

struct CsvRecords {
  std::vector<std::vector<std::string>> rows;
  bool any_quoted = false;              // some field was quoted
  bool dropped_partial_record = false;  // the sample ended inside a record, which was dropped
};

// Reads at most `max_rows` records of `text`. `sample_is_complete`: `text` is the whole file, so
// a last record without a line ending is kept (an unclosed quote then runs to the end).
CsvRecords ReadCsvRecords(std::string_view text, const CsvDialect& dialect, size_t max_rows,
                          bool sample_is_complete);

// The number of fields in each of the first `max_rows` records, without keeping the fields.
std::vector<size_t> CountCsvFields(std::string_view text, const CsvDialect& dialect,
                                   size_t max_rows, bool sample_is_complete);

}  // namespace sluice::formats
