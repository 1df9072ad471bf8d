// kg shell [--graph FILE]: an interactive Cypher shell over the graph. It
// takes queries ended by ';' (over as many lines as they need) and colon
// commands (:help, :schema, :show, :path, :export, :quit), printing each
// result as a table with the time the query took. On a terminal it edits lines with libedit
// (history in ~/.kg_history or $KG_HISTORY, Tab completion); fed from a pipe it reads statements
// from standard input without prompts and exits 1 if any of them failed.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "interrupt.hpp"
#include "kg/error.hpp"
#include "kg/graph/property_graph.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/memory_graph.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/store_graph.hpp"
#include "kg/strings.hpp"
#include "output.hpp"
#include "reports.hpp"
#include "shell_completion.hpp"
#include "shell_editor.hpp"

namespace kg::cli {
namespace {

using Clock = std::chrono::steady_clock;

// kg shell's options: the limits every query runs under, as kg query's.
struct ShellLimits {
    double timeout = 30;
    std::size_t max_rows = 1'000'000;
};

CompletionWords completion_words(const GraphView& view);

// The graph as the shell works on it: the store, its view (for :path,
// :schema and completion) and the property graph queries run on, filled
// from the store as queries walk it (with aliases, sources and qualifiers,
// as kg query sees them). CREATE stores its facts as kg query does; when
// it did, or another kg wrote to the file, the view, words and graph are
// read again before the next statement.
struct Session {
    Session(Store s, const GlobalOptions& g)
        : global(g),
          store(std::move(s)),
          read_version(store.data_version()),
          view(GraphView::build(store)),
          words(completion_words(view)),
          graph(query::memory_graph_from_store(store)) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const GlobalOptions& global;
    query::QueryLimits limits;
    bool interactive = false;  // Ctrl-C cancels the running query
    Store store;
    std::int64_t read_version;  // store.data_version() when `view` was read
    GraphView view;
    CompletionWords words;
    query::MemoryGraph graph;  // reads `store`, so declared after it
    bool stale = false;        // this shell wrote to the file since `view` was read
    bool failed = false;       // any statement failed (the exit code when piped)
};

void refresh(Session& session) {
    const std::int64_t version = session.store.data_version();
    if (!session.stale && version == session.read_version) return;
    session.read_version = version;
    session.view = GraphView::build(session.store);
    session.words = completion_words(session.view);
    session.graph = query::memory_graph_from_store(session.store);
    session.stale = false;
}

// Each query reads one state of the file, even while an ingest writes.
query::QueryResult run_query(Session& session, const std::string& text) {
    refresh(session);
    const query::PreparedQuery prepared = query::prepare(text);
    const bool writing = query_creates(prepared.query);
    query::QueryResult result;
    {
        const Store::Snapshot snapshot(session.store);
        // Ctrl-C cancels the query (QueryCancelled) instead of ending the shell.
        const CancelOnSignal cancel(session.interactive);
        query::QueryLimits limits = session.limits;
        limits.cancel = cancel.flag();
        result = query::execute(prepared, session.graph, {}, limits);
        for (const auto& row : result.rows)
            for (const query::Value& v : row) session.graph.hydrate(v);
    }
    if (writing) {
        Store writer = open_graph_for_writing(session.global);
        store_created(session.graph, writer, text, session.global.quiet);
        session.stale = true;  // after this result is printed, which reads `graph`
    }
    return result;
}

std::string elapsed_text(Clock::duration d) {
    const double ms = std::chrono::duration<double, std::milli>(d).count();
    char buf[32];
    if (ms < 1000)
        std::snprintf(buf, sizeof buf, "%.1f ms", ms);
    else
        std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
    return buf;
}

// Strings print as themselves; everything else in Cypher literal syntax.
std::string cell_text(const query::Value& v, const query::MemoryGraph& graph) {
    if (v.kind == query::Value::Kind::String) return v.text;
    return query::format_value(v, graph);
}

void run_statement(Session& session, const std::string& text) {
    try {
        const auto start = Clock::now();
        const query::QueryResult result = run_query(session, text);
        const auto took = Clock::now() - start;
        if (!result.columns.empty()) {
            Table table{result.columns, {}};
            for (const auto& row : result.rows) {
                std::vector<std::string> cells;
                for (const auto& v : row) cells.push_back(cell_text(v, session.graph));
                table.rows.push_back(std::move(cells));
            }
            print(table, Format::Table, std::cout);
        }
        std::cout << result.rows.size() << (result.rows.size() == 1 ? " row" : " rows") << " ("
                  << elapsed_text(took) << ")\n";
    } catch (const query::QueryCancelled&) {
        session.failed = true;
        std::cout.flush();
        std::cerr << "kg: query cancelled\n";
    } catch (const query::QueryTimeout& e) {
        session.failed = true;
        std::cout.flush();
        std::cerr << "kg: query timed out after "
                  << std::chrono::duration<double>(e.limit()).count()
                  << " s (kg shell --timeout SECONDS raises it)\n";
    } catch (const query::QueryRowLimit& e) {
        session.failed = true;
        std::cout.flush();
        std::cerr << "kg: query stopped: more than " << e.limit()
                  << " rows (kg shell --max-rows N raises the cap)\n";
    } catch (const query::QueryError& e) {
        session.failed = true;
        std::cout.flush();
        std::cerr << e.what() << '\n';
    } catch (const Error& e) {
        session.failed = true;
        std::cout.flush();
        std::cerr << "kg: " << e.what() << '\n';
    }
    std::cout.flush();
}

// Input split into statements: a ';' outside strings, `quoted names` and
// comments ends one. Lines are added as they come; what is left is an
// unfinished statement.
class StatementBuffer {
  public:
    // Error positions count from the statement's first word: what a user at
    // the prompt just typed. Piped input (a file of statements) wants them
    // counted in the input, so its statements come padded with the blank
    // lines and spaces before them.
    explicit StatementBuffer(bool input_positions = false) : input_positions_(input_positions) {}

