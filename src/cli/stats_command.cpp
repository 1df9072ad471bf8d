// kg stats: how big the graph is and what it is made of.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct StatsOptions {
    std::string format;
};

void run_stats(const StatsOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    const GraphStats s = store.stats();
    const Format format = resolve_format(opts.format);
    if (format == Format::Json) {
        nlohmann::json j{{"graph", store.path()},     {"sources", s.sources},
                         {"entities", s.entities},    {"facts", s.facts},
                         {"provenance", s.provenance}, {"relations", s.relations},
                         {"entity_types", s.entity_types}};
        std::cout << j.dump() << '\n';
        return;
    }
    Table table{{"what", "count"}, {}};
    table.rows.push_back({"sources", std::to_string(s.sources)});
    table.rows.push_back({"entities", std::to_string(s.entities)});
    table.rows.push_back({"facts", std::to_string(s.facts)});
    table.rows.push_back({"supporting sentences", std::to_string(s.provenance)});
    for (const auto& [type, n] : s.entity_types)
        table.rows.push_back({"entities: " + type, std::to_string(n)});
    for (const auto& [rel, n] : s.relations)
        table.rows.push_back({"facts: " + rel, std::to_string(n)});
    if (format == Format::Table) std::cout << store.path() << '\n';
    print(table, format, std::cout);
}

}  // namespace

void add_stats_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<StatsOptions>();
    auto* cmd = app.add_subcommand("stats", "Counts of sources, entities, facts and relations");
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] { run_stats(*opts, global); });
}

}  // namespace kg::cli
