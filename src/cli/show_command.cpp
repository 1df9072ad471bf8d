// kg show NAME: every fact about an entity, each with the sentences and
// sources that support it. With --depth N (N > 1): the entities within N hops
// and the facts among them, from the in-memory graph view.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/algorithms.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "output.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

constexpr std::size_t kTerminalLimit = 50;

std::size_t effective_limit(const ShowOptions& opts, Format format) {
    if (opts.limit) return *opts.limit;
    return format == Format::Table ? kTerminalLimit : 0;
}

// Whether a sentence stated another value (amount, date) for one of the
// fact's qualifiers: the fact keeps those the other sentences agree on.
bool contradicts(const Fact& f, const Provenance& p) {
    for (const auto& [key, value] : p.qualifiers) {
        auto it = f.qualifiers.find(key);
        if (it != f.qualifiers.end() &&
            display_qualifiers({{key, value}}) != display_qualifiers({{key, it->second}}))
            return true;
    }
    return false;
}

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
    for (const auto& p : f.provenance) {
        nlohmann::json support = {{"source", p.source_uri},
                                  {"sentence", p.sentence},
                                  {"span", {p.span_begin, p.span_end}},
                                  {"extractor", p.extractor}};
        if (contradicts(f, p)) support["qualifiers"] = qualifiers_to_json(p.qualifiers);
        prov.push_back(std::move(support));
    }
    return j;
}

// The date a fact speaks of: its date qualifier, else the earliest
// publication date among its sources, else none.
std::string fact_date(const Fact& f) {
    if (auto it = f.qualifiers.find("date"); it != f.qualifiers.end()) return it->second.date;
    std::string earliest;
    for (const auto& p : f.provenance)
        if (!p.source_published.empty() && (earliest.empty() || p.source_published < earliest))
            earliest = p.source_published;
    return earliest;
}

// Facts grouped by (subject, relation) in order of first appearance, each
// group in date order, so values that changed over time ("valued-at $150B",
// later "$300B") read as a history rather than a contradiction.
void order_by_date(std::vector<Fact>& facts) {
    std::map<std::pair<EntityId, std::string>, std::size_t> group;
    for (const auto& f : facts) group.try_emplace({f.subject, f.relation}, group.size());
    std::stable_sort(facts.begin(), facts.end(), [&](const Fact& a, const Fact& b) {
        const auto ga = group.at({a.subject, a.relation}), gb = group.at({b.subject, b.relation});
        if (ga != gb) return ga < gb;
        // Undated facts come after dated ones, in the order the store gave.
        const auto da = fact_date(a), db = fact_date(b);
        return std::pair(da.empty(), da) < std::pair(db.empty(), db);
    });
}

void print_entity_text(const Store& store, const Entity& e, std::size_t limit) {
    std::cout << e.name << " (" << to_string(e.type) << ")";
    if (!e.aliases.empty()) {
        std::cout << ", also written";
        for (std::size_t i = 0; i < e.aliases.size(); ++i)
            std::cout << (i ? ", " : " ") << '"' << e.aliases[i] << '"';
    }
    std::cout << '\n';
    // A hub can have 100,000 facts: fetch only what is shown, count the rest.
    auto facts = store.facts_about(e.id, limit);
    order_by_date(facts);
    if (facts.empty()) std::cout << "  no facts\n";
    for (const auto& f : facts) {
        std::cout << "  " << f.display();
        const auto q = display_qualifiers(f.qualifiers);
        if (!q.empty()) std::cout << "  (" << q << ")";
        if (!f.modality.empty()) std::cout << "  [" << f.modality << "]";
        std::cout << "  confidence " << f.confidence << '\n';
        for (const auto& p : f.provenance) {
            std::cout << "      \"" << p.sentence << "\"\n        — " << p.source_uri
                      << (p.source_published.empty() ? "" : ", " + p.source_published);
            // A sentence that gives other details (another amount) says so.
            if (contradicts(f, p))
                std::cout << "  (this sentence: " << display_qualifiers(p.qualifiers) << ")";
            std::cout << '\n';
        }
    }
    if (limit && facts.size() == limit) {
        const std::size_t total = store.count_facts_about(e.id);
        if (total > limit)
            std::cout << "  ... and " << total - limit << " more facts (--limit 0 shows all)\n";
    }
}

