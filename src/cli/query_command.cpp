// kg query 'MATCH ...': runs one query (the openCypher subset of
// grammar/README.md) on the graph file and prints the result: an aligned
// table on a terminal, JSON Lines when piped, or --format csv/tsv/json.
// The graph is read lazily through the store's indexes (a query anchored on
// a name touches a few rows); CREATE writes its facts back as a source
// named "manual".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/store.hpp"
#include "kg/query/engine.hpp"
#include "kg/query/parameters.hpp"
#include "kg/query/parser.hpp"
#include "kg/query/schema_hints.hpp"
#include "kg/query/store_graph.hpp"
#include "kg/strings.hpp"
#include "output.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

using query::MemoryGraph;
using query::QueryResult;
using query::Value;
using K = query::Value::Kind;

struct QueryOptions {
    std::string text;
    std::string format;
    std::vector<std::string> params;
    double timeout = 30;
    std::size_t max_rows = 1'000'000;
};

enum class QueryFormat { Table, Json, Csv, Tsv };

QueryFormat query_format(const std::string& given) {
    const std::string flag = to_lower_ascii(given);
    if (flag == "csv") return QueryFormat::Csv;
    if (!flag.empty() && flag != "table" && flag != "json" && flag != "jsonl" && flag != "tsv")
        throw CLI::ValidationError("--format",
                                   "must be table, json, csv or tsv, not '" + flag + "'");
    switch (resolve_format(flag)) {
        case Format::Table:
            return QueryFormat::Table;
        case Format::Tsv:
            return QueryFormat::Tsv;
        case Format::Json:
            break;
    }
    return QueryFormat::Json;
}

// A cell for people and for tab/comma-separated files: strings as they are,
// null empty, everything else in Cypher's literal syntax.
std::string cell_text(const Value& v, const MemoryGraph& graph, bool null_as_word) {
    if (v.kind == K::String) return v.text;
    if (v.is_null()) return null_as_word ? "null" : "";
    return query::format_value(v, graph);
}

nlohmann::json to_json(const Value& v, const MemoryGraph& g) {
    switch (v.kind) {
        case K::Null:
            return nullptr;
        case K::Bool:
            return v.boolean;
        case K::Int:
            return v.integer;
        case K::Float:
            if (!std::isfinite(v.number)) return nullptr;
            return v.number;
        case K::String:
            return v.text;
        case K::List: {
            auto out = nlohmann::json::array();
            for (const Value& item : v.list) out.push_back(to_json(item, g));
            return out;
        }
        case K::Map: {
            auto out = nlohmann::json::object();
            for (const auto& [k, item] : v.map) out[k] = to_json(item, g);
            return out;
        }
        case K::Node: {
            const auto& n = g.nodes.at(v.id);
            return {{"id", g.node_id(v.id)},
                    {"labels", n.labels},
                    {"properties", to_json(n.properties, g)}};
        }
        case K::Relationship: {
            const auto& r = g.relationships.at(v.id);
            return {{"id", g.relationship_id(v.id)},
                    {"type", g.type_of(v.id)},
                    {"start", g.node_id(r.source)},
                    {"end", g.node_id(r.target)},
                    {"properties", to_json(r.properties, g)}};
        }
        case K::Path: {
            auto nodes = nlohmann::json::array(), rels = nlohmann::json::array();
            for (auto n : v.path_nodes) nodes.push_back(to_json(Value::of_node(n), g));
            for (auto r : v.path_rels) rels.push_back(to_json(Value::of_relationship(r), g));
            return {{"nodes", nodes}, {"relationships", rels}};
        }
    }
    return nullptr;
}

void print_result(const QueryResult& result, const MemoryGraph& graph, QueryFormat format) {
    if (result.columns.empty()) return;  // no RETURN (CREATE): nothing to print
    auto& out = std::cout;
    switch (format) {
        case QueryFormat::Json:
            for (const auto& row : result.rows) {
                // Keys in the order RETURN names them, as other Cypher tools print.
                auto j = nlohmann::ordered_json::object();
                for (std::size_t c = 0; c < result.columns.size(); ++c)
                    j[result.columns[c]] = to_json(row[c], graph);
                out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            }
            return;
        case QueryFormat::Csv:
            for (std::size_t c = 0; c < result.columns.size(); ++c)
                out << (c ? "," : "") << csv_field(result.columns[c]);
            out << "\r\n";
            for (const auto& row : result.rows) {
                for (std::size_t c = 0; c < row.size(); ++c)
                    out << (c ? "," : "") << csv_field(cell_text(row[c], graph, false));
                out << "\r\n";
            }
            return;
        case QueryFormat::Tsv:
        case QueryFormat::Table: {
            Table table{result.columns, {}};
            const bool tsv = format == QueryFormat::Tsv;
            for (const auto& row : result.rows) {
                std::vector<std::string> cells;
                for (const Value& v : row) cells.push_back(cell_text(v, graph, !tsv));
                table.rows.push_back(std::move(cells));
            }
            print(table, tsv ? Format::Tsv : Format::Table, out);
            if (!tsv)
                out << "(" << result.rows.size() << (result.rows.size() == 1 ? " row" : " rows")
                    << ")\n";
            return;
        }
    }
}

std::string seconds_text(std::chrono::milliseconds ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(ms.count()) / 1000.0);
    return buf;
}

[[noreturn]] void fail_quietly(const std::string& message) {
    std::cerr << message << '\n';
    throw CLI::RuntimeError(1);
}

