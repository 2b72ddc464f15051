#include "engine/athena_functions.h"

#include <span>
#include <string>

namespace sluice::engine {
namespace {

// One specifier of a date format and its DuckDB strftime/strptime spelling.
struct FormatRule {
  std::string_view from;
  std::string_view to;
};

// MySQL's specifiers (date_format, date_parse) that DuckDB spells differently; the others
// (%Y %y %m %d %H %I %S %f %p %j %a %b %w %U) mean the same in both. %D, %V and %X have no
// DuckDB equivalent and reach DuckDB unchanged (it rejects them).
constexpr FormatRule kMySqlRules[] = {
    {"%%", "%%"},       {"%c", "%-m"}, {"%e", "%-d"}, {"%h", "%I"},          {"%i", "%M"},
    {"%k", "%-H"},      {"%l", "%-I"}, {"%M", "%B"},  {"%r", "%I:%M:%S %p"}, {"%s", "%S"},
    {"%T", "%H:%M:%S"}, {"%u", "%W"},  {"%v", "%V"},  {"%W", "%A"},          {"%x", "%G"},
};

// Joda-Time patterns (format_datetime, parse_datetime), best effort: runs of a letter, longest
// first; quoted literals only as 'T' and 'Z' (other quotes are dropped, their text kept).
constexpr FormatRule kJodaRules[] = {
    {"'T'", "T"},   {"'Z'", "Z"},   {"'", ""},        {"yyyy", "%Y"}, {"yyy", "%Y"},  {"yy", "%y"},
    {"y", "%Y"},    {"YYYY", "%Y"}, {"YY", "%y"},     {"xxxx", "%G"}, {"MMMM", "%B"}, {"MMM", "%b"},
    {"MM", "%m"},   {"M", "%-m"},   {"dd", "%d"},     {"d", "%-d"},   {"DDD", "%j"},  {"D", "%-j"},
    {"EEEE", "%A"}, {"EEE", "%a"},  {"E", "%a"},      {"e", "%u"},    {"HH", "%H"},   {"H", "%-H"},
    {"hh", "%I"},   {"h", "%-I"},   {"kk", "%H"},     {"k", "%-H"},   {"mm", "%M"},   {"m", "%-M"},
    {"ss", "%S"},   {"s", "%-S"},   {"SSSSSS", "%f"}, {"SSS", "%g"},  {"a", "%p"},    {"ZZ", "%z"},
    {"Z", "%z"},    {"zzzz", "%Z"}, {"z", "%Z"},      {"ww", "%V"},   {"w", "%V"},
};

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// An expression translating the format `arg`: each rule's pattern becomes a private-use
// character first (so no later rule sees an earlier rule's output), then its DuckDB spelling.
std::string TranslateFormat(std::string_view arg, std::span<const FormatRule> rules) {
  std::string expr(arg);
  for (size_t i = 0; i < rules.size(); ++i) {
    expr = "system.main.replace(" + expr + ", " + Quote(rules[i].from) + ", chr(" +
           std::to_string(0xE000 + i) + "))";
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    expr = "system.main.replace(" + expr + ", chr(" + std::to_string(0xE000 + i) + "), " +
           Quote(rules[i].to) + ")";
  }
  return expr;
}

// Presto's units for date_add: the interval of n units.
constexpr std::string_view kIntervalOfUnit =
    "CASE lower(unit) WHEN 'millisecond' THEN to_milliseconds(CAST(n AS BIGINT)) "
    "WHEN 'second' THEN to_seconds(CAST(n AS BIGINT)) "
    "WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT)) "
    "WHEN 'hour' THEN to_hours(CAST(n AS BIGINT)) "
    "WHEN 'day' THEN to_days(CAST(n AS INTEGER)) "
    "WHEN 'week' THEN to_weeks(CAST(n AS INTEGER)) "
    "WHEN 'month' THEN to_months(CAST(n AS INTEGER)) "
    "WHEN 'quarter' THEN to_months(CAST(3 * n AS INTEGER)) "
    "WHEN 'year' THEN to_years(CAST(n AS INTEGER)) "
    "ELSE error('date_add: unknown unit ''' || unit || ''' (use millisecond, second, minute, "
    "hour, day, week, month, quarter or year)') END";

// Macros in definition order (later ones may use earlier ones). Each is "name(params) AS body"
// with optional further ", (params) AS body" overloads.
std::string BuildSql() {
  const std::string mysql = TranslateFormat("f", kMySqlRules);
  const std::string joda = TranslateFormat("f", kJodaRules);
  const std::string macros[] = {
      // Date and time.
      "sluice_mysql_format(f) AS " + mysql,
      "sluice_joda_format(f) AS " + joda,
      // DuckDB binds a macro's body when it is created, its parameters unknown, and strptime
      // insists on a constant format then; a lambda's body is bound only when used.
      "date_parse(s, f) AS list_transform([s], "
      "sluice_s -> strptime(sluice_s, sluice_mysql_format(f)))[1]",
      "date_format(t, f) AS strftime(t, sluice_mysql_format(f))",
      "parse_datetime(s, f) AS list_transform([s], "
      "sluice_s -> strptime(sluice_s, sluice_joda_format(f)))[1]",
      "format_datetime(t, f) AS strftime(t, sluice_joda_format(f))",
      "from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)",
      "from_iso8601_timestamp_nanos(s) AS CAST(s AS TIMESTAMPTZ)",
      "from_iso8601_date(s) AS CAST(s AS DATE)",
      "to_iso8601(t) AS CASE WHEN typeof(t) = 'DATE' THEN strftime(t, '%Y-%m-%d') "
      "WHEN typeof(t) = 'TIMESTAMP WITH TIME ZONE' "
      "THEN strftime(timezone('UTC', t), '%Y-%m-%dT%H:%M:%S.%g') || 'Z' "
      "ELSE strftime(t, '%Y-%m-%dT%H:%M:%S.%g') END",
      "from_unixtime(x) AS to_timestamp(CAST(x AS DOUBLE))",
      "to_unixtime(t) AS epoch(t)",
      // Truncating to the day (for a date) or the microsecond (for a timestamp) gives back the
      // input's own type: DuckDB's DATE + INTERVAL is a TIMESTAMP, Presto's is a DATE.
      "date_add(a, b) AS system.main.date_add(a, b), "
      "(unit, n, t) AS system.main.date_trunc(CASE typeof(t) WHEN 'DATE' THEN 'day' "
      "ELSE 'microseconds' END, t + (" +
          std::string(kIntervalOfUnit) + "))",
      "date_diff(unit, a, b) AS date_sub(lower(unit), a, b)",
      // DuckDB gives a DATE for day-or-coarser units; the never-taken branch makes the result
      // t's own type (a DATE widens to t's TIMESTAMP).
      "date_trunc(unit, t) AS CASE WHEN false THEN t ELSE system.main.date_trunc(unit, t) END",
      "day_of_week(t) AS isodow(t)",
      "dow(t) AS isodow(t)",
      "day_of_month(t) AS day(t)",
      "day_of_year(t) AS dayofyear(t)",
      "doy(t) AS dayofyear(t)",
      "week_of_year(t) AS week(t)",
      "year_of_week(t) AS isoyear(t)",
      "yow(t) AS isoyear(t)",
      "last_day_of_month(t) AS last_day(t)",
      "millisecond(t) AS system.main.millisecond(t) % 1000",
      "at_timezone(t, zone) AS timezone(zone, CAST(t AS TIMESTAMPTZ))",
      "with_timezone(t, zone) AS timezone(zone, CAST(t AS TIMESTAMP))",
      "current_timezone() AS current_setting('TimeZone')",
      // Aggregates.
      "approx_distinct(x) AS approx_count_distinct(x), (x, e) AS approx_count_distinct(x)",
      "approx_percentile(x, p) AS approx_quantile(x, p)",
      "every(x) AS bool_and(x)",
      // Presto keeps the first value of a repeated key (DuckDB's map() rejects repeats).
      "map_agg(k, v) AS map_from_entries(list_filter("
      "list({'key': k, 'value': v}) FILTER (WHERE k IS NOT NULL), (e, i) -> list_position("
      "list_transform(list({'key': k, 'value': v}) FILTER (WHERE k IS NOT NULL), y -> y.key), "
      "e.key) = i))",
      "bitwise_and_agg(x) AS bit_and(x)",
      "bitwise_or_agg(x) AS bit_or(x)",
      "bitwise_xor_agg(x) AS bit_xor(x)",
      // Arrays and maps.
      "element_at(c, k) AS c[k]",
      "cardinality(c) AS CASE json_type(to_json(c)) WHEN 'ARRAY' THEN "
      "json_array_length(to_json(c)) ELSE len(json_keys(to_json(c))) END",
      // Defaults, not overloads: string_agg wants a constant separator (see date_parse).
      "array_join(a, sep := ',', null_text := NULL) AS array_to_string("
      "list_transform(a, e -> coalesce(CAST(e AS VARCHAR), null_text)), sep)",
      "array_max(a) AS list_max(a)",
      "array_min(a) AS list_min(a)",
      "array_distinct(a) AS list_filter(a, (e, i) -> list_position(a, e) = i)",
      "array_union(a, b) AS array_distinct(list_concat(a, b))",
      "array_except(a, b) AS list_filter(array_distinct(a), e -> NOT list_contains(b, e))",
      "array_position(a, x) AS CASE WHEN a IS NOT NULL THEN "
      "coalesce(system.main.array_position(a, x), 0) END",
      "array_remove(a, x) AS list_filter(a, e -> e IS DISTINCT FROM x)",
      "array_sort_desc(a) AS list_reverse_sort(a)",
      "arrays_overlap(a, b) AS list_has_any(a, b)",
      "sequence(a, b) AS generate_series(a, b), (a, b, step) AS generate_series(a, b, step)",
      "slice(a, start, n) AS list_slice(a, start, start + n - 1)",
      "zip(a, b) AS list_zip(a, b)",
      // Strings and regular expressions.
      "split_part(s, sep, i) AS CASE WHEN i <= len(string_split(s, sep)) "
      "THEN system.main.split_part(s, sep, i) END",
      "split_to_map(s, entry_sep, key_sep) AS map_from_entries(list_transform("
      "string_split(s, entry_sep), e -> {'key': system.main.split_part(e, key_sep, 1), "
      "'value': e[len(system.main.split_part(e, key_sep, 1)) + len(key_sep) + 1:]}))",
      "replace(s, f) AS system.main.replace(s, f, ''), "
      "(s, f, r) AS system.main.replace(s, f, r)",
      "regexp_like(s, p) AS regexp_matches(s, p)",
      "regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) "
      "THEN system.main.regexp_extract(s, p) END, "
      "(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p, g) END",
      "regexp_replace(s, p) AS system.main.regexp_replace(s, p, '', 'g'), "
      "(s, p, r) AS system.main.regexp_replace(s, p, "
      "system.main.regexp_replace(r, '\\$(\\d)', '\\\\\\1', 'g'), 'g')",
      "regexp_split(s, p) AS regexp_split_to_array(s, p)",
      "regexp_count(s, p) AS len(regexp_extract_all(s, p))",
      "codepoint(c) AS unicode(c)",
      "levenshtein_distance(a, b) AS levenshtein(a, b)",
      "hamming_distance(a, b) AS hamming(a, b)",
      "normalize(s) AS nfc_normalize(s)",
      "to_utf8(s) AS encode(s)",
      "from_utf8(b) AS decode(b)",
      // URLs: RFC 3986's parts by regular expression; NULL when the part is absent.
      "url_extract_protocol(u) AS nullif(system.main.regexp_extract(u, "
      "'^([a-zA-Z][a-zA-Z0-9+.-]*):', 1), '')",
      "url_extract_host(u) AS nullif(system.main.regexp_extract(u, "
      "'^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?(\\[[^\\]]*\\]|[^:/?#]*)', 1), '')",
      "url_extract_port(u) AS CAST(nullif(system.main.regexp_extract(u, "
      "'^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?(?:\\[[^\\]]*\\]|[^:/?#]*):([0-9]+)', 1), '') "
      "AS BIGINT)",
      "url_extract_path(u) AS system.main.regexp_extract(u, "
      "'^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?(?://[^/?#]*)?([^?#]*)', 1)",
      "url_extract_query(u) AS CASE WHEN regexp_matches(u, '^[^#]*\\?') THEN "
      "system.main.regexp_extract(u, '^[^?#]*\\?([^#]*)', 1) END",
      "url_extract_fragment(u) AS CASE WHEN contains(u, '#') THEN "
      "system.main.regexp_extract(u, '#(.*)$', 1) END",
      "url_extract_parameter(u, name) AS CASE WHEN regexp_matches(u, "
      "'^[^#]*[?&]' || regexp_escape(name) || '(=|&|#|$)') THEN system.main.regexp_extract(u, "
      "'^[^#]*[?&]' || regexp_escape(name) || '=?([^&#]*)', 1) END",
      // JSON.
      "json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) NOT IN "
      "('OBJECT', 'ARRAY') THEN json_extract_string(j, p) END",
      "json_parse(s) AS json(s)",
      "json_format(j) AS CAST(j AS VARCHAR)",
      "json_size(j, p) AS CASE json_type(json_extract(j, p)) WHEN 'ARRAY' THEN "
      "json_array_length(j, p) WHEN 'OBJECT' THEN len(json_keys(j, p)) ELSE 0 END",
      "json_array_get(j, i) AS json_extract(j, '$[' || CAST(i AS VARCHAR) || ']')",
      "json_array_contains(j, v) AS list_contains(list_transform(CAST(j AS JSON[]), "
      "e -> json_extract_string(e, '$')), CAST(v AS VARCHAR))",
      // Numbers.
      "is_nan(x) AS isnan(x)",
      "is_finite(x) AS isfinite(x)",
      "is_infinite(x) AS isinf(x)",
      "nan() AS CAST('NaN' AS DOUBLE)",
      "infinity() AS CAST('Infinity' AS DOUBLE)",
      "e() AS exp(1)",
      "truncate(x) AS trunc(x)",
      "rand() AS random(), (n) AS CAST(floor(random() * n) AS BIGINT)",
      "bitwise_and(a, b) AS (a & b)",
      "bitwise_or(a, b) AS (a | b)",
      "bitwise_xor(a, b) AS xor(a, b)",
      "bitwise_not(a) AS (~a)",
  };
  std::string sql;
  for (const std::string& m : macros) sql += "CREATE OR REPLACE MACRO " + m + ";\n";
  return sql;
}

}  // namespace

std::string_view AthenaCompatibilitySql() {
  static const std::string sql = BuildSql();
  return sql;
}

}  // namespace sluice::engine
