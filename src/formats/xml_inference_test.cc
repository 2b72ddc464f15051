#include "formats/xml_inference.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::formats {
namespace {

XmlInference Infer(std::string_view sample, std::string_view row_tag, bool complete = true,
                   const ValueTypeOptions& options = {}) {
  Result<XmlInference> r = InferXmlSchema(sample, row_tag, complete, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : XmlInference{};
}

// "name:type name:type ..."
std::string Schema(const XmlInference& r) {
  std::string out;
  for (const Column& c : r.columns)
    out += (out.empty() ? "" : " ") + c.name + ":" + c.type.ToString();
  return out;
}

constexpr std::string_view kCatalog = R"(<?xml version="1.0" encoding="UTF-8"?>
<catalog>
  <!-- two books, the second without a founding year but with a rating -->
  <book id="bk101" available="true">
    <author>Gambardella, Matthew</author>
    <title>XML Developer's Guide</title>
    <price currency="USD">44.95</price>
    <published>2000-10-01</published>
    <tag>xml</tag>
    <tag>guide</tag>
    <publisher><name>Wrox</name><city>Chicago</city><founded>1992</founded></publisher>
  </book>
  <book id="bk102" available="false">
    <author>Ralls, Kim</author>
    <title><![CDATA[Midnight <Rain>]]></title>
    <price currency="EUR">5</price>
    <published>2000-12-16</published>
    <tag>fantasy</tag>
    <publisher><name>Orbit</name><city>London</city></publisher>
    <rating>4</rating>
  </book>
</catalog>
)";

constexpr std::string_view kCatalogSchema =
    "_id:string _available:boolean author:string title:string "
    "price:struct<_currency:string,_VALUE:double> published:date tag:array<string> "
    "publisher:struct<name:string,city:string,founded:bigint> rating:bigint";

TEST(XmlInferenceTest, NestedRepeatedAndAttributeBearingRows) {
  XmlInference r = Infer(kCatalog, "book");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.rows, 2u);
  EXPECT_EQ(r.row_tag, "book");
  EXPECT_EQ(r.row_tag_reason, "given");
  EXPECT_FALSE(r.cut_at_last_row);
  EXPECT_EQ(Schema(r), kCatalogSchema);
  EXPECT_EQ(r.reason, "2 <book> rows found (row tag given)");
  EXPECT_EQ(r.table_parameters.at("classification"), "xml");
  EXPECT_EQ(r.table_parameters.at("rowTag"), "book");
}

TEST(XmlInferenceTest, EmptyRowTagChoosesTheMostFrequentChildOfTheRoot) {
  XmlInference r = Infer(kCatalog, "");
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.row_tag, "book");
  EXPECT_EQ(r.row_tag_reason,
            "chosen as the most frequent child element of the root <catalog> (2 of 2 child "
            "elements)");
  EXPECT_EQ(Schema(r), kCatalogSchema);
  EXPECT_EQ(r.table_parameters.at("rowTag"), "book");

  XmlInference mixed = Infer(
      "<feed><title>t</title><entry><n>1</n></entry><entry><n>2</n></entry>"
      "<updated>x</updated></feed>",
      "");
  EXPECT_EQ(mixed.row_tag, "entry");
  EXPECT_NE(mixed.row_tag_reason.find("(2 of 4 child elements)"), std::string::npos);
  EXPECT_EQ(Schema(mixed), "n:bigint");
}

TEST(XmlInferenceTest, GlueCompatibleValueTypesKeepDatesAsStrings) {
  ValueTypeOptions glue;
  glue.infer_temporal = false;
  XmlInference r = Infer(kCatalog, "book", true, glue);
  EXPECT_NE(Schema(r).find("published:string"), std::string::npos) << Schema(r);
}

TEST(XmlInferenceTest, RowsAnywhereInTheDocument) {
  XmlInference r = Infer(
      "<root><section><item><v>1</v></item></section>"
      "<section><sub><item><v>2</v><item><v>x</v></item></item></sub></section>"
      "<item><v>3.5</v></item></root>",
      "item");
  EXPECT_EQ(r.rows, 3u);  // the item inside an item is part of its row
  EXPECT_EQ(Schema(r), "v:double item:struct<v:string>");
}

