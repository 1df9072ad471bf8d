// The Store's point lookups for the query engine, which fills its graph
// lazily: a one-shot `kg query` anchored on a name reads a few index ranges
// instead of building the whole graph view.
#include <nlohmann/json.hpp>

#include "kg/extract/value_json.hpp"
#include "kg/graph/store.hpp"
#include "sqlite.hpp"

namespace kg {

namespace {

// Each direction reads one index range (facts_subject or facts_object, whose
// second column is the relation) and joins the entity at the other end by
// primary key.
void each_fact_of(sqlite::Statement& st, bool outgoing, const Store::FactOfFn& fn) {
    while (st.step()) {
        const bool value_object = st.is_null(3);
        const Store::FactRow fact{st.integer(0),
                                  st.integer(1),
                                  st.text_view(2),
                                  value_object ? 0 : st.integer(3),
                                  value_object ? st.text_view(4) : std::string_view{},
                                  st.integer(5) != 0,
                                  st.real(6)};
        Store::EntityRow other{0, {}, {}};
        if (!outgoing)
            other = Store::EntityRow{fact.subject, st.text_view(7), st.text_view(8)};
        else if (!value_object)
            other = Store::EntityRow{fact.object, st.text_view(7), st.text_view(8)};
        fn(fact, other);
    }
}

std::string facts_of_sql(bool outgoing, bool one_relation) {
    std::string sql =
        outgoing ? "SELECT f.id, f.subject_id, f.relation, f.object_id, f.object_value, "
                   "f.negated, f.confidence, o.name, o.type FROM facts f INDEXED BY facts_subject "
                   "LEFT JOIN entities o ON o.id = f.object_id WHERE f.subject_id = ?1"
                 : "SELECT f.id, f.subject_id, f.relation, f.object_id, f.object_value, "
                   "f.negated, f.confidence, s.name, s.type FROM facts f INDEXED BY facts_object "
                   "JOIN entities s ON s.id = f.subject_id WHERE f.object_id = ?1";
    if (one_relation) sql += " AND f.relation = ?2 AND f.negated = ?3";
    return sql + " ORDER BY f.id";
}

}  // namespace

void Store::for_each_fact_of(EntityId id, bool outgoing, const FactOfFn& fn) const {
    sqlite::Statement st(database(), facts_of_sql(outgoing, false));
    st.bind(1, id);
    each_fact_of(st, outgoing, fn);
}

void Store::for_each_fact_of(EntityId id, bool outgoing, std::string_view relation, bool negated,
                             const FactOfFn& fn) const {
    sqlite::Statement st(database(), facts_of_sql(outgoing, true));
    st.bind(1, id).bind(2, relation).bind(3, static_cast<std::int64_t>(negated ? 1 : 0));
    each_fact_of(st, outgoing, fn);
}

std::optional<Fact> Store::fact(FactId id) const {
    const sqlite::ReadTransaction snapshot(database());
    sqlite::Statement st(database(),
                         "SELECT f.subject_id, s.name, f.relation, f.object_id, o.name, "
                         "f.object_value, f.qualifiers, f.negated, f.modality, f.confidence "
                         "FROM facts f JOIN entities s ON s.id = f.subject_id "
                         "LEFT JOIN entities o ON o.id = f.object_id WHERE f.id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    Fact f;
    f.id = id;
    f.subject = st.integer(0);
    f.subject_name = st.text(1);
    f.relation = st.text(2);
    if (!st.is_null(3)) {
        f.object_entity = st.integer(3);
        f.object_name = st.text(4);
    } else {
        f.object_value = nlohmann::json::parse(st.text(5)).get<Value>();
        f.object_name = f.object_value->display();
    }
    f.qualifiers = qualifiers_from_json(nlohmann::json::parse(st.text(6)));
    f.negated = st.integer(7) != 0;
    f.modality = st.text(8);
    f.confidence = st.real(9);
    st.reset();
    sqlite::Statement prov(database(),
                           "SELECT p.source_id, s.uri, p.sentence, p.span_begin, p.span_end, "
                           "p.extractor, p.confidence, s.published, p.qualifiers FROM provenance p "
                           "JOIN sources s ON s.id = p.source_id WHERE p.fact_id = ? "
                           "ORDER BY p.id");
    prov.bind(1, id);
    while (prov.step()) {
        Provenance p;
        p.source = prov.integer(0);
        p.source_uri = prov.text(1);
        p.sentence = prov.text(2);
        p.span_begin = static_cast<std::size_t>(prov.integer(3));
        p.span_end = static_cast<std::size_t>(prov.integer(4));
        p.extractor = prov.text(5);
        p.confidence = prov.real(6);
        p.source_published = prov.text(7);
        p.qualifiers = qualifiers_from_json(nlohmann::json::parse(prov.text(8)));
        f.provenance.push_back(std::move(p));
    }
    return f;
}

std::vector<std::string> Store::relation_names(bool negated) const {
    sqlite::Statement st(database(),
                         "SELECT DISTINCT relation FROM facts WHERE negated = ? ORDER BY relation");
    st.bind(1, static_cast<std::int64_t>(negated ? 1 : 0));
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

bool Store::has_relation(std::string_view relation, bool negated) const {
    sqlite::Statement st(database(),
                         "SELECT 1 FROM facts WHERE relation = ? AND negated = ? LIMIT 1");
    st.bind(1, relation).bind(2, static_cast<std::int64_t>(negated ? 1 : 0));
    return st.step();
}

}  // namespace kg
