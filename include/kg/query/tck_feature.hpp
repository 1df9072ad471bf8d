// Reading openCypher TCK feature files (Gherkin): features, scenarios, and
// their steps, with Scenario Outlines already expanded, one Scenario per
// Examples row. The step texts the TCK uses are recognised into StepKind
// and their arguments (graph name, query, table, expected error) pulled out,
// so a runner only has to act on them. Only the Gherkin the TCK uses is
// supported: Feature, Background, Scenario, Scenario Outline, Examples,
// tags, """ doc strings and | tables.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kg/query/parser.hpp"

namespace kg::query::tck {

// A Gherkin table, cells trimmed, escapes (\| \\ \n) resolved. For result
// tables the first row is the header.
using Table = std::vector<std::vector<std::string>>;

enum class StepKind {
    EmptyGraph,               // Given an empty graph
    AnyGraph,                 // Given any graph
    NamedGraph,               // Given the binary-tree-1 graph (name in `graph`)
    HavingExecuted,           // And having executed: (setup query in `text`)
    Parameters,               // And parameters are: (name | value table)
    ExecutingQuery,           // When executing query: (query in `text`)
    ControlQuery,             // When executing control query:
    ResultAnyOrder,           // Then the result should be, in any order: (table)
    ResultInOrder,            // Then the result should be, in order: (table)
    ResultIgnoringListOrder,  // ... (ignoring element order for lists): (table)
    ResultEmpty,              // Then the result should be empty
    Error,                    // Then a SyntaxError should be raised at compile time: Detail
    SideEffects,              // And the side effects should be: (table)
    NoSideEffects,            // And no side effects
    Unknown,                  // anything else; a runner should fail the scenario
};

struct ExpectedError {
    std::string type;    // SyntaxError, TypeError, EntityNotFound, ...
    std::string phase;   // "compile time", "runtime" or "any time"
    std::string detail;  // InvalidParameterUse, ... (may be empty)
};

struct Step {
    std::string keyword;  // Given, When, Then, And, But
    std::string text;     // the rest of the line, without the doc string or table
    StepKind kind = StepKind::Unknown;
    std::string argument;  // doc string, or the inline text after "query:"
    Table table;
    std::string graph;    // NamedGraph
    ExpectedError error;  // Error
    int line = 0;
};

struct Scenario {
    std::string name;  // "[3] Matching nodes using multiple labels"; outlines add " (example N)"
    std::vector<std::string> tags;
    std::vector<Step> steps;  // Background steps first
    int line = 0;
};

struct Feature {
    std::string name;
    std::string path;
    std::vector<Scenario> scenarios;
};

// Parses feature text; `path` is only used in messages. Throws kg::Error
// naming path and line on input it cannot read.
Feature parse_feature(std::string_view text, const std::string& path);

// How the error kg raised compares with a scenario's expected one. The
// phase must agree ("compile time" wants an error from parsing or checking;
// kg may also find a "runtime" error early); then the type, and the detail
// when kg names one. An error kg does not classify passes loosely.
enum class ErrorMatch {
    Strict,    // type and detail agree
    TypeOnly,  // type agrees; kg names no detail
    Loose,     // kg's error is Unclassified
    Mismatch,
};

struct ErrorVerdict {
    ErrorMatch match = ErrorMatch::Mismatch;
    std::string why;  // for Mismatch: "expected TypeError, got SyntaxError"
};

ErrorVerdict compare_error(const ExpectedError& expected, bool at_compile_time,
                           const QueryErrorClass& raised);

// Reads and parses one .feature file. Throws kg::Error.
Feature read_feature(const std::filesystem::path& file);

// Every *.feature under `dir`, sorted, so runs are repeatable.
std::vector<std::filesystem::path> find_feature_files(const std::filesystem::path& dir);

}  // namespace kg::query::tck
