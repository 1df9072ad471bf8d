// kg-tck [--timeout SECONDS] FEATURES_DIR: runs every openCypher TCK
// scenario under FEATURES_DIR against the query engine on a fresh
// MemoryGraph and prints one line per scenario (PASS|FAIL|SKIP feature:
// scenario), then how the expected errors were checked, then "N passed, M
// failed, K skipped" as the last line. Failure and skip reasons go to
// stderr. Each scenario runs in a child process under a wall-clock guard
// (default 30 s), so a crash or a hang fails that scenario and the run goes
// on; each query also runs under the engine's own time and row caps.
// Scenarios that need what kg's subset lacks (CALL, FOREACH, ...) are
// skipped, and say so.
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

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

// Map entries are a set too: "{b:1,a:(:A)}" and "{a:(:A),b:1}" compare equal
// once every {...} (maps, node and relationship properties) has its entries
// sorted. Works on squeezed text. Copies one token from s[at]: a quoted
// string, a map (entries sorted, recursively), or one character.
std::string sorted_token(const std::string& s, std::size_t& at) {
    const char c = s[at];
    if (c == '\'' || c == '"') {
        std::size_t end = at + 1;
        while (end < s.size() && s[end] != c) end += s[end] == '\\' ? 2 : 1;
        end = std::min(end + 1, s.size());
        std::string out = s.substr(at, end - at);
        at = end;
        return out;
    }
    ++at;
    if (c != '{') return std::string(1, c);
    std::vector<std::string> entries(1);
    int depth = 0;  // of () and [] inside the current entry
    while (at < s.size() && !(s[at] == '}' && depth == 0)) {
        const char d = s[at];
        if (d == ',' && depth == 0) {
            entries.emplace_back();
            ++at;
            continue;
        }
        if (d == '(' || d == '[') ++depth;
        if (d == ')' || d == ']') --depth;
        entries.back() += sorted_token(s, at);
    }
    if (at < s.size()) ++at;  // the closing brace
    if (entries.size() == 1 && entries[0].empty()) entries.clear();
    std::sort(entries.begin(), entries.end());
    std::string out = "{";
    for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
    return out + "}";
}

std::string sort_map_entries(const std::string& s) {
    std::string out;
    for (std::size_t at = 0; at < s.size();) out += sorted_token(s, at);
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

enum class Outcome { Pass, Fail, Skip };

struct Run {
    Outcome outcome = Outcome::Pass;
    std::string reason;
    std::optional<tck::ErrorMatch> error_match;  // set when the scenario expects an error
};

struct Skip {
    std::string reason;
};
struct Failure {
    std::string reason;
};

// Clauses and forms outside kg's subset. A query that fails to parse and
// uses one of these is skipped rather than failed (or, when an error is
// expected, rather than passed for the wrong reason).
std::optional<std::string> unsupported_feature(const std::string& query) {
    static const std::vector<std::pair<std::regex, std::string>> features = [] {
        const auto icase = std::regex::ECMAScript | std::regex::icase;
        std::vector<std::pair<std::regex, std::string>> f;
        f.emplace_back(std::regex(R"(\bCALL\b)", icase), "CALL (procedures, subqueries)");
        f.emplace_back(std::regex(R"(\bFOREACH\b)", icase), "FOREACH");
        f.emplace_back(std::regex(R"(\bLOAD\s+CSV\b)", icase), "LOAD CSV");
        f.emplace_back(std::regex(R"(\b(CREATE|DROP)\s+(INDEX|CONSTRAINT)\b)", icase),
                       "schema commands");
        f.emplace_back(std::regex(R"(\b(EXISTS|COUNT|COLLECT)\s*\{)", icase),
                       "subquery expressions");
        f.emplace_back(std::regex(R"(^\s*USE\b)", icase), "USE (graph selection)");
        return f;
    }();
    for (const auto& [pattern, name] : features)
        if (std::regex_search(query, pattern)) return name;
    return std::nullopt;
}

// Parses and checks `query`; a parse failure caused by a feature kg lacks
// becomes a Skip.
Query compile(const std::string& query) {
    Query parsed;
    try {
        parsed = parse_query(query);
    } catch (const QueryError&) {
        if (auto feature = unsupported_feature(query))
            throw Skip{"uses " + *feature + ", outside kg's subset"};
        throw;
    }
    check_query(parsed, query);
    return parsed;
}

void run_script(const std::string& script, MemoryGraph& graph) {
    std::size_t start = 0;
    while (start < script.size()) {
        std::size_t end = script.find(';', start);
        if (end == std::string::npos) end = script.size();
        std::string part = script.substr(start, end - start);
        if (part.find_first_not_of(" \t\r\n") != std::string::npos)
            execute(compile(part), part, graph, {}, tck_limits());
        start = end + 1;
    }
}

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
            row += sort_map_entries(sort_labels(squeeze(canonical_expected(cell, ignore_lists)))) +
                   " | ";
        expected.push_back(row);
    }
    for (const auto& r : result.rows) {
        std::string row;
        for (const auto& v : r)
            row +=
                sort_map_entries(sort_labels(squeeze(canonical_actual(v, graph, ignore_lists)))) +
                " | ";
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
    std::optional<QueryErrorClass> error_class;  // of a QueryError; unset for other exceptions
    bool compile_error = false;
    std::optional<tck::ErrorMatch> error_match;
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
                    error_class.reset();
                    // Parsing and the semantic check are "compile time"; an
                    // error from running the query is "runtime".
                    compile_error = false;
                    try {
                        Query query;
                        try {
                            query = compile(step.argument);
                        } catch (const Skip&) {
                            throw;
                        } catch (...) {
                            compile_error = true;
                            throw;
                        }
                        result = execute(query, step.argument, graph, params, tck_limits());
                    } catch (const QueryError& e) {
                        error = e.what();
                        error_class = e.error_class();
                    } catch (const Skip&) {
                        throw;
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
                case tck::StepKind::Error: {
                    if (result) throw Failure{"expected " + step.error.type + ", query succeeded"};
                    // Not a QueryError (a bug surfacing as another exception)
                    // counts as unclassified.
                    tck::ErrorVerdict verdict = tck::compare_error(
                        step.error, compile_error, error_class.value_or(QueryErrorClass{}));
                    if (verdict.match == tck::ErrorMatch::Mismatch)
                        throw Failure{verdict.why + "\n    " + error};
                    error_match = verdict.match;
                    break;
                }
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
                    throw Skip{"step not supported by kg-tck: " + step.text};
            }
        }
    } catch (const Skip& s) {
        return {Outcome::Skip, s.reason, std::nullopt};
    } catch (const Failure& f) {
        return {Outcome::Fail, f.reason, std::nullopt};
    } catch (const std::exception& e) {
        return {Outcome::Fail, std::string("setup failed: ") + e.what(), std::nullopt};
    } catch (...) {
        return {Outcome::Fail, "unknown exception", std::nullopt};
    }
    return {Outcome::Pass, "", error_match};
}

