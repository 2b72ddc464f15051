// Recursive-descent parser for partition expressions (PartitionFilter::Compile).
#include <algorithm>
#include <string>
#include <utility>

#include "catalog/partition_expr.h"
#include "catalog/partition_expr_lexer.h"

namespace sluice::catalog {
namespace {

using expr_internal::Abbreviate;
using expr_internal::EqualsIgnoreCase;
using expr_internal::ExprLexer;
using expr_internal::ExprToken;
using expr_internal::ExprTokenKind;
using expr_internal::IsReservedWord;

bool IsComparison(ExprTokenKind k) { return k >= ExprTokenKind::kEq && k <= ExprTokenKind::kGe; }

PredicateOp ComparisonOp(ExprTokenKind k) {
  switch (k) {
    case ExprTokenKind::kNe:
      return PredicateOp::kNe;
    case ExprTokenKind::kLt:
      return PredicateOp::kLt;
    case ExprTokenKind::kLe:
      return PredicateOp::kLe;
    case ExprTokenKind::kGt:
      return PredicateOp::kGt;
    case ExprTokenKind::kGe:
      return PredicateOp::kGe;
    default:
      return PredicateOp::kEq;
  }
}

// `value op key` is `key Mirror(op) value`.
PredicateOp Mirror(PredicateOp op) {
  switch (op) {
    case PredicateOp::kLt:
      return PredicateOp::kGt;
    case PredicateOp::kLe:
      return PredicateOp::kGe;
    case PredicateOp::kGt:
      return PredicateOp::kLt;
    case PredicateOp::kGe:
      return PredicateOp::kLe;
    default:
      return op;
  }
}

std::string_view TypeHint(PartitionKeyType type) {
  switch (type) {
    case PartitionKeyType::kString:
      return "any text";
    case PartitionKeyType::kTinyInt:
      return "a whole number from -128 to 127";
    case PartitionKeyType::kSmallInt:
      return "a whole number from -32768 to 32767";
    case PartitionKeyType::kInt:
      return "a whole number from -2147483648 to 2147483647";
    case PartitionKeyType::kBigInt:
      return "a whole number from -9223372036854775808 to 9223372036854775807";
    case PartitionKeyType::kDecimal:
      return "a decimal number such as 12.50";
    case PartitionKeyType::kDate:
      return "a date as yyyy-mm-dd";
    case PartitionKeyType::kTimestamp:
      return "a timestamp as yyyy-mm-dd hh:mm:ss[.fffffffff]";
  }
  return "";
}

}  // namespace

// Builds a PartitionFilter's nodes from the expression text; one instance per Compile call.
class PartitionExprParser {
 public:
  PartitionExprParser(std::string_view input, PartitionFilter* out) : lexer_(input), out_(*out) {}

  // Parses the whole input into out_.nodes_ / out_.root_.
  Status Parse() {
    RETURN_NOT_OK(Advance());
    if (tok_.kind == ExprTokenKind::kEnd) return Status::OK();
    ASSIGN_OR_RETURN(out_.root_, ParseOr(0));
    if (tok_.kind == ExprTokenKind::kRParen) {
      return Error("expected AND, OR or end of expression (this ')' has no matching '(')");
    }
    if (tok_.kind != ExprTokenKind::kEnd) return Error("expected AND, OR or end of expression");
    return Status::OK();
  }

 private:
  Status Error(std::string_view what) const { return lexer_.ErrorAt(tok_.pos, tok_.len, what); }

  bool AtKeyword(std::string_view keyword) const {
    return tok_.kind == ExprTokenKind::kIdentifier && EqualsIgnoreCase(tok_.text, keyword);
  }
  bool AtName() const {
    return tok_.kind == ExprTokenKind::kQuotedIdentifier ||
           (tok_.kind == ExprTokenKind::kIdentifier && !IsReservedWord(tok_.text));
  }
  bool AtLiteral() const {
    return tok_.kind == ExprTokenKind::kString || tok_.kind == ExprTokenKind::kNumber;
  }

  Status Advance() { return lexer_.Next(&tok_); }

  int AddNode(ExprNode node) {
    out_.nodes_.push_back(std::move(node));
    return static_cast<int>(out_.nodes_.size()) - 1;
  }

  Result<int> ParseOr(int depth) { return ParseChain(depth, "OR", ExprNode::Kind::kOr); }
  Result<int> ParseAnd(int depth) { return ParseChain(depth, "AND", ExprNode::Kind::kAnd); }

  // Parses operands joined by `keyword` into one n-ary node (no node for a single operand).
  Result<int> ParseChain(int depth, std::string_view keyword, ExprNode::Kind kind) {
    auto operand = [&]() {
      return kind == ExprNode::Kind::kOr ? ParseAnd(depth) : ParseNot(depth);
    };
    ASSIGN_OR_RETURN(int first, operand());
    if (!AtKeyword(keyword)) return first;
    ExprNode node;
    node.kind = kind;
    node.position = out_.nodes_[first].position;
    node.children.push_back(first);
    while (AtKeyword(keyword)) {
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(int next, operand());
      node.children.push_back(next);
    }
    return AddNode(std::move(node));
  }

