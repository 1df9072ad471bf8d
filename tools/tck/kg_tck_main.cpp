// kg-tck FEATURES_DIR: runs every openCypher TCK scenario under FEATURES_DIR
// against the query engine on a fresh MemoryGraph and prints one line per
// scenario (PASS|FAIL|SKIP feature: scenario), then "N passed, M failed, K
// skipped". Failure reasons go to stderr. Each query runs under a time and
// row cap and every scenario is fenced by a catch-all, so one bad scenario
// cannot stop the run.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kg/query/engine.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/semantic_check.hpp"
#include "kg/query/tck_feature.hpp"

namespace fs = std::filesystem;
using namespace kg::query;

namespace {

QueryLimits tck_limits() {
    QueryLimits limits;
    limits.max_rows = 200'000;
    limits.timeout = std::chrono::milliseconds(3000);
    return limits;
}

void sort_lists(Value& v) {
    for (Value& item : v.list) sort_lists(item);
    for (auto& [k, item] : v.map) sort_lists(item);
    if (v.kind == Value::Kind::List)
        std::sort(v.list.begin(), v.list.end(),
                  [](const Value& a, const Value& b) { return order_compare(a, b) < 0; });
}

// An expected cell in canonical form: evaluated as a Cypher expression when
// it is one (so 1.0 / 'a' / {b: 1, a: 2} print the way actual values do),
// else the text itself (node, relationship and path literals).
std::string canonical_expected(const std::string& cell, bool ignore_list_order) {
    // Node, relationship and path literals are not expressions (and
    // "({a: 1})" would read as a parenthesised map): compare those as text.
    if (cell.find("(") != std::string::npos || cell.find("[:") != std::string::npos ||
        cell.starts_with("<"))
        return cell;
    try {
        MemoryGraph empty;
        QueryResult r = execute("RETURN " + cell + " AS v", empty, {}, tck_limits());
        if (r.rows.size() == 1 && r.rows[0].size() == 1) {
            Value v = r.rows[0][0];
            if (ignore_list_order) sort_lists(v);
            return format_value(v, empty);
        }
    } catch (const std::exception&) {
    }
    return cell;
}

// Spaces outside quotes dropped, so "{num:1}" and "{num: 1}" compare equal.
std::string squeeze(const std::string& s) {
    std::string out;
    char quote = 0;
    for (char c : s) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == ' ') {
            continue;
        }
        out += c;
    }
    return out;
}

// Node labels are a set: "(:B:A" and "(:A:B" compare equal once sorted.
std::string sort_labels(const std::string& s) {
    static const std::regex node_labels(R"(\((:[A-Za-z0-9_]+)+)");
    std::string out;
    auto begin = std::sregex_iterator(s.begin(), s.end(), node_labels);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        std::string match = it->str();
        std::vector<std::string> labels;
        std::size_t pos = 1;
        while (pos < match.size()) {
            std::size_t next = match.find(':', pos + 1);
            if (next == std::string::npos) next = match.size();
            labels.push_back(match.substr(pos, next - pos));
            pos = next;
        }
        std::sort(labels.begin(), labels.end());
        out += s.substr(last, static_cast<std::size_t>(it->position()) - last) + "(";
        for (const auto& l : labels) out += l;
        last = static_cast<std::size_t>(it->position()) + match.size();
    }
    return out + s.substr(last);
}

std::string canonical_actual(Value v, const MemoryGraph& graph, bool ignore_list_order) {
    if (ignore_list_order) sort_lists(v);
    return format_value(v, graph);
}

struct Snapshot {
    std::size_t nodes = 0, relationships = 0;
    std::set<std::string> labels;
    std::set<std::string> properties;  // "n3.key=value"
};

Snapshot snapshot(const MemoryGraph& g) {
    Snapshot s;
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const MemoryNode& n = g.nodes[i];
        if (n.deleted) continue;
        ++s.nodes;
        for (const auto& l : n.labels) s.labels.insert(l);
        for (const auto& [k, v] : n.properties.map)
            s.properties.insert("n" + std::to_string(i) + "." + k + "=" + format_value(v, g));
    }
    for (std::size_t i = 0; i < g.relationships.size(); ++i) {
        const MemoryRelationship& r = g.relationships[i];
        if (r.deleted) continue;
        ++s.relationships;
        for (const auto& [k, v] : r.properties.map)
            s.properties.insert("r" + std::to_string(i) + "." + k + "=" + format_value(v, g));
    }
    return s;
}