TEST(XmlInferenceTest, SelfClosingRowsWithAttributes) {
  XmlInference r = Infer("<rows><row a=\"1\" b=\"x\"/><row a=\"2.5\"/><row/></rows>", "row");
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_EQ(r.rows, 3u);
  EXPECT_EQ(Schema(r), "_a:double _b:string");
}

TEST(XmlInferenceTest, SingleAndRepeatedChildMergeToArray) {
  XmlInference r = Infer(
      "<r><row><phone>1</phone></row><row><phone>2</phone><phone>3</phone></row>"
      "<row><phone>4</phone></row></r>",
      "row");
  EXPECT_EQ(Schema(r), "phone:array<bigint>");
}

TEST(XmlInferenceTest, TextAndStructMergeWithValueField) {
  XmlInference r = Infer("<r><row><w>3</w></row><row><w unit=\"kg\">4.5</w></row></r>", "row");
  EXPECT_EQ(Schema(r), "w:struct<_VALUE:double,_unit:string>");
  // Mixed content: text beside child elements.
  XmlInference mixed = Infer("<r><row><p>Hello <b>world</b>!</p></row></r>", "row");
  EXPECT_EQ(Schema(mixed), "p:struct<b:string,_VALUE:string>");
}

TEST(XmlInferenceTest, TextOnlyRowsAndEmptyElements) {
  XmlInference r = Infer("<list><item>1</item><item>2</item></list>", "item");
  EXPECT_EQ(Schema(r), "_value:bigint");
  XmlInference empty = Infer("<list><item><a/><b></b><c> </c><d>1</d></item></list>", "item");
  EXPECT_EQ(Schema(empty), "a:string b:string c:string d:bigint");
  EXPECT_EQ(empty.record_type.fields()[0].type.kind(), TypeKind::kNull);
}

TEST(XmlInferenceTest, NamespacesKeepPrefixesAndDeclarationsAreNotColumns) {
  XmlInference r = Infer(
      "<rdf xmlns=\"urn:x\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<rec xmlns:x=\"urn:y\" x:id=\"7\"><dc:creator>Ann</dc:creator></rec></rdf>",
      "rec");
  EXPECT_EQ(Schema(r), "_x:id:bigint dc:creator:string");
}

TEST(XmlInferenceTest, CaseOfNamesIsMergedAndColumnsAreLowerCased) {
  XmlInference r =
      Infer("<r><row><Name>a</Name></row><row><NAME>b</NAME><Age>3</Age></row></r>", "row");
  EXPECT_EQ(Schema(r), "name:string age:bigint");
}

