// kg sources: what has been ingested, when, and how much each source says.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct SourcesOptions {
    std::string format;
};

void run_sources(const SourcesOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    Table table{{"id", "source", "title", "published", "sentences", "facts", "ingested"},
                {},
                {"id", "sentences", "facts"}};
    for (const auto& s : store.sources())
        table.rows.push_back({std::to_string(s.id), s.uri, s.title, s.published,
                              std::to_string(s.sentences), std::to_string(s.facts), s.ingested_at});
    print(table, resolve_format(opts.format), std::cout);
}

}  // namespace

void add_sources_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<SourcesOptions>();
    auto* cmd = app.add_subcommand("sources", "The ingested sources");
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] { run_sources(*opts, global); });
}

}  // namespace kg::cli
