// XML classification and schema inference from a sample of a file, as Glue's XML classifier
// (RowTag) does it, with the column conventions of spark-xml, the reader Glue ETL uses.
//
// Rows are the elements named `row_tag` anywhere in the document; a row-tag element inside a row
// is part of that row. Each row becomes one struct:
//   attribute a="v"                    -> field "_a" (spark-xml's attribute prefix); namespace
//                                         declarations (xmlns, xmlns:p) are not fields
//   child <c>v</c>                     -> field "c", typed from its text
//   child repeated in one parent       -> field "c" of type array<...>
//   child with attributes or children  -> struct<...>; its own text, if any, in field "_VALUE"
//   empty child <c/>                   -> the unknown type (string in `columns`)
// Element names keep their namespace prefix ("dc:title"). Text is trimmed of XML whitespace and
// typed with InferValueType (value_types.h). Rows merge with the lattice (type_lattice.h) plus
// spark-xml's two rules: a field that is an array in some rows and single in others is an array,
// and a field that is a struct in some rows and plain text in others is the struct, its text in
// "_VALUE". Self-closing rows (<row a="1"/>) are rows, although Glue's classifier skips them.
//
// With an empty `row_tag` (the built-in classifier) the row tag is the most frequent element name
// among the root's children (the first seen wins a tie); `row_tag_reason` says so.
//
// A sample that is not the whole file is cut after the last complete row (for an empty row_tag:
// the last complete child of the root) and the elements still open there are closed, so the
// partial row is dropped and everything before it parses. Comments, CDATA, processing
// instructions and the DOCTYPE are skipped when looking for that point.
//
// Certainty is binary like Glue's: 1.0 when at least one row is found, else 0.0 with the reason.
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "formats/glue_type.h"
#include "formats/value_types.h"

namespace sluice::formats {

// Elements nested deeper than this below a row are typed string (their content is not read).
inline constexpr int kMaxXmlRowDepth = 32;

struct XmlInference {
  double certainty = 0.0;
  std::string reason;            // why this certainty, for the crawl log
  std::string row_tag;           // as given, or chosen when none was given
  std::string row_tag_reason;    // "given", or how it was chosen
  size_t rows = 0;               // row elements found
  bool cut_at_last_row = false;  // the sample was truncated and cut after its last complete row
  GlueType record_type;          // the merged struct of all rows, before resolution
  std::vector<Column> columns;   // its fields: lower-cased names, catalog-ready types
  // When certainty is 1.0: classification=xml, rowTag=<tag>.
  std::map<std::string, std::string> table_parameters;
};

// Returns InvalidInput when `row_tag` is not an element name (e.g. "<row>": give it without the
// angle brackets). A sample that is not XML, or holds no row, is a result with certainty 0.0.
Result<XmlInference> InferXmlSchema(std::string_view sample, std::string_view row_tag,
                                    bool sample_is_complete,
                                    const ValueTypeOptions& value_options = {});

}  // namespace sluice::formats