template <class Set>
long count_missing(const Set& a, const Set& b) {  // elements of a not in b
    long n = 0;
    for (const auto& x : a) n += b.count(x) ? 0 : 1;
    return n;
}

std::map<std::string, long> side_effects(const Snapshot& before, const Snapshot& after,
                                         const MemoryGraph& g_before_unused) {
    (void)g_before_unused;
    std::map<std::string, long> e;
    // Node/relationship counts: created ones are new slots, deleted ones
    // disappear; the difference of live counts is enough for the TCK cases
    // that do only one of the two.
    long dn = static_cast<long>(after.nodes) - static_cast<long>(before.nodes);
    long dr = static_cast<long>(after.relationships) - static_cast<long>(before.relationships);
    e["+nodes"] = std::max(dn, 0L);
    e["-nodes"] = std::max(-dn, 0L);
    e["+relationships"] = std::max(dr, 0L);
    e["-relationships"] = std::max(-dr, 0L);
    e["+labels"] = count_missing(after.labels, before.labels);
    e["-labels"] = count_missing(before.labels, after.labels);
    e["+properties"] = count_missing(after.properties, before.properties);
    e["-properties"] = count_missing(before.properties, after.properties);
    return e;
}

std::optional<fs::path> find_graph(const fs::path& features, const std::string& name) {
    for (const fs::path& dir :
         {features / "graphs" / name, features.parent_path() / "graphs" / name}) {
        fs::path file = dir / (name + ".cypher");
        if (fs::exists(file)) return file;
    }
    return std::nullopt;
}

void run_script(const std::string& script, MemoryGraph& graph) {
    std::size_t start = 0;
    while (start < script.size()) {
        std::size_t end = script.find(';', start);
        if (end == std::string::npos) end = script.size();
        std::string part = script.substr(start, end - start);
        if (part.find_first_not_of(" \t\r\n") != std::string::npos)
            execute(part, graph, {}, tck_limits());
        start = end + 1;
    }
}

enum class Outcome { Pass, Fail, Skip };

struct Run {
    Outcome outcome = Outcome::Pass;
    std::string reason;
};

struct Skip {
    std::string reason;
};
struct Failure {
    std::string reason;
};

void compare_table(const kg::query::tck::Step& step, const QueryResult& result,
                   const MemoryGraph& graph) {
    bool in_order = step.kind == tck::StepKind::ResultInOrder;
    bool ignore_lists = step.kind == tck::StepKind::ResultIgnoringListOrder;
    if (step.table.empty()) throw Failure{"expected table is empty"};
    const auto& header = step.table[0];
    if (header != result.columns) {
        std::string got;
        for (const auto& c : result.columns) got += c + "|";
        throw Failure{"columns differ: got " + got};
    }
    std::vector<std::string> expected, actual;
    for (std::size_t i = 1; i < step.table.size(); ++i) {
        std::string row;
        for (const auto& cell : step.table[i])
            row += sort_labels(squeeze(canonical_expected(cell, ignore_lists))) + " | ";
        expected.push_back(row);
    }
    for (const auto& r : result.rows) {
        std::string row;
        for (const auto& v : r)
            row += sort_labels(squeeze(canonical_actual(v, graph, ignore_lists))) + " | ";
        actual.push_back(row);
    }
    if (!in_order) {
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
    }
    if (expected != actual) {
        std::string msg = "rows differ; got:";
        for (std::size_t i = 0; i < actual.size() && i < 5; ++i) msg += "\n    " + actual[i];
        msg += "\n  expected:";
        for (std::size_t i = 0; i < expected.size() && i < 5; ++i) msg += "\n    " + expected[i];
        throw Failure{msg};
    }
}