TEST(XmlInferenceTest, TruncatedSampleIsCutAfterTheLastCompleteRow) {
  const std::string sample =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [ <!ENTITY e \"x\"> ]>\n"
      "<catalog><shelf>"
      "<book id=\"1\" note=\"a>b\"><title>A</title><!-- </book> --></book>"
      "<book id=\"2\"><title><![CDATA[</book>]]></title><pages>12</pages></book>"
      "</shelf><shelf>"
      "<book id=\"3\"><title>C</title><pages>not a n";
  XmlInference cut = Infer(sample, "book", /*complete=*/false);
  EXPECT_EQ(cut.certainty, 1.0) << cut.reason;
  EXPECT_TRUE(cut.cut_at_last_row);
  EXPECT_EQ(cut.rows, 2u);
  EXPECT_EQ(Schema(cut), "_id:bigint _note:string title:string pages:bigint");
  EXPECT_NE(cut.reason.find("cut after its last complete row"), std::string::npos) << cut.reason;

  // The built-in classifier (no row tag) cuts after the last complete child of the root.
  XmlInference chosen = Infer(sample, "", false);
  EXPECT_EQ(chosen.certainty, 1.0) << chosen.reason;
  EXPECT_EQ(chosen.row_tag, "shelf");
  EXPECT_EQ(chosen.rows, 1u);

  // The same text claimed to be a whole file is not XML.
  XmlInference whole = Infer(sample, "book", /*complete=*/true);
  EXPECT_EQ(whole.certainty, 0.0);
  EXPECT_NE(whole.reason.find("not well-formed XML"), std::string::npos) << whole.reason;
}

TEST(XmlInferenceTest, TruncatedSampleWithoutACompleteRow) {
  XmlInference r = Infer("<catalog><book id=\"1\"><title>A</ti", "book", false);
  EXPECT_EQ(r.certainty, 0.0);
  EXPECT_NE(r.reason.find("no complete <book> element (read more of the file)"), std::string::npos)
      << r.reason;
  XmlInference cut_in_tag = Infer("<catalog><book id=\"1\"></book><book id=\"2", "book", false);
  EXPECT_EQ(cut_in_tag.certainty, 1.0) << cut_in_tag.reason;
  EXPECT_EQ(cut_in_tag.rows, 1u);
}

TEST(XmlInferenceTest, CompleteSampleIsParsedAsIsEvenWhenNotMarkedComplete) {
  XmlInference r = Infer(kCatalog, "book", /*complete=*/false);
  EXPECT_EQ(r.certainty, 1.0);
  EXPECT_FALSE(r.cut_at_last_row);
  EXPECT_EQ(r.rows, 2u);
}

TEST(XmlInferenceTest, NonXmlInputHasCertaintyZero) {
  XmlInference csv = Infer("id,name\n1,apple\n", "row");
  EXPECT_EQ(csv.certainty, 0.0);
  EXPECT_EQ(csv.reason, "not XML: the sample does not start with '<'");
  EXPECT_EQ(Infer("{\"a\": 1}\n", "").certainty, 0.0);
  EXPECT_EQ(Infer("", "").certainty, 0.0);
  XmlInference broken = Infer("<a><b></a>", "b");
  EXPECT_EQ(broken.certainty, 0.0);
  EXPECT_NE(broken.reason.find("not well-formed XML: "), std::string::npos) << broken.reason;
  EXPECT_NE(broken.reason.find("at offset"), std::string::npos) << broken.reason;
  XmlInference html_ish = Infer("<<<>>>", "", false);
  EXPECT_EQ(html_ish.certainty, 0.0);
  EXPECT_TRUE(html_ish.table_parameters.empty());
}

TEST(XmlInferenceTest, NoRowsFound) {
  XmlInference r = Infer(kCatalog, "record");
  EXPECT_EQ(r.certainty, 0.0);
  EXPECT_EQ(r.reason, "no <record> element in the sample");
  XmlInference leaf = Infer("<only>text</only>", "");
  EXPECT_EQ(leaf.certainty, 0.0);
  EXPECT_EQ(leaf.reason,
            "the root element <only> has no child elements to use as rows (give a RowTag)");
}

TEST(XmlInferenceTest, InvalidRowTagIsInvalidInput) {
  for (std::string_view tag : {"<row>", "a b", "row/", "1row"}) {
    Result<XmlInference> r = InferXmlSchema("<a/>", tag, true);
    ASSERT_FALSE(r.ok()) << tag;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(r.status().message().find("without '<' and '>'"), std::string::npos);
  }
}

TEST(XmlInferenceTest, DeepNestingInsideARowIsBounded) {
  std::string sample = "<r><row>";
  for (int i = 0; i < 500; ++i) sample += "<n>";
  sample += "1";
  for (int i = 0; i < 500; ++i) sample += "</n>";
  sample += "</row></r>";
  XmlInference r = Infer(sample, "row");
  EXPECT_EQ(r.certainty, 1.0);
  ASSERT_EQ(r.columns.size(), 1u);
  // kMaxXmlRowDepth levels of struct, then string.
  std::string expected = "string";
  for (int i = 0; i < kMaxXmlRowDepth; ++i) expected = "struct<n:" + expected + ">";
  EXPECT_EQ(r.columns[0].type.ToString(), expected);
}

}  // namespace
}  // namespace sluice::formats
