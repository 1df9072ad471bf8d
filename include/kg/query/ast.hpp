// The syntax tree of a kg query: the openCypher subset described in
// grammar/README.md, as plain structs and std::variants. parse_query()
// (kg/query/parser.hpp) builds it; the evaluator walks it. Nothing here
// knows about the graph: names are kept as written, and every expression and
// pattern element carries the byte offset where it starts in the query text,
// so later stages can point at it in an error message.
//
// Reading guide: a Query is a list of SingleQuery joined by UNION; a
// SingleQuery is a list of Clauses; clauses hold Patterns and Expressions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kg/query/functions.hpp"

namespace kg::query {

// A copyable owning pointer, for the places where the tree refers to itself
// (an expression inside an expression). Empty means "absent" (an optional
// WHERE, a node pattern without properties).
template <class T>
class Box {
  public:
    Box() = default;
    Box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}
    Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
    Box(Box&&) noexcept = default;
    Box& operator=(const Box& other) {
        if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
        return *this;
    }
    Box& operator=(Box&&) noexcept = default;
    ~Box() = default;

    explicit operator bool() const { return ptr_ != nullptr; }
    T& operator*() const { return *ptr_; }
    T* operator->() const { return ptr_.get(); }
    T* get() const { return ptr_.get(); }

  private:
    std::unique_ptr<T> ptr_;
};

struct Expression;

// A label, relationship type or other schema name, with where it was written
// (for "did you mean" messages about names the graph does not know).
struct Name {
    std::string text;
    std::size_t offset = 0;
};

// ---------------------------------------------------------------- patterns

// (variable:Label1:Label2 {key: value})
struct NodePattern {
    std::optional<std::string> variable;
    std::vector<Name> labels;
    Box<Expression> properties;  // a MapLiteral or a Parameter; empty when absent
    std::size_t offset = 0;
};

// How a relationship pattern points: -[]->, <-[]-, or -[]- (also <-[]->).
enum class Direction { Right, Left, Both };

// *, *2, *1..3, *..3, *2.., or the GQL quantifier {1,3} after the arrow.
// An absent bound is open (min defaults to 1, max to unbounded).
struct VarLength {
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
};

// -[variable:TYPE1|TYPE2 *1..3 {key: value}]->
struct RelationshipPattern {
    std::optional<std::string> variable;
    std::vector<Name> types;  // alternatives; empty matches any type
    Direction direction = Direction::Both;
    std::optional<VarLength> length;  // set for variable-length relationships
    Box<Expression> properties;       // a MapLiteral or a Parameter; empty when absent
    std::size_t offset = 0;
};

// One hop of a path: the relationship and the node it leads to.
struct PatternStep {
    RelationshipPattern relationship;
    NodePattern node;
};

enum class PathSearch { All, Shortest, AllShortest };

// p = shortestPath((a)-[*]->(b)): a node, then any number of steps.
struct PatternPart {
    std::optional<std::string> path_variable;
    PathSearch search = PathSearch::All;  // shortestPath / allShortestPaths
    NodePattern start;
    std::vector<PatternStep> steps;
    std::size_t offset = 0;
};

// Comma-separated parts, matched together (a join on shared variables).
using Pattern = std::vector<PatternPart>;

// ------------------------------------------------------------- expressions

struct NullValue {
    bool operator==(const NullValue&) const = default;
};

// null, true, 42, 1.5, 'text'.
struct Literal {
    std::variant<NullValue, bool, std::int64_t, double, std::string> value;
};

struct ListLiteral {
    std::vector<Expression> items;
};

// {key: value, ...}; keys keep their written order.
struct MapLiteral {
    std::vector<std::pair<std::string, Expression>> entries;
};

// $name (or $0): supplied by the caller (--param name=value).
struct Parameter {
    std::string name;
};

struct Variable {
    std::string name;
};

// subject.key
struct PropertyAccess {
    Box<Expression> subject;
    std::string key;
};

// subject:Label1:Label2 (true when the node has all the labels, or the
// relationship has the type).
struct LabelCheck {
    Box<Expression> subject;
    std::vector<Name> labels;
};

// subject[index]
struct IndexAccess {
    Box<Expression> subject;
    Box<Expression> index;
};

// subject[from..to]; either bound may be absent.
struct Slice {
    Box<Expression> subject;
    Box<Expression> from;
    Box<Expression> to;
};

enum class UnaryOp { Not, Negate, Plus };

struct Unary {
    UnaryOp op;
    Box<Expression> operand;
};

// Chained comparisons (a < b < c) arrive already rewritten as
// (a < b) AND (b < c).
enum class BinaryOp {
    Or,
    Xor,
    And,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    StartsWith,
    EndsWith,
    Contains,
    RegexMatch,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
};

