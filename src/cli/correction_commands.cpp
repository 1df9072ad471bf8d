// Corrections that last: kg alias, kg merge-entities, kg split-entity. Each
// is recorded in the graph, so later ingests and merges respect it.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/store.hpp"

namespace kg::cli {
namespace {

struct CorrectionOptions {
    std::string first, second, type = "Other";
};

std::string describe(const Entity& e) {
    return e.name + " (#" + std::to_string(e.id) + ", " + std::string(to_string(e.type)) + ")";
}

}  // namespace

void add_correction_commands(CLI::App& app, const GlobalOptions& global) {
    auto alias = std::make_shared<CorrectionOptions>();
    auto* a = app.add_subcommand("alias", "Record another name of an entity; later ingests use it");
    a->add_option("name", alias->first, "the entity (any spelling seen, or #ID)")->required();
    a->add_option("alias", alias->second, "the other name")->required();
    a->callback([alias, &global] {
        Store store = open_graph_for_writing(global);
        const Entity e = entity_named(store, alias->first);
        // A name two entities answer to makes every later lookup ambiguous:
        // the user meant the same entity, which is what merging says.
        for (const Entity& other : store.find_entities(alias->second))
            if (other.id != e.id)
                throw Error("'" + alias->second + "' already names " + describe(other) +
                            "; kg merge-entities '#" + std::to_string(e.id) + "' '#" +
                            std::to_string(other.id) + "' makes the two one entity");
        store.add_alias(e.id, alias->second);
        std::cout << "'" << alias->second << "' now names " << describe(e) << '\n';
    });

    auto merge = std::make_shared<CorrectionOptions>();
    auto* m = app.add_subcommand("merge-entities",
                                 "Fold entity B into entity A (facts, sources and names)");
    m->add_option("a", merge->first, "the entity to keep (name or #ID)")->required();
    m->add_option("b", merge->second, "the entity to fold into it (name or #ID)")->required();
    m->callback([merge, &global] {
        Store store = open_graph_for_writing(global);
        const Entity keep = entity_named(store, merge->first);
        const Entity gone = entity_named(store, merge->second);
        store.merge_entities(keep.id, gone.id);
        std::cout << "merged " << describe(gone) << " into " << describe(keep) << '\n';
    });

    auto split = std::make_shared<CorrectionOptions>();
    auto* s = app.add_subcommand(
        "split-entity", "Move what was said under one of an entity's names into its own entity");
    s->add_option("name", split->first, "the entity (name or #ID)")->required();
    s->add_option("alias", split->second, "the name whose statements move out")->required();
    s->add_option("--type,-t", split->type, "the new entity's type (default Other)")
        ->check(CLI::IsMember({"Organization", "Person", "Place", "Product", "Event", "Other"}));
    s->callback([split, &global] {
        Store store = open_graph_for_writing(global);
        const Entity e = entity_named(store, split->first);
        const EntityId fresh =
            store.split_entity(e.id, split->second, entity_type_from_string(split->type));
        std::cout << "'" << split->second << "' is now its own entity (#" << fresh
                  << "), apart from " << describe(e) << '\n';
    });
}

}  // namespace kg::cli
