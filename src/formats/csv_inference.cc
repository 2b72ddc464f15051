#include "formats/csv_inference.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "formats/column_name.h"
#include "formats/csv_delimiter.h"
#include "formats/csv_reader.h"
#include "formats/type_lattice.h"
#include "formats/value_types.h"

namespace sluice::formats {

constexpr size_t kDelimiterRows = 200;
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr size_t kMinDataRows = 2;

Status ValidateOptions(const CsvOptions& options) {
  if (options.max_records == 0) return Status::InvalidInput("CSV max_records must be at least 1");
  auto is_line_break = [](char c) { return c == '\n' || c == '\r'; };
  if (is_line_break(options.quote)) {
    return Status::InvalidInput("CSV quote character must not be a line break");
  }
  if (options.delimiter) {
    if (is_line_break(*options.delimiter)) {
      return Status::InvalidInput("CSV delimiter must not be a line break");
    }
    if (*options.delimiter == options.quote) {
      return Status::InvalidInput("CSV delimiter and quote character must differ (both " +
                                  CsvDelimiterName(options.quote) + ")");
    }
  }
  return Status::OK();
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

CsvInference NotCsv(CsvInference result, std::string reason) {
  result.certainty = 0.0;
  result.reason = "not csv: " + std::move(reason);
  result.columns.clear();
  result.table_parameters.clear();
  return result;
}

// The type of each of `column_count` columns over rows[begin, end).
std::vector<GlueType> ColumnTypes(const std::vector<std::vector<std::string>>& rows, size_t begin,
                                  size_t end, size_t column_count, const CsvOptions& options,
                                  const ValueTypeOptions& value_options) {
  std::vector<GlueType> types(column_count);
  for (size_t r = begin; r < end; ++r) {
    for (size_t i = 0; i < rows[r].size(); ++i) {
      if (types[i].kind() == TypeKind::kString) continue;  // the top: nothing can widen it
      const std::string& raw = rows[r][i];
      std::string_view cell = options.trim_values ? TrimBlanks(raw) : std::string_view(raw);
      GlueType type = InferValueType(cell, value_options);
      // Most cells repeat their column's type: a scalar meeting itself needs no widening.
      if (type.kind() == types[i].kind() && type.kind() != TypeKind::kDecimal) continue;
      types[i] = Widen(types[i], type);
    }
  }
  return types;
}

std::vector<std::string> ColumnNames(const std::vector<std::string>* header, size_t count) {
  std::vector<std::string> names(count);
  if (header != nullptr) {
    for (size_t i = 0; i < header->size() && i < count; ++i) {
      names[i] = NormalizeColumnName((*header)[i]);
    }
  }
  MakeColumnNamesUnique(names);
  return names;
}

}  // namespace

Result<CsvInference> InferCsvSchema(std::string_view sample, const CsvOptions& options) {
  RETURN_NOT_OK(ValidateOptions(options));
  CsvInference result;
  if (sample.substr(0, kUtf8Bom.size()) == kUtf8Bom) sample.remove_prefix(kUtf8Bom.size());
  if (IsBlank(sample)) return NotCsv(std::move(result), "the sample is empty");
  if (sample.find('\0') != std::string_view::npos) {
    return NotCsv(std::move(result), "the sample contains NUL bytes (binary data)");
  }

  // Data records plus a possible header (without overflowing a "no limit" SIZE_MAX).
  const size_t max_rows = options.max_records + (options.max_records < SIZE_MAX ? 1 : 0);
  if (options.delimiter) {
    result.delimiter = *options.delimiter;
    result.delimiter_reason = "delimiter " + CsvDelimiterName(result.delimiter) +
                              ": set by the "
                              "options";
  } else {
    // The delimiter shows in the first records already; judging it on 200 keeps the five
    // candidate scans cheap (records are then read once, with the chosen one).
    CsvDelimiterChoice choice =
        ChooseCsvDelimiter(sample, options.quote, std::min<size_t>(max_rows, kDelimiterRows),
                           options.sample_is_complete, options.allow_single_column);
    result.delimiter = choice.delimiter;
    result.delimiter_reason = choice.reason;
    if (!choice.found) return NotCsv(std::move(result), choice.reason);
  }

  CsvRecords records = ReadCsvRecords(sample, CsvDialect{result.delimiter, options.quote}, max_rows,
                                      options.sample_is_complete);
  const auto& rows = records.rows;
  if (rows.empty()) return NotCsv(std::move(result), "the sample holds no complete record");
  result.quoted = records.any_quoted;
  size_t column_count = 0;
  for (const auto& row : rows) column_count = std::max(column_count, row.size());

  const ValueTypeOptions value_options{.infer_temporal = !options.glue_compatible,
                                       .leading_zero_is_string = !options.glue_compatible};
  std::vector<GlueType> types =
      ColumnTypes(rows, 1, rows.size(), column_count, options, value_options);

  CsvHeaderDecision header =
      DecideCsvHeader(rows, types,
                      CsvHeaderOptions{.mode = options.header,
                                       .glue_compatible = options.glue_compatible,
                                       .trim_values = options.trim_values,
                                       .value_types = value_options});
  result.has_header = header.has_header;
  result.header_reason = std::move(header.reason);
  if (!result.has_header) {
    // Without a header the first record is data, and one record was read beyond max_records.
    const size_t end = std::min(rows.size(), options.max_records);
    types = ColumnTypes(rows, 0, end, column_count, options, value_options);
    result.data_rows = end;
  } else {
    result.data_rows = rows.size() - 1;
  }

  const std::vector<std::string> names =
      ColumnNames(result.has_header ? &rows[0] : nullptr, column_count);
  for (size_t i = 0; i < column_count; ++i) {
    result.columns.push_back({names[i], ResolveForCatalog(types[i])});
  }

  if (column_count < 2 && !options.allow_single_column) {
    return NotCsv(std::move(result),
                  "only 1 column (single-column files need "
                  "allow_single_column)");
  }
  if (result.data_rows < kMinDataRows) {
    std::string reason =
        std::to_string(result.data_rows) + " data row(s); Glue's CSV classifier needs at least 2";
    return NotCsv(std::move(result), std::move(reason));
  }
  result.certainty = 1.0;
  result.reason = "csv: " + std::to_string(column_count) + " columns, " +
                  std::to_string(result.data_rows) + " data rows sampled";
  result.table_parameters["classification"] = "csv";
  result.table_parameters["delimiter"] = std::string(1, result.delimiter);
  result.table_parameters["columnsOrdered"] = "true";
  if (result.has_header) result.table_parameters["skip.header.line.count"] = "1";
  if (result.quoted) result.table_parameters["areColumnsQuoted"] = "true";
  return result;
}

}  // namespace sluice::formats
