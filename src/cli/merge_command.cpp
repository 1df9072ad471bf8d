// kg merge OTHER.db: fold another graph file into this one, under the same
// rules as ingest, so graphs built on several machines combine.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/graph/store.hpp"

namespace kg::cli {

void add_merge_command(CLI::App& app, const GlobalOptions& global) {
    auto other = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("merge", "Merge another graph file into this graph");
    cmd->add_option("other", *other, "the graph file to merge in")->required();
    cmd->callback([other, &global] {
        Store store = Store::open(default_graph_path(global.graph));
        const auto r = store.merge_from(*other);
        std::cout << "merged " << *other << ": " << r.sources_added << " sources added ("
                  << r.sources_skipped << " already here), " << r.facts_added << " facts added, "
                  << r.facts_merged << " merged, " << r.entities_added << " new entities\n";
    });
}

}  // namespace kg::cli