// The child's report on the pipe: outcome letter, error-match letter, reason.
std::string encode(const Run& run) {
    std::string out(1, "PFS"[static_cast<int>(run.outcome)]);
    out += run.error_match ? "STLM"[static_cast<int>(*run.error_match)] : '-';
    return out + run.reason;
}

Run decode(const std::string& text) {
    Run run;
    run.outcome = text[0] == 'P' ? Outcome::Pass : text[0] == 'S' ? Outcome::Skip : Outcome::Fail;
    const std::string matches = "STLM";
    if (auto at = matches.find(text[1]); at != std::string::npos)
        run.error_match = static_cast<tck::ErrorMatch>(at);
    run.reason = text.substr(2);
    return run;
}

void write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// Runs the scenario in a child process: a crash (a signal) or a hang past
// `guard` fails this scenario only.
Run run_guarded(const tck::Scenario& scenario, const fs::path& features,
                std::chrono::seconds guard) {
    int fds[2];
    if (::pipe(fds) != 0) return {Outcome::Fail, "pipe failed", std::nullopt};
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return {Outcome::Fail, "fork failed", std::nullopt};
    }
    if (pid == 0) {
        ::close(fds[0]);
        write_all(fds[1], encode(run_scenario(scenario, features)));
        ::close(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string report;
    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + guard;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;  // the deadline check above ends the wait
        char buffer[4096];
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        report.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out)
        return {Outcome::Fail, "hung: no result after " + std::to_string(guard.count()) + " s",
                std::nullopt};
    if (WIFSIGNALED(status))
        return {Outcome::Fail, "crashed: signal " + std::to_string(WTERMSIG(status)), std::nullopt};
    if (report.size() < 2)
        return {Outcome::Fail, "exited without a result (status " + std::to_string(status) + ")",
                std::nullopt};
    return decode(report);
}

}  // namespace

int main(int argc, char** argv) {
    std::chrono::seconds guard{30};
    std::optional<fs::path> dir;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--timeout" && i + 1 < argc) {
            guard = std::chrono::seconds(std::max(1, std::atoi(argv[++i])));
        } else if (!dir && !arg.starts_with("-")) {
            dir = arg;
        } else {
            dir.reset();
            break;
        }
    }
    if (!dir) {
        std::cerr << "usage: kg-tck [--timeout SECONDS] FEATURES_DIR\n";
        return 2;
    }
    std::size_t passed = 0, failed = 0, skipped = 0;
    std::map<tck::ErrorMatch, std::size_t> error_checks;  // over passed error scenarios
    std::size_t error_scenarios = 0;
    try {
        for (const fs::path& file : tck::find_feature_files(*dir)) {
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
                for (const auto& step : scenario.steps)
                    if (step.kind == tck::StepKind::Error) {
                        ++error_scenarios;
                        break;
                    }
                Run run = run_guarded(scenario, *dir, guard);
                const char* word = run.outcome == Outcome::Pass   ? "PASS"
                                   : run.outcome == Outcome::Fail ? "FAIL"
                                                                  : "SKIP";
                std::cout << word << ' ' << feature.name << ": " << scenario.name << '\n'
                          << std::flush;
                if (!run.reason.empty()) std::cerr << "  " << run.reason << '\n';
                (run.outcome == Outcome::Pass   ? passed
                 : run.outcome == Outcome::Fail ? failed
                                                : skipped)++;
                if (run.outcome == Outcome::Pass && run.error_match)
                    ++error_checks[*run.error_match];
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "kg-tck: " << e.what() << '\n';
    }
    std::cout << "expected errors: " << error_scenarios << " scenarios; passed "
              << error_checks[tck::ErrorMatch::Strict] << " on type and detail, "
              << error_checks[tck::ErrorMatch::TypeOnly] << " on type only, "
              << error_checks[tck::ErrorMatch::Loose] << " on any error\n";
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    return failed == 0 ? 0 : 1;
}