  // `depth` counts the enclosing parentheses and NOTs.
  Result<int> ParseNot(int depth) {
    const bool nests = AtKeyword("NOT") || tok_.kind == ExprTokenKind::kLParen;
    if (nests && depth >= PartitionFilter::kMaxNestingDepth) {
      return Error("the expression nests parentheses and NOT more than " +
                   std::to_string(PartitionFilter::kMaxNestingDepth) + " levels deep");
    }
    if (AtKeyword("NOT")) {
      ExprNode node;
      node.kind = ExprNode::Kind::kNot;
      node.position = static_cast<int>(tok_.pos) + 1;
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(int child, ParseNot(depth + 1));
      node.children.push_back(child);
      return AddNode(std::move(node));
    }
    if (tok_.kind == ExprTokenKind::kLParen) {
      const size_t open = tok_.pos;
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(int inner, ParseOr(depth + 1));
      if (tok_.kind != ExprTokenKind::kRParen) {
        return Error("expected AND, OR or ')' to close the '(' at position " +
                     std::to_string(open + 1));
      }
      RETURN_NOT_OK(Advance());
      return inner;
    }
    return ParsePredicate();
  }

  Result<int> ParsePredicate() {
    ExprNode node;
    node.position = static_cast<int>(tok_.pos) + 1;
    if (AtLiteral()) return ParseMirroredComparison(std::move(node));
    if (!AtName()) {
      if (AtKeyword("NULL")) {
        return Error("NULL is not a value; test for NULL with IS NULL or IS NOT NULL");
      }
      return Error("expected a partition key name, a value, NOT or '('");
    }
    ASSIGN_OR_RETURN(node.key, ResolveKey(tok_, /*value_position=*/false));
    const std::string& key_name = out_.keys_[node.key].name;
    RETURN_NOT_OK(Advance());
    node.kind = ExprNode::Kind::kPredicate;
    if (IsComparison(tok_.kind)) {
      node.op = ComparisonOp(tok_.kind);
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(TypedLiteral literal, ParseLiteral(node.key));
      node.literals.push_back(std::move(literal));
      return AddNode(std::move(node));
    }
    if (AtKeyword("IS")) {
      RETURN_NOT_OK(Advance());
      const bool negated = AtKeyword("NOT");
      if (negated) RETURN_NOT_OK(Advance());
      if (!AtKeyword("NULL")) return Error("expected NULL or NOT NULL after IS");
      RETURN_NOT_OK(Advance());
      node.op = negated ? PredicateOp::kIsNotNull : PredicateOp::kIsNull;
      return AddNode(std::move(node));
    }
    const bool negated = AtKeyword("NOT");
    if (negated) {
      RETURN_NOT_OK(Advance());
      if (!AtKeyword("IN") && !AtKeyword("BETWEEN") && !AtKeyword("LIKE")) {
        return Error("expected IN, BETWEEN or LIKE after NOT");
      }
    }
    if (AtKeyword("IN")) {
      node.op = negated ? PredicateOp::kNotIn : PredicateOp::kIn;
      RETURN_NOT_OK(ParseInList(&node));
    } else if (AtKeyword("BETWEEN")) {
      node.op = negated ? PredicateOp::kNotBetween : PredicateOp::kBetween;
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(TypedLiteral low, ParseLiteral(node.key));
      if (!AtKeyword("AND")) return Error("expected AND between the two bounds of BETWEEN");
      RETURN_NOT_OK(Advance());
      ASSIGN_OR_RETURN(TypedLiteral high, ParseLiteral(node.key));
      node.literals.push_back(std::move(low));
      node.literals.push_back(std::move(high));
    } else if (AtKeyword("LIKE")) {
      node.op = negated ? PredicateOp::kNotLike : PredicateOp::kLike;
      RETURN_NOT_OK(Advance());
      if (!AtLiteral()) return Error("expected a quoted pattern after LIKE, e.g. 'abc%'");
      node.pattern = tok_.text;
      RETURN_NOT_OK(Advance());
    } else {
      return Error(
          "expected =, <>, !=, <, <=, >, >=, IN, BETWEEN, LIKE or IS after partition key '" +
          key_name + "'");
    }
    return AddNode(std::move(node));
  }

