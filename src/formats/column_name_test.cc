#include "formats/column_name.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::formats {
namespace {

TEST(ColumnNameTest, LowerAsciiLeavesUtf8Alone) {
  EXPECT_EQ(LowerAscii("UserID"), "userid");
  EXPECT_EQ(LowerAscii("Ünïcode"), "Ünïcode");  // only ASCII letters change
}

TEST(ColumnNameTest, NormalizesHeaderCells) {
  EXPECT_EQ(NormalizeColumnName("First Name"), "first_name");
  EXPECT_EQ(NormalizeColumnName("  Price ($) "), "price");
  EXPECT_EQ(NormalizeColumnName("order-id"), "order_id");
  EXPECT_EQ(NormalizeColumnName("_id"), "_id");
  EXPECT_EQ(NormalizeColumnName("a..b"), "a_b");
  EXPECT_EQ(NormalizeColumnName("2020"), "2020");
  EXPECT_EQ(NormalizeColumnName("café"), "caf");
  EXPECT_EQ(NormalizeColumnName("%%%"), "");
  EXPECT_EQ(NormalizeColumnName(std::string(300, 'a')).size(), 255u);
}

TEST(ColumnNameTest, PositionalNamesAreZeroBased) {
  EXPECT_EQ(PositionalColumnName(0), "col0");
  EXPECT_EQ(PositionalColumnName(17), "col17");
}

TEST(ColumnNameTest, ValidGlueNames) {
  EXPECT_TRUE(IsValidGlueColumnName("first name"));
  EXPECT_TRUE(IsValidGlueColumnName("a\tb"));
  EXPECT_FALSE(IsValidGlueColumnName(""));
  EXPECT_FALSE(IsValidGlueColumnName("a\nb"));
  EXPECT_FALSE(IsValidGlueColumnName(std::string(256, 'a')));
}

TEST(ColumnNameTest, MakesNamesUnique) {
  std::vector<std::string> names = {"a", "", "a", "a_2", "a", "col1"};
  MakeColumnNamesUnique(names);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "col1", "a_3", "a_2", "a_4", "col1_2"}));
}

}  // namespace
}  // namespace sluice::formats
