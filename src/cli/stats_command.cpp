// kg stats: how big the graph is and what it is made of.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "kg/graph/algorithms.hpp"
#include "kg/graph/property_graph.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct StatsOptions {
    std::string format;
};

// Whole-graph figures computed on the in-memory view (about a second at 1M facts).
struct Structure {
    Components components;
    std::vector<std::pair<std::string, double>> central;  // top 10 by PageRank
};

Structure structure_of(const Store& store) {
    const GraphView view = GraphView::build(store);
    Structure s;
    s.components = connected_components(view);
    for (const auto& r : top_central(view, 10))
        s.central.emplace_back(std::string(view.name(r.vertex)), r.score);
    return s;
}

std::string score_text(double score) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", score);
    return buf;
}

void run_stats(const StatsOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    const GraphStats s = store.stats();
    const Format format = resolve_format(opts.format);
    const Structure structure = structure_of(store);
    const auto& comps = structure.components;
    const std::size_t largest = comps.sizes.empty() ? 0 : comps.sizes.front();
    if (format == Format::Json) {
        nlohmann::json j{{"graph", store.path()},      {"sources", s.sources},
                         {"entities", s.entities},     {"facts", s.facts},
                         {"provenance", s.provenance}, {"relations", s.relations},
                         {"denied", s.denied},         {"entity_types", s.entity_types}};
        j["components"] = comps.count;
        j["largest_component"] = largest;
        auto& central = j["central"] = nlohmann::json::array();
        for (const auto& [name, score] : structure.central)
            central.push_back({{"entity", name}, {"pagerank", score}});
        std::cout << j.dump() << '\n';
        return;
    }
    Table table{{"what", "count"}, {}, {"count"}};
    table.rows.push_back({"sources", std::to_string(s.sources)});
    table.rows.push_back({"entities", std::to_string(s.entities)});
    table.rows.push_back({"facts", std::to_string(s.facts)});
    table.rows.push_back({"supporting sentences", std::to_string(s.provenance)});
    for (const auto& [type, n] : s.entity_types)
        table.rows.push_back({"entities: " + type, std::to_string(n)});
    for (const auto& [rel, n] : s.relations)
        table.rows.push_back({"facts: " + rel, std::to_string(n)});
    // Named as queries name them: [:not-acquired].
    for (const auto& [rel, n] : s.denied)
        table.rows.push_back({"facts: " + relationship_type(rel, true), std::to_string(n)});
    table.rows.push_back({"connected components", std::to_string(comps.count)});
    table.rows.push_back({"largest component (entities)", std::to_string(largest)});
    for (std::size_t i = 0; i < structure.central.size(); ++i)
        table.rows.push_back(
            {"central " + std::to_string(i + 1) + ": " + structure.central[i].first,
             "pagerank " + score_text(structure.central[i].second)});
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