struct Binary {
    BinaryOp op;
    Box<Expression> lhs;
    Box<Expression> rhs;
};

// operand IS NULL, operand IS NOT NULL
struct IsNull {
    Box<Expression> operand;
    bool negated = false;
};

// name(args), name(DISTINCT args). Names are kept as written; functions are
// case-insensitive, so compare them folded. count(*) is CountStar.
struct FunctionCall {
    std::string name;                       // as written
    Function function = Function::Unknown;  // resolved by the parser
    bool distinct = false;
    std::vector<Expression> args;
};

struct CountStar {};

// CASE [subject] WHEN a THEN b ... [ELSE c] END. Without a subject each
// `when` is a predicate; with one, it is compared to the subject.
struct CaseWhen;
struct Case {
    Box<Expression> subject;
    std::vector<CaseWhen> whens;
    Box<Expression> otherwise;
};

// [variable IN list WHERE predicate | projection]
struct ListComprehension {
    std::string variable;
    Box<Expression> list;
    Box<Expression> where;
    Box<Expression> projection;
};

// all/any/none/single(variable IN list WHERE predicate)
enum class QuantifierKind { All, Any, None, Single };

struct Quantifier {
    QuantifierKind kind;
    std::string variable;
    Box<Expression> list;
    Box<Expression> where;
};

// A pattern used as a predicate: WHERE (a)-[:KNOWS]->(b). True when it
// matches at least once.
struct PatternPredicate {
    PatternPart pattern;
};

// An expression: one of the alternatives above, plus where it starts in the
// query text.
struct Expression {
    using Node = std::variant<Literal, ListLiteral, MapLiteral, Parameter, Variable, PropertyAccess,
                              LabelCheck, IndexAccess, Slice, Unary, Binary, IsNull, FunctionCall,
                              CountStar, Case, ListComprehension, Quantifier, PatternPredicate>;
    Node node;
    std::size_t offset = 0;
};

struct CaseWhen {
    Expression when;
    Expression then;
};

// ----------------------------------------------------------------- clauses

// RETURN/WITH item: expression [AS alias]. `text` is the expression as
// written (the column name when there is no alias, as Cypher specifies).
struct ProjectionItem {
    Expression expression;
    std::optional<std::string> alias;
    std::string text;
};

struct SortItem {
    Expression expression;
    bool descending = false;
};

// The part RETURN and WITH share.
struct Projection {
    bool distinct = false;
    bool star = false;  // RETURN *, possibly followed by more items
    std::vector<ProjectionItem> items;
    std::vector<SortItem> order_by;
    Box<Expression> skip;
    Box<Expression> limit;
};

// [OPTIONAL] MATCH pattern [WHERE predicate]
struct Match {
    bool optional = false;
    Pattern pattern;
    Box<Expression> where;
};

// UNWIND list AS variable
struct Unwind {
    Expression list;
    std::string variable;
};

// WITH projection [WHERE predicate]
struct With {
    Projection projection;
    Box<Expression> where;
};

struct Return {
    Projection projection;
};

struct Create {
    Pattern pattern;
};

// SET target.key = value
struct SetProperty {
    Expression target;  // a PropertyAccess
    Expression value;
};

// SET n = {map} (replace all properties) or SET n += {map} (merge them)
struct SetProperties {
    std::string variable;
    Expression value;
    bool merge = false;
};

// SET n:Label1:Label2
struct SetLabels {
    std::string variable;
    std::vector<Name> labels;
};

using SetItem = std::variant<SetProperty, SetProperties, SetLabels>;

struct Set {
    std::vector<SetItem> items;
};

// MERGE pattern [ON CREATE SET ...] [ON MATCH SET ...]
struct Merge {
    PatternPart pattern;
    std::vector<SetItem> on_create;
    std::vector<SetItem> on_match;
};

// [DETACH] DELETE a, b
struct Delete {
    bool detach = false;
    std::vector<Expression> targets;
};

// REMOVE n.key, n:Label: each item is a PropertyAccess or a LabelCheck.
struct Remove {
    std::vector<Expression> items;
};

using ClauseNode = std::variant<Match, Unwind, With, Return, Create, Merge, Set, Delete, Remove>;

struct Clause {
    ClauseNode node;
    std::size_t offset = 0;
};

struct SingleQuery {
    std::vector<Clause> clauses;
};

// Parts joined by UNION; union_all[i] says whether parts[i] and parts[i+1]
// are joined by UNION ALL (keeps duplicates) or UNION (removes them).
struct Query {
    std::vector<SingleQuery> parts;
    std::vector<bool> union_all;
};

}  // namespace kg::query