    std::vector<std::string> add(const std::string& line) {
        text_ += line;
        text_ += '\n';
        std::vector<std::string> done;
        std::size_t start = 0;
        for (std::size_t end : terminators()) {
            const std::size_t first = std::min(text_.find_first_not_of(" \t\r\n", start), end);
            std::string statement = text_.substr(first, end - first);
            if (!blank(statement)) done.push_back(padding_to(first) + statement);
            start = end + 1;
        }
        advance(start);
        text_.erase(0, start);
        return done;
    }
    bool empty() const { return blank(text_); }
    // The quote character of a string or `name` the unfinished statement
    // has left open (0 when none), so the prompt can say why ';' did not end it.
    char open_quote() const { return scan().open_quote; }
    void clear() {
        advance(text_.size());
        text_.clear();
    }
    std::string take() {
        const std::size_t first = std::min(text_.find_first_not_of(" \t\r\n"), text_.size());
        std::string rest = padding_to(first) + text_.substr(first);
        clear();
        return rest;
    }

    static bool blank(const std::string& s) {
        return s.find_first_not_of(" \t\r\n") == std::string::npos;
    }

  private:
    // Where in the input a character stands, counted from 0.
    struct Position {
        std::size_t line = 0, column = 0;
    };
    // The position of text_[n], given that of text_[0].
    Position position_of(std::size_t n) const {
        Position p = start_;
        for (std::size_t i = 0; i < n && i < text_.size(); ++i)
            p = text_[i] == '\n' ? Position{p.line + 1, 0} : Position{p.line, p.column + 1};
        return p;
    }
    // Newlines and spaces that put text_[at] where it stood in the input.
    std::string padding_to(std::size_t at) const {
        if (!input_positions_) return {};
        const Position p = position_of(at);
        return std::string(p.line, '\n') + std::string(p.column, ' ');
    }
    // text_ is about to lose its first `n` characters.
    void advance(std::size_t n) { start_ = position_of(n); }

    struct Scan {
        std::vector<std::size_t> terminators;  // positions of the ';' that end statements
        char open_quote = 0;
    };
    std::vector<std::size_t> terminators() const { return scan().terminators; }
    Scan scan() const {
        Scan out;
        char& quote = out.open_quote;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            const char c = text_[i];
            const char next = i + 1 < text_.size() ? text_[i + 1] : 0;
            if (quote) {
                if (c == '\\' && quote != '`')
                    ++i;
                else if (c == quote)
                    quote = 0;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '/' && next == '/') {
                i = std::min(text_.find('\n', i), text_.size());
            } else if (c == '/' && next == '*') {
                const std::size_t close = text_.find("*/", i + 2);
                if (close == std::string::npos) break;  // still open
                i = close + 1;
            } else if (c == ';') {
                out.terminators.push_back(i);
            }
        }
        return out;
    }

    std::string text_;
    bool input_positions_ = false;
    Position start_;  // where text_[0] stands in the input
};

// Arguments of a colon command: words, or "quoted text" / 'quoted text'.
std::vector<std::string> split_arguments(const std::string& text) {
    std::vector<std::string> args;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        if (text[i] == '"' || text[i] == '\'') {
            const char q = text[i];
            const std::size_t close = text.find(q, i + 1);
            args.push_back(
                text.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1));
            i = close == std::string::npos ? text.size() : close + 1;
        } else {
            const std::size_t end = std::min(text.find(' ', i), text.size());
            args.push_back(text.substr(i, end - i));
            i = end;
        }
    }
    return args;
}

