// kg entities [--type T] [--duplicates]: the graph's entities with their
// fact counts and aliases, or the pairs that look like duplicates.
#include <iostream>
#include <memory>
#include <unordered_map>

#include "commands.hpp"
#include "kg/graph/duplicates.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct EntitiesOptions {
    std::string type;
    bool duplicates = false;
    std::string format;
};

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
    return out;
}

void run_entities(const EntitiesOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    const Format format = resolve_format(opts.format);
    if (opts.duplicates) {
        Table table{{"entity", "possible duplicate", "reason", "shared neighbours", "score"},
                    {},
                    {"shared neighbours", "score"}};
        for (const auto& c : suspected_duplicates(store)) {
            char score[16];
            std::snprintf(score, sizeof score, "%.2f", c.score);
            table.rows.push_back({"#" + std::to_string(c.a.id) + " " + c.a.name,
                                  "#" + std::to_string(c.b.id) + " " + c.b.name, c.reason,
                                  std::to_string(c.shared_neighbours), score});
        }
        print(table, format, std::cout);
        return;
    }
    std::unordered_map<EntityId, std::size_t> facts;
    store.for_each_fact([&](const Store::FactRow& f) {
        ++facts[f.subject];
        if (f.object && f.object != f.subject) ++facts[f.object];
    });
    Table table{{"name", "type", "facts", "aliases"}, {}, {"facts"}};
    for (const auto& e : store.all_entities()) {
        if (!opts.type.empty() && to_string(e.type) != opts.type) continue;
        table.rows.push_back(
            {e.name, std::string(to_string(e.type)), std::to_string(facts[e.id]), join(e.aliases)});
    }
    print(table, format, std::cout);
}

}  // namespace

void add_entities_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<EntitiesOptions>();
    auto* cmd = app.add_subcommand("entities", "List entities, or suspected duplicates to review");
    cmd->add_option("--type,-t", opts->type, "only this type")
        ->check(CLI::IsMember({"Organization", "Person", "Place", "Product", "Event", "Other"}));
    cmd->add_flag("--duplicates", opts->duplicates,
                  "list pairs that look like one entity (similar names, shared neighbours)");
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] { run_entities(*opts, global); });
}

}  // namespace kg::cli
