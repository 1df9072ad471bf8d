// kg path A B [--max N] [--undirected]: the shortest chains of facts linking
// two entities, found by breadth-first search on the in-memory graph view.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/algorithms.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "output.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

// Every entity the name may mean (any spelling the store has seen).
std::vector<VertexId> vertices_named(const Store& store, const GraphView& view,
                                     const std::string& name) {
    std::vector<VertexId> out;
    for (const auto& e : store.find_entities(name))
        if (auto v = view.vertex_of(e.id)) out.push_back(*v);
    if (out.empty()) throw Error("no entity named '" + name + "' in " + store.path());
    return out;
}

// "Microsoft -[invested-in]-> OpenAI <-[ceo-of]- Sam Altman"
std::string path_text(const GraphView& view, const Path& p) {
    std::string s(view.name(p.vertices.front()));
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const auto rel = view.relation_name(view.fact(p.steps[i].fact).relation);
        s += p.steps[i].forward ? " -[" : " <-[";
        s += rel;
        s += p.steps[i].forward ? "]-> " : "]- ";
        s += view.name(p.vertices[i + 1]);
    }
    return s;
}

nlohmann::json path_json(const GraphView& view, const Path& p) {
    nlohmann::json j;
    j["path"] = path_text(view, p);
    j["length"] = p.steps.size();
    auto& facts = j["facts"] = nlohmann::json::array();
    for (const auto& s : p.steps) {
        const auto& f = view.fact(s.fact);
        facts.push_back({{"subject", view.name(f.subject)},
                         {"relation", view.relation_name(f.relation)},
                         {"object", view.name(f.object)}});
    }
    return j;
}

}  // namespace

void print_paths(const Store& store, const GraphView& view, const PathOptions& opts) {
    const Format format = resolve_format(opts.format);
    const auto froms = vertices_named(store, view, opts.from);
    const auto tos = vertices_named(store, view, opts.to);
    // A name can mean several entities (same key, different types): keep the
    // shortest paths over every pairing.
    std::vector<Path> best;
    for (const auto a : froms)
        for (const auto b : tos) {
            auto paths = shortest_paths(view, a, b, opts.max_paths, opts.undirected);
            if (paths.empty()) continue;
            if (!best.empty() && paths.front().steps.size() > best.front().steps.size()) continue;
            if (!best.empty() && paths.front().steps.size() < best.front().steps.size())
                best.clear();
            for (auto& p : paths)
                if (best.size() < opts.max_paths) best.push_back(std::move(p));
        }
    if (best.empty())
        throw Error("no path from '" + opts.from + "' to '" + opts.to + "'" +
                    (opts.undirected ? "" : " following facts forwards (try --undirected)"));
    if (format == Format::Json) {
        for (const auto& p : best)
            std::cout << path_json(view, p).dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace)
                      << '\n';
        return;
    }
    if (format == Format::Tsv) {
        Table table{{"length", "path"}, {}, {"length"}};
        for (const auto& p : best)
            table.rows.push_back({std::to_string(p.steps.size()), path_text(view, p)});
        print(table, Format::Tsv, std::cout);
        return;
    }
    for (const auto& p : best) std::cout << path_text(view, p) << '\n';
    if (best.size() == opts.max_paths)
        std::cout << "(showing the first " << opts.max_paths
                  << " shortest paths; --max N for more)\n";
}

void add_path_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<PathOptions>();
    auto* cmd = app.add_subcommand("path", "Shortest chains of facts linking two entities");
    cmd->add_option("from", opts->from, "entity the paths start from")->required();
    cmd->add_option("to", opts->to, "entity the paths end at")->required();
    cmd->add_option("--max,-m", opts->max_paths, "at most N paths (default 10)")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--undirected,-u", opts->undirected,
                  "also walk facts from object to subject (shown as <-[relation]-)");
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] {
        const Store store = open_graph_for_reading(global);
        print_paths(store, GraphView::build(store), *opts);
    });
}

}  // namespace kg::cli
