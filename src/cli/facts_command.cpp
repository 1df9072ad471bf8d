// kg facts [--relation R] [--limit N]: the graph's facts, one per row.
#include <iostream>
#include <memory>
#include <set>

#include "commands.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct FactsOptions {
    std::string relation;
    std::size_t limit = 0;
    std::string format;
};

std::string confidence_text(double c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", c);
    return buf;
}

// Sources, not sentences: an article that repeats a fact still counts once.
std::size_t source_count(const Fact& f) {
    std::set<SourceId> sources;
    for (const auto& p : f.provenance) sources.insert(p.source);
    return sources.size();
}

void run_facts(const FactsOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    // Modality last: hedged ("may acquire"), planned, reported, or empty
    // for what the sources assert.
    Table table{{"subject", "relation", "object", "qualifiers", "polarity", "confidence", "sources",
                 "modality"},
                {},
                {"confidence", "sources"}};
    for (const auto& f : store.all_facts()) {
        if (!opts.relation.empty() && f.relation != opts.relation) continue;
        if (opts.limit && table.rows.size() >= opts.limit) break;
        table.rows.push_back({f.subject_name, f.relation, f.object_name,
                              display_qualifiers(f.qualifiers), f.negated ? "negative" : "positive",
                              confidence_text(f.confidence), std::to_string(source_count(f)),
                              f.modality});
    }
    print(table, resolve_format(opts.format), std::cout);
}

}  // namespace

void add_facts_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<FactsOptions>();
    auto* cmd = app.add_subcommand("facts", "List the graph's facts");
    cmd->add_option("--relation,-r", opts->relation, "only facts with this relation");
    cmd->add_option("--limit,-n", opts->limit, "at most N facts");
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] { run_facts(*opts, global); });
}

}  // namespace kg::cli