void print_help() {
    std::cout << "Type a Cypher query and end it with ';' (it may span lines), e.g.\n"
                 "  MATCH (a:Organization)-[r]->(b) RETURN a.name, type(r), b.name LIMIT 5;\n"
                 "Commands:\n"
                 "  :help                 this text\n"
                 "  :schema               labels and relation types, with counts\n"
                 "  :show NAME            every fact about an entity (as kg show)\n"
                 "  :path [--undirected] A B\n"
                 "                        shortest chains of facts from A to B (as kg path);\n"
                 "                        quote names with spaces: :path \"Satya Nadella\" "
                 "Microsoft\n"
                 "  :export FORMAT FILE   write the graph as dot, svg, png, jsonld, nt, graphml\n"
                 "                        or neo4j (FILE: a directory) (as kg export)\n"
                 "  :quit                 leave (also Ctrl-D)\n"
                 "Tab completes keywords, labels, relation types and entity names (inside "
                 "quotes).\n"
                 "CREATE stores its facts in the graph file (source 'manual'), as kg query "
                 "does.\n";
}

void print_schema(const Session& session) {
    const GraphView& view = session.view;
    std::map<std::string, std::size_t> labels, relations;
    for (VertexId v = 0; v < view.num_vertices(); ++v)
        ++labels[view.is_value(v) ? std::string("Value")
                                  : std::string(to_string(view.entity_type(v)))];
    for (FactIndex f = 0; f < view.num_facts(); ++f)
        ++relations[relationship_type(view.relation_name(view.fact(f).relation),
                                      view.fact(f).negated)];
    auto table_of = [](const std::string& heading, const std::map<std::string, std::size_t>& m) {
        std::vector<std::pair<std::string, std::size_t>> sorted(m.begin(), m.end());
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        Table t{{heading, "count"}, {}, {"count"}};
        for (const auto& [name, n] : sorted) t.rows.push_back({name, std::to_string(n)});
        return t;
    };
    print(table_of("label", labels), Format::Table, std::cout);
    std::cout << '\n';
    print(table_of("relation type", relations), Format::Table, std::cout);
}

// Runs a colon command; false when it asks to leave.
bool run_command(Session& session, const std::string& line) {
    refresh(session);
    const std::size_t start = line.find(':');
    const std::size_t space = std::min(line.find(' ', start), line.size());
    const std::string name = line.substr(start, space - start);
    const std::string rest = space < line.size() ? line.substr(space + 1) : "";
    const auto args = split_arguments(rest);
    try {
        if (name == ":quit" || name == ":exit" || name == ":q") return false;
        if (name == ":help" || name == ":h") {
            print_help();
        } else if (name == ":schema") {
            print_schema(session);
        } else if (name == ":show") {
            ShowOptions opts;
            opts.name = std::string(trim(rest));
            if (opts.name.size() > 1 && (opts.name[0] == '"' || opts.name[0] == '\'') &&
                opts.name.back() == opts.name[0])
                opts.name = opts.name.substr(1, opts.name.size() - 2);
            if (opts.name.empty()) throw Error("usage: :show NAME");
            opts.format = "table";
            print_show(session.store, opts);
        } else if (name == ":path") {
            PathOptions opts;
            auto names = args;
            if (!names.empty() && names.front() == "--undirected") {
                opts.undirected = true;
                names.erase(names.begin());
            }
            if (names.size() != 2)
                throw Error("usage: :path [--undirected] A B (quote names with spaces)");
            opts.from = names[0];
            opts.to = names[1];
            opts.format = "table";
            print_paths(session.store, session.view, opts);
        } else if (name == ":export") {
            const auto& formats = export_formats();
            if (args.size() != 2 ||
                std::find(formats.begin(), formats.end(), args[0]) == formats.end()) {
                std::string usage = "usage: :export ";
                for (const auto& f : formats) usage += (&f == &formats[0] ? "" : "|") + f;
                throw Error(usage + " FILE (a directory for neo4j)");
            }
            ExportOptions opts;
            opts.format = args[0];
            opts.output = args[1];
            write_export(session.store, opts);
            std::cout << "wrote " << args[1] << '\n';
        } else {
            throw Error("unknown command " + name + " (:help lists them)");
        }
    } catch (const Error& e) {
        session.failed = true;
        std::cout.flush();
        std::cerr << "kg: " << e.what() << '\n';
    }
    std::cout.flush();
    return true;
}