// --depth N > 1: a breadth-first neighbourhood on the graph view (both
// directions, asserted facts), then every fact among the entities found.
void show_neighbourhood(const Store& store, const std::vector<Entity>& entities,
                        const ShowOptions& opts, Format format) {
    const GraphView view = GraphView::build(store);
    const std::size_t limit = effective_limit(opts, format);
    Table facts_table{
        {"subject", "relation", "object", "polarity", "confidence"}, {}, {"confidence"}};
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const auto v = view.vertex_of(entities[i].id);
        if (!v) continue;
        const Neighbourhood hood = neighbourhood(view, *v, opts.depth);
        auto fact_cells = [&](FactIndex fi) {
            const auto& f = view.fact(fi);
            char conf[16];
            std::snprintf(conf, sizeof conf, "%.2f", f.confidence);
            return std::vector<std::string>{
                std::string(view.name(f.subject)), std::string(view.relation_name(f.relation)),
                std::string(view.name(f.object)), f.negated ? "negative" : "positive", conf};
        };
        if (format == Format::Json) {
            for (std::size_t k = 0; k < hood.vertices.size(); ++k) {
                const VertexId u = hood.vertices[k];
                nlohmann::json j{
                    {"kind", "entity"},
                    {"entity", view.name(u)},
                    {"type", view.is_value(u) ? std::string("Value")
                                              : std::string(to_string(view.entity_type(u)))},
                    {"hops", hood.depth[k]}};
                std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << '\n';
            }
            for (std::size_t k = 0; k < hood.facts.size() && (!limit || k < limit); ++k) {
                const auto cells = fact_cells(hood.facts[k]);
                const auto& f = view.fact(hood.facts[k]);
                nlohmann::json j{{"kind", "fact"},       {"subject", cells[0]},
                                 {"relation", cells[1]}, {"object", cells[2]},
                                 {"polarity", cells[3]}, {"confidence", f.confidence}};
                std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << '\n';
            }
            continue;
        }
        if (format == Format::Tsv) {
            for (std::size_t k = 0; k < hood.facts.size() && (!limit || k < limit); ++k)
                facts_table.rows.push_back(fact_cells(hood.facts[k]));
            continue;
        }
        if (i) std::cout << '\n';
        std::cout << entities[i].name << " (" << to_string(entities[i].type)
                  << "): " << hood.vertices.size() - 1 << " entities within " << opts.depth
                  << " hops, " << hood.facts.size() << " facts among them\n";
        Table hops{{"entity", "type", "hops"}, {}, {"hops"}};
        for (std::size_t k = 1; k < hood.vertices.size() && (!limit || k <= limit); ++k) {
            const VertexId u = hood.vertices[k];
            hops.rows.push_back({std::string(view.name(u)),
                                 view.is_value(u) ? std::string("Value")
                                                  : std::string(to_string(view.entity_type(u))),
                                 std::to_string(hood.depth[k])});
        }
        print(hops, Format::Table, std::cout);
        if (limit && hood.vertices.size() - 1 > limit)
            std::cout << "... and " << hood.vertices.size() - 1 - limit
                      << " more entities (--limit 0 shows all)\n";
        std::cout << '\n';
        Table facts{
            {"subject", "relation", "object", "polarity", "confidence"}, {}, {"confidence"}};
        for (std::size_t k = 0; k < hood.facts.size() && (!limit || k < limit); ++k)
            facts.rows.push_back(fact_cells(hood.facts[k]));
        print(facts, Format::Table, std::cout);
        if (limit && hood.facts.size() > limit)
            std::cout << "... and " << hood.facts.size() - limit
                      << " more facts (--limit 0 shows all)\n";
    }
    if (format == Format::Tsv) print(facts_table, Format::Tsv, std::cout);
}

}  // namespace

void print_show(const Store& store, const ShowOptions& opts) {
    const auto entities = store.find_entities(opts.name);
    if (entities.empty()) throw Error("no entity named '" + opts.name + "' in " + store.path());
    const Format format = resolve_format(opts.format);
    if (opts.depth > 1) return show_neighbourhood(store, entities, opts, format);
    const std::size_t limit = effective_limit(opts, format);
    Table tsv{{"subject", "relation", "object", "qualifiers", "polarity", "confidence", "sources"},
              {},
              {"confidence", "sources"}};
    for (std::size_t i = 0; i < entities.size(); ++i) {
        const auto& e = entities[i];
        if (format == Format::Table) {
            if (i) std::cout << '\n';
            print_entity_text(store, e, limit);
            continue;
        }
        for (const auto& f : store.facts_about(e.id, limit)) {
            if (format == Format::Json) {
                std::cout << fact_json(f).dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace)
                          << '\n';
            } else {
                tsv.rows.push_back(
                    {f.subject_name, f.relation, f.object_name, display_qualifiers(f.qualifiers),
                     f.negated ? "negative" : "positive", std::to_string(f.confidence),
                     std::to_string(f.provenance.size())});
            }
        }
    }
    if (format == Format::Tsv) print(tsv, Format::Tsv, std::cout);
}

void add_show_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ShowOptions>();
    auto* cmd =
        app.add_subcommand("show", "Every fact about an entity, with its sentences and sources");
    cmd->add_option("name", opts->name, "entity name (any spelling seen: \"Microsoft Corp.\")")
        ->required();
    cmd->add_option("--format,-f", opts->format,
                    "table (default on a terminal), json (default when piped) or tsv");
    cmd->add_option("--depth,-d", opts->depth,
                    "N > 1: the entities within N hops and the facts among them (default 1)")
        ->check(CLI::PositiveNumber);
    cmd->add_option(
        "--limit,-n", opts->limit,
        "at most N facts per entity (default 50 on a terminal, all when piped; 0: all)");
    cmd->callback([opts, &global] { print_show(open_graph_for_reading(global), *opts); });
}

}  // namespace kg::cli