Run run_scenario(const tck::Scenario& scenario, const fs::path& features) {
    MemoryGraph graph;
    Parameters params;
    std::optional<QueryResult> result;
    std::string error;
    bool compile_error = false;
    Snapshot before, after;
    try {
        for (const auto& step : scenario.steps) {
            switch (step.kind) {
                case tck::StepKind::EmptyGraph:
                case tck::StepKind::AnyGraph:
                    graph = MemoryGraph{};
                    break;
                case tck::StepKind::NamedGraph: {
                    auto file = find_graph(features, step.graph);
                    if (!file) throw Skip{"graph " + step.graph + " not found"};
                    std::ifstream in(*file);
                    std::stringstream text;
                    text << in.rdbuf();
                    run_script(text.str(), graph);
                    break;
                }
                case tck::StepKind::HavingExecuted:
                    run_script(step.argument, graph);
                    break;
                case tck::StepKind::Parameters:
                    for (const auto& row : step.table) {
                        if (row.size() != 2) continue;
                        MemoryGraph empty;
                        QueryResult r =
                            execute("RETURN " + row[1] + " AS v", empty, {}, tck_limits());
                        params[row[0]] = r.rows.at(0).at(0);
                    }
                    break;
                case tck::StepKind::ExecutingQuery:
                case tck::StepKind::ControlQuery:
                    before = snapshot(graph);
                    result.reset();
                    error.clear();
                    // Parsing and the semantic check are "compile time"; an
                    // error from running the query is "runtime".
                    compile_error = false;
                    try {
                        Query query;
                        try {
                            query = parse_query(step.argument);
                            check_query(query, step.argument);
                        } catch (...) {
                            compile_error = true;
                            throw;
                        }
                        result = execute(query, step.argument, graph, params, tck_limits());
                    } catch (const std::exception& e) {
                        error = e.what();
                        if (error.empty()) error = "error";
                    }
                    after = snapshot(graph);
                    break;
                case tck::StepKind::ResultAnyOrder:
                case tck::StepKind::ResultInOrder:
                case tck::StepKind::ResultIgnoringListOrder:
                    if (!result) throw Failure{"query failed: " + error};
                    compare_table(step, *result, graph);
                    break;
                case tck::StepKind::ResultEmpty:
                    if (!result) throw Failure{"query failed: " + error};
                    if (!result->rows.empty())
                        throw Failure{"expected no rows, got " +
                                      std::to_string(result->rows.size())};
                    break;
                case tck::StepKind::Error:
                    if (result) throw Failure{"expected " + step.error.type + ", query succeeded"};
                    // Error classes are not told apart yet, but a SyntaxError
                    // must at least come before the query runs.
                    if (step.error.type == "SyntaxError" && step.error.phase == "compile time" &&
                        !compile_error)
                        throw Failure{"expected a compile-time SyntaxError, got a runtime error: " +
                                      error};
                    break;
                case tck::StepKind::SideEffects:
                case tck::StepKind::NoSideEffects: {
                    if (!result) throw Failure{"query failed: " + error};
                    auto effects = side_effects(before, after, graph);
                    std::map<std::string, long> want;
                    for (const auto& row : step.table)
                        if (row.size() == 2) want[row[0]] = std::stol(row[1]);
                    for (const auto& [key, got] : effects) {
                        long expected = want.count(key) ? want[key] : 0;
                        if (got != expected)
                            throw Failure{"side effect " + key + ": got " + std::to_string(got) +
                                          ", expected " + std::to_string(expected)};
                    }
                    break;
                }
                case tck::StepKind::Unknown:
                    throw Failure{"unknown step: " + step.text};
            }
        }
    } catch (const Skip& s) {
        return {Outcome::Skip, s.reason};
    } catch (const Failure& f) {
        return {Outcome::Fail, f.reason};
    } catch (const std::exception& e) {
        return {Outcome::Fail, std::string("setup failed: ") + e.what()};
    } catch (...) {
        return {Outcome::Fail, "unknown exception"};
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: kg-tck FEATURES_DIR\n";
        return 2;
    }
    fs::path dir = argv[1];
    std::size_t passed = 0, failed = 0, skipped = 0;
    try {
        for (const fs::path& file : tck::find_feature_files(dir)) {
            tck::Feature feature;
            try {
                feature = tck::read_feature(file);
            } catch (const std::exception& e) {
                std::cout << "FAIL " << file.filename().string() << ": (unreadable)\n";
                std::cerr << "  " << e.what() << "\n";
                ++failed;
                continue;
            }
            for (const auto& scenario : feature.scenarios) {
                Run run = run_scenario(scenario, dir);
                const char* word = run.outcome == Outcome::Pass   ? "PASS"
                                   : run.outcome == Outcome::Fail ? "FAIL"
                                                                  : "SKIP";
                std::cout << word << ' ' << feature.name << ": " << scenario.name << '\n'
                          << std::flush;
                if (!run.reason.empty()) std::cerr << "  " << run.reason << '\n';
                (run.outcome == Outcome::Pass   ? passed
                 : run.outcome == Outcome::Fail ? failed
                                                : skipped)++;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "kg-tck: " << e.what() << '\n';
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    return failed == 0 ? 0 : 1;
}