bool is_command(const std::string& line) {
    const std::size_t first = line.find_first_not_of(" \t");
    return first != std::string::npos && line[first] == ':';
}

std::string history_file() {
    if (const char* path = std::getenv("KG_HISTORY"); path && *path) return path;
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.kg_history";
    return "";
}

CompletionWords completion_words(const GraphView& view) {
    std::vector<std::string> entities;
    std::set<std::string> labels;
    std::set<std::string> relations;  // as queries name them (not-R for denials)
    for (VertexId v = 0; v < view.num_vertices(); ++v) {
        if (view.is_value(v)) {
            labels.insert("Value");
        } else {
            entities.emplace_back(view.name(v));
            labels.insert(std::string(to_string(view.entity_type(v))));
        }
    }
    for (FactIndex f = 0; f < view.num_facts(); ++f)
        relations.insert(
            relationship_type(view.relation_name(view.fact(f).relation), view.fact(f).negated));
    return CompletionWords(std::move(entities), {labels.begin(), labels.end()},
                           {relations.begin(), relations.end()});
}

// A history entry on one line: the statement's lines joined by spaces.
std::string one_line(const std::string& statement) {
    std::string out;
    for (char c : statement) out += c == '\n' ? ' ' : c;
    return std::string(trim(out)) + ";";
}

void run_interactive(Session& session, const std::string& loaded_in) {
    std::setlocale(LC_CTYPE, "");
    LineEditor editor("kg", history_file(), [&session](std::string_view line) {
        // Names another kg just ingested complete at once, not only after
        // the next statement.
        try {
            refresh(session);
        } catch (const Error&) {
            // The statement will say what is wrong with the file.
        }
        return complete(session.words, line);
    });
    std::cout << "kg shell on " << session.store.path() << ": " << session.view.num_entities()
              << " entities, " << session.view.num_facts() << " facts (loaded in " << loaded_in
              << ").\nEnd a query with ';'. :help lists commands, :quit leaves.\n";
    StatementBuffer buffer;
    for (;;) {
        // Inside an open string the prompt shows its quote: ';' does not end it.
        const char quote = buffer.empty() ? 0 : buffer.open_quote();
        const std::string prompt = buffer.empty() ? "kg> "
                                   : quote        ? std::string("  ") + quote + "> "
                                                  : "  -> ";
        const auto line = editor.read_line(prompt);
        if (!line) {
            std::cout << '\n';
            // As when piped: a last statement without its ';' still runs
            // (an open string then gets its error, not silence).
            if (!buffer.empty()) run_statement(session, buffer.take());
            break;
        }
        if (editor.interrupted()) {
            buffer.clear();
            continue;
        }
        if (buffer.empty() && is_command(*line)) {
            editor.remember(std::string(trim(*line)));
            if (!run_command(session, std::string(trim(*line)))) break;
            continue;
        }
        for (const auto& statement : buffer.add(*line)) {
            editor.remember(one_line(statement));
            run_statement(session, statement);
        }
    }
}

void run_piped(Session& session) {
    StatementBuffer buffer(true);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (buffer.empty() && is_command(line)) {
            if (!run_command(session, std::string(trim(line)))) return;
            buffer.add("");  // a line of the input all the same: later positions count it
            continue;
        }
        for (const auto& statement : buffer.add(line)) run_statement(session, statement);
    }
    // A last statement without its ';' still runs.
    if (!buffer.empty()) run_statement(session, buffer.take());
}

void run_shell(const GlobalOptions& global, const ShellLimits& options) {
    const auto start = Clock::now();
    Session session(open_graph_for_reading(global), global);
    session.limits.max_rows = options.max_rows;
    session.limits.timeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(options.timeout * 1000));
    session.interactive = isatty(STDIN_FILENO) == 1;
    const std::string loaded_in = elapsed_text(Clock::now() - start);
    if (isatty(STDIN_FILENO) == 1) {
        run_interactive(session, loaded_in);
    } else {
        run_piped(session);
        if (session.failed) throw CLI::RuntimeError(1);
    }
}

}  // namespace

void add_shell_command(CLI::App& app, const GlobalOptions& global) {
    auto* cmd = app.add_subcommand(
        "shell", "Interactive Cypher shell: queries ended by ';', :help for commands");
    auto limits = std::make_shared<ShellLimits>();
    add_query_limit_options(*cmd, limits->timeout, limits->max_rows);
    cmd->callback([&global, limits] { run_shell(global, *limits); });
}

}  // namespace kg::cli