void run_query(const QueryOptions& opts, const GlobalOptions& global) {
    const QueryFormat format = query_format(opts.format);
    query::Parameters params;
    try {
        for (const auto& p : opts.params)
            if (auto [it, fresh] = params.insert(query::parse_parameter(p)); !fresh)
                throw Error("--param " + it->first + " is given twice");
    } catch (const Error& e) {
        throw CLI::ValidationError(e.what());  // a usage error: exit status 2
    }
    query::QueryLimits limits;
    limits.max_rows = opts.max_rows;
    limits.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts.timeout * 1000));

    try {
        const query::Query parsed = query::parse_query(opts.text);
        const bool writing = query_creates(parsed);
        Store store = writing ? open_graph_for_writing(global) : open_graph_for_reading(global);
        MemoryGraph graph = query::memory_graph_from_store(store);
        QueryResult result;
        {
            const Store::Snapshot snapshot(store);  // one state of the graph throughout
            result = query::execute(parsed, opts.text, graph, params, limits);
            for (const auto& line : query::schema_hints(parsed, opts.text, graph))
                std::cerr << "kg: warning: " << line << '\n';
            for (const auto& row : result.rows)
                for (const Value& v : row) graph.hydrate(v);
        }
        if (writing) store_created(graph, store, opts.text, global.quiet);
        print_result(result, graph, format);
    } catch (const query::QueryTimeout& e) {
        fail_quietly("kg: query timed out after " + seconds_text(e.limit()) +
                     " s (raise it with --timeout SECONDS)");
    } catch (const query::QueryRowLimit& e) {
        fail_quietly("kg: query stopped: more than " + std::to_string(e.limit()) +
                     " rows (raise the cap with --max-rows N)");
    } catch (const query::QueryError& e) {
        fail_quietly(e.what());
    }
}

}  // namespace

// Only CREATE reaches the store; the other updating clauses would change
// facts that sources support, which is what `kg forget` and the correction
// commands are for.
bool query_creates(const query::Query& q) {
    bool any = false;
    for (const auto& part : q.parts)
        for (const auto& clause : part.clauses) {
            if (std::holds_alternative<query::Create>(clause.node)) any = true;
            if (std::holds_alternative<query::Merge>(clause.node) ||
                std::holds_alternative<query::Set>(clause.node) ||
                std::holds_alternative<query::Delete>(clause.node) ||
                std::holds_alternative<query::Remove>(clause.node))
                throw Error(
                    "kg changes the graph file only with CREATE; MERGE, SET, DELETE and "
                    "REMOVE are not stored (use kg forget, kg alias, kg merge-entities)");
        }
    return any;
}

void store_created(query::MemoryGraph& graph, Store& store, std::string_view text, bool quiet) {
    const auto r = query::persist_created(graph, store, text);
    if (quiet) return;
    if (r.duplicate)
        std::cerr << "kg: these facts were already added by hand; nothing stored\n";
    else if (r.facts_added + r.facts_merged > 0)
        std::cerr << "kg: stored " << r.facts_added
                  << (r.facts_added == 1 ? " new fact (" : " new facts (") << r.facts_merged
                  << " already known) and " << r.entities_added
                  << (r.entities_added == 1 ? " new entity" : " new entities")
                  << " from source 'manual'\n";
    if (r.nodes_not_stored)
        std::cerr << "kg: warning: " << r.nodes_not_stored
                  << " created nodes without relationships were not stored (kg stores facts)\n";
}

void add_query_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<QueryOptions>();
    auto* cmd =
        app.add_subcommand("query", "Run a Cypher query (MATCH ... RETURN ...) on the graph");
    cmd->add_option("query", opts->text,
                    "the query, e.g. \"MATCH (x {name: 'Microsoft'})-[r]->(o) "
                    "RETURN type(r), o.name\"")
        ->required();
    cmd->add_option("--format,-f", opts->format,
                    "table, json (JSON Lines), csv or tsv (default: table on a terminal, json "
                    "when piped)");
    cmd->add_option("--param,-p", opts->params,
                    "NAME=VALUE, used as $NAME; VALUE is a Cypher literal (42, 'text', [1, 2]) "
                    "or else a string")
        ->type_name("NAME=VALUE");
    add_query_limit_options(*cmd, opts->timeout, opts->max_rows);
    cmd->callback([opts, &global] { run_query(*opts, global); });
}

void add_query_limit_options(CLI::App& cmd, double& timeout_seconds, std::size_t& max_rows) {
    const CLI::Validator positive_seconds(
        [](std::string& text) -> std::string {
            double v = 0;
            std::size_t used = 0;
            try {
                v = std::stod(text, &used);
            } catch (const std::exception&) {
            }
            return used == text.size() && v > 0 && v < 1e9
                       ? ""
                       : "must be a positive number of seconds, not '" + text + "'";
        },
        "SECONDS");
    const CLI::Validator row_count(
        [](std::string& text) -> std::string {
            const bool digits =
                !text.empty() && text.size() < 19 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
            return digits && std::stoll(text) >= 1
                       ? ""
                       : "must be a whole number of rows, at least 1, not '" + text + "'";
        },
        "N");
    cmd.add_option("--timeout", timeout_seconds,
                   "stop a query after this many seconds (default 30)")
        ->check(positive_seconds);
    cmd.add_option("--max-rows", max_rows,
                   "stop a query when a step of it holds more rows (default 1,000,000)")
        ->check(row_count);
}

}  // namespace kg::cli