  // Parses `literal op key` (the current token is the literal) as `key Mirror(op) literal`.
  Result<int> ParseMirroredComparison(ExprNode node) {
    const ExprToken literal = tok_;
    RETURN_NOT_OK(Advance());
    if (!IsComparison(tok_.kind)) {
      return Error(
          "expected =, <>, !=, <, <=, >, >= after a value (or put the partition key first)");
    }
    node.kind = ExprNode::Kind::kPredicate;
    node.op = Mirror(ComparisonOp(tok_.kind));
    RETURN_NOT_OK(Advance());
    if (!AtName()) {
      return Error("expected a partition key name: a comparison needs a key on one side");
    }
    ASSIGN_OR_RETURN(node.key, ResolveKey(tok_, /*value_position=*/false));
    RETURN_NOT_OK(Advance());
    ASSIGN_OR_RETURN(TypedLiteral value, ConvertLiteral(node.key, literal));
    node.literals.push_back(std::move(value));
    return AddNode(std::move(node));
  }

  Status ParseInList(ExprNode* node) {
    RETURN_NOT_OK(Advance());
    if (tok_.kind != ExprTokenKind::kLParen) return Error("expected '(' after IN");
    RETURN_NOT_OK(Advance());
    if (tok_.kind == ExprTokenKind::kRParen) {
      return Error("the IN list is empty; give at least one value");
    }
    while (true) {
      ASSIGN_OR_RETURN(TypedLiteral value, ParseLiteral(node->key));
      node->literals.push_back(std::move(value));
      if (tok_.kind == ExprTokenKind::kRParen) break;
      if (tok_.kind != ExprTokenKind::kComma) return Error("expected ',' or ')' in the IN list");
      RETURN_NOT_OK(Advance());
    }
    RETURN_NOT_OK(Advance());
    auto by_encoding = [](const TypedLiteral& a, const TypedLiteral& b) {
      return a.encoded() < b.encoded();
    };
    auto same_value = [](const TypedLiteral& a, const TypedLiteral& b) {
      return a.encoded() == b.encoded();
    };
    std::sort(node->literals.begin(), node->literals.end(), by_encoding);
    node->literals.erase(std::unique(node->literals.begin(), node->literals.end(), same_value),
                         node->literals.end());
    return Status::OK();
  }

  // Parses the current token as a value for partition key `key` and advances past it.
  Result<TypedLiteral> ParseLiteral(int key) {
    if (AtLiteral()) {
      ASSIGN_OR_RETURN(TypedLiteral value, ConvertLiteral(key, tok_));
      RETURN_NOT_OK(Advance());
      return value;
    }
    if (AtKeyword("NULL")) {
      return Error("NULL is not a value; test for NULL with IS NULL or IS NOT NULL");
    }
    if (AtName()) {
      RETURN_NOT_OK(ResolveKey(tok_, /*value_position=*/true).status());
      return Error("comparing two partition keys is not supported; compare a key with a value");
    }
    return Error("expected a value: a quoted string such as '2024' or a number");
  }

  Result<int> ResolveKey(const ExprToken& name, bool value_position) const {
    const std::vector<PartitionKey>& keys = out_.keys_;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (EqualsIgnoreCase(keys[i].name, name.text)) return static_cast<int>(i);
    }
    std::string msg = "Unknown partition key '" + Abbreviate(name.text, 64) + "' at position " +
                      std::to_string(name.pos + 1);
    if (keys.empty()) {
      msg += " (the table has no partition keys)";
    } else {
      msg += " (partition keys: ";
      for (size_t i = 0; i < keys.size(); ++i) msg += (i ? ", " : "") + keys[i].name;
      msg += ")";
    }
    if (value_position) {
      msg += "; write string values in single quotes, e.g. '" + Abbreviate(name.text, 64) + "'";
    }
    return Status::InvalidInput(std::move(msg));
  }

  Result<TypedLiteral> ConvertLiteral(int key, const ExprToken& literal) const {
    const PartitionKey& k = out_.keys_[key];
    const std::string where = " at position " + std::to_string(literal.pos + 1);
    if (literal.text == kHiveNullPartitionValue) {
      return Status::InvalidInput("Value '" + literal.text + "'" + where +
                                  " is the Hive NULL marker; test for NULL partition values with "
                                  "IS NULL or IS NOT NULL");
    }
    if (!ParsePartitionValue(k.type, literal.text).IsValid()) {
      return Status::InvalidInput("Value '" + Abbreviate(literal.text, 64) + "'" + where +
                                  " is not a valid " + std::string(PartitionKeyTypeName(k.type)) +
                                  " for partition key '" + k.name + "' (expected " +
                                  std::string(TypeHint(k.type)) + ")");
    }
    return TypedLiteral(k.type, literal.text);
  }

  ExprLexer lexer_;
  PartitionFilter& out_;
  ExprToken tok_;  // the current token
};

Result<PartitionFilter> PartitionFilter::Compile(std::string_view expression,
                                                 const std::vector<PartitionKey>& keys) {
  PartitionFilter filter;
  filter.keys_ = keys;
  PartitionExprParser parser(expression, &filter);
  RETURN_NOT_OK(parser.Parse());
  return filter;
}

}  // namespace sluice::catalog
