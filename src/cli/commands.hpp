// The kg subcommands. Each lives in its own src/cli/<name>_command.cpp and
// registers itself on the CLI11 app; main.cpp only wires them together.
// Exit codes: 0 ok, 1 bad input or failure, 2 usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace kg::cli {

// Options every command sees (set on the top-level app).
struct GlobalOptions {
    std::string graph;  // --graph FILE; empty = $KG_GRAPH or ./kg.db
    bool quiet = false;
};

void add_ingest_command(CLI::App& app, const GlobalOptions& global);
void add_extract_command(CLI::App& app);
void add_parse_command(CLI::App& app);
void add_show_command(CLI::App& app, const GlobalOptions& global);
void add_facts_command(CLI::App& app, const GlobalOptions& global);
void add_stats_command(CLI::App& app, const GlobalOptions& global);
void add_sources_command(CLI::App& app, const GlobalOptions& global);
void add_export_command(CLI::App& app, const GlobalOptions& global);
void add_path_command(CLI::App& app, const GlobalOptions& global);
void add_import_command(CLI::App& app, const GlobalOptions& global);
void add_entities_command(CLI::App& app, const GlobalOptions& global);
void add_correction_commands(CLI::App& app,
                             const GlobalOptions& global);  // alias, merge-entities, split-entity
void add_forget_command(CLI::App& app, const GlobalOptions& global);
void add_merge_command(CLI::App& app, const GlobalOptions& global);
void add_shell_command(CLI::App& app, const GlobalOptions& global);
void add_query_command(CLI::App& app, const GlobalOptions& global);

}  // namespace kg::cli

#include "kg/graph/model.hpp"
#include "kg/source/fetch.hpp"

namespace kg {
class Store;
}

namespace kg::cli {

// Opens the graph that --graph/$KG_GRAPH/./kg.db names for reading; a
// missing file is a one-line error that says how to make one.
Store open_graph_for_reading(const GlobalOptions& global);
// The same for commands that change an existing graph.
Store open_graph_for_writing(const GlobalOptions& global);

// The one entity `name` designates: any spelling seen, or "#ID". Several
// entities of that name (a person and a company) are an error listing them.
Entity entity_named(const Store& store, const std::string& name);

// kg query's and kg shell's --timeout and --max-rows, checked alike: a
// positive number of seconds, a whole number of rows of at least 1 (a usage
// error, exit status 2, otherwise).
void add_query_limit_options(CLI::App& cmd, double& timeout_seconds, std::size_t& max_rows);

// --fetch-timeout for commands that read URLs.
void add_fetch_options(CLI::App& cmd, FetchOptions& fetch);

}  // namespace kg::cli
