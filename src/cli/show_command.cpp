// kg show NAME: every fact about an entity, each with the sentences and
// sources that support it.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct ShowOptions {
    std::string name;
    std::string format;
};

nlohmann::json fact_json(const Fact& f) {
    nlohmann::json j;
    j["subject"] = f.subject_name;
    j["relation"] = f.relation;
    j["object"] = f.object_name;
    if (f.object_value) j["value"] = *f.object_value;
    if (!f.qualifiers.empty()) j["qualifiers"] = qualifiers_to_json(f.qualifiers);
    j["polarity"] = f.negated ? "negative" : "positive";
    if (!f.modality.empty()) j["modality"] = f.modality;
    j["confidence"] = f.confidence;
    auto& prov = j["provenance"] = nlohmann::json::array();
    for (const auto& p : f.provenance)
        prov.push_back({{"source", p.source_uri},
                        {"sentence", p.sentence},
                        {"span", {p.span_begin, p.span_end}},
                        {"extractor", p.extractor}});
    return j;
}

void print_entity_text(const Store& store, const Entity& e) {
    std::cout << e.name << " (" << to_string(e.type) << ")";
    if (!e.aliases.empty()) {
        std::cout << ", also written";
        for (std::size_t i = 0; i < e.aliases.size(); ++i)
            std::cout << (i ? ", " : " ") << '"' << e.aliases[i] << '"';
    }
    std::cout << '\n';
    const auto facts = store.facts_about(e.id);
    if (facts.empty()) std::cout << "  no facts\n";
    for (const auto& f : facts) {
        std::cout << "  " << f.display();
        const auto q = display_qualifiers(f.qualifiers);
        if (!q.empty()) std::cout << "  (" << q << ")";
        if (!f.modality.empty()) std::cout << "  [" << f.modality << "]";
        std::cout << "  confidence " << f.confidence << '\n';
        for (const auto& p : f.provenance)
            std::cout << "      \"" << p.sentence << "\"\n        — " << p.source_uri << '\n';
    }
}

void run_show(const ShowOptions& opts, const GlobalOptions& global) {
    const Store store = open_graph_for_reading(global);
    const auto entities = store.find_entities(opts.name);
    if (entities.empty()) throw Error("no entity named '" + opts.name + "' in " + store.path());
    const Format format = resolve_format(opts.format);
    Table tsv{{"subject", "relation", "object", "qualifiers", "polarity", "confidence", "sources"},
              {}};
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const auto& e = entities[i];
        if (format == Format::Table) {
            if (i) std::cout << '\n';
            print_entity_text(store, e);
            continue;
        }
        for (const auto& f : store.facts_about(e.id)) {
            if (format == Format::Json) {
                std::cout << fact_json(f).dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace)
                          << '\n';
            } else {
                tsv.rows.push_back({f.subject_name, f.relation, f.object_name,
                                    display_qualifiers(f.qualifiers),
                                    f.negated ? "negative" : "positive",
                                    std::to_string(f.confidence),
                                    std::to_string(f.provenance.size())});
            }
        }
    }
    if (format == Format::Tsv) print(tsv, Format::Tsv, std::cout);
}

}  // namespace

void add_show_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ShowOptions>();
    auto* cmd = app.add_subcommand("show", "Every fact about an entity, with its sentences and sources");
    cmd->add_option("name", opts->name, "entity name (any spelling seen: \"Microsoft Corp.\")")
        ->required();
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->callback([opts, &global] { run_show(*opts, global); });
}

}  // namespace kg::cli
