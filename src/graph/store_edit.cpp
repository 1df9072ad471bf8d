// The Store's corrections and housekeeping: aliases, merging and splitting
// entities, forgetting a source, merging another graph file. Each operation
// is one transaction; name pins (table key_pins) make corrections last.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "entity_resolver.hpp"
#include "fact_writer.hpp"
#include "forget_source.hpp"
#include "kg/error.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/entity_key.hpp"
#include "kg/graph/store.hpp"
#include "sqlite.hpp"

namespace kg {
namespace {

struct EntityRecord {
    EntityId id = 0;
    std::string name, key, type;
    std::int64_t mentions = 0;
};

EntityRecord entity_record(sqlite::Database& db, EntityId id) {
    sqlite::Statement st(db, "SELECT name, key, type, mentions FROM entities WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error("no entity with id " + std::to_string(id) + " in " + db.path());
    EntityRecord e{id, st.text(0), st.text(1), st.text(2), st.integer(3)};
    st.reset();
    return e;
}

void pin(sqlite::Database& db, const std::string& key, EntityId id, std::string_view kind) {
    sqlite::Statement st(db,
                         "INSERT OR REPLACE INTO key_pins(key, entity_id, kind, created_at) "
                         "VALUES(?, ?, ?, ?)");
    st.bind(1, std::string_view(key))
        .bind(2, id)
        .bind(3, kind)
        .bind(4, std::string_view(utc_now_iso()));
    st.run();
}

// Re-derives each fact from the provenance it has left: confidence is the
// noisy-or over sources (each source's strongest statement), qualifiers
// merged in the order they were stated (merge_qualifiers). A fact with no provenance left is
// deleted. Returns how many were deleted.
std::size_t recompute_facts(sqlite::Database& db, const std::set<FactId>& facts) {
    sqlite::Statement support(db,
                              "SELECT source_id, confidence, qualifiers FROM provenance "
                              "WHERE fact_id = ? ORDER BY id");
    sqlite::Statement remove(db, "DELETE FROM facts WHERE id = ?");
    sqlite::Statement update(db, "UPDATE facts SET confidence = ?, qualifiers = ? WHERE id = ?");
    std::size_t removed = 0;
    for (FactId fact : facts) {
        std::map<SourceId, double> strongest;
        nlohmann::json qualifiers = nlohmann::json::object();
        support.bind(1, fact);
        while (support.step()) {
            auto& c = strongest[support.integer(0)];
            c = std::max(c, support.real(1));
            merge_qualifiers(qualifiers, nlohmann::json::parse(support.text(2)));
        }
        if (strongest.empty()) {
            remove.bind(1, fact);
            remove.run();
            ++removed;
            continue;
        }
        double confidence = 0;
        for (const auto& [source, c] : strongest) confidence = noisy_or(confidence, c);
        update.bind(1, confidence).bind(2, std::string_view(qualifiers.dump())).bind(3, fact);
        update.run();
    }
    return removed;
}

// The fact (subject, relation, object_key, negated) if it exists, else 0.
FactId find_fact(sqlite::Database& db, EntityId subject, const std::string& relation,
                 const std::string& okey, bool negated) {
    sqlite::Statement st(db,
                         "SELECT id FROM facts WHERE subject_id = ? AND relation = ? AND "
                         "object_key = ? AND negated = ?");
    st.bind(1, subject)
        .bind(2, std::string_view(relation))
        .bind(3, std::string_view(okey))
        .bind(4, std::int64_t{negated});
    if (!st.step()) return 0;
    const auto id = st.integer(0);
    st.reset();
    return id;
}

// Deletes the entities among `candidates` that no fact mentions and no pin names.
std::size_t remove_orphans(sqlite::Database& db, const std::set<EntityId>& candidates) {
    sqlite::Statement used(
        db,
        "SELECT (SELECT count(*) FROM facts WHERE subject_id = ?1 OR "
        "object_id = ?1) + (SELECT count(*) FROM key_pins WHERE entity_id = ?1)");
    sqlite::Statement drop_aliases(db, "DELETE FROM aliases WHERE entity_id = ?");
    sqlite::Statement drop(db, "DELETE FROM entities WHERE id = ?");
    std::size_t removed = 0;
    for (EntityId id : candidates) {
        used.bind(1, id);
        used.step();
        const auto n = used.integer(0);
        used.reset();
        if (n > 0) continue;
        drop_aliases.bind(1, id);
        drop_aliases.run();
        drop.bind(1, id);
        drop.run();
        ++removed;
    }
    return removed;
}

}  // namespace

void Store::add_alias(EntityId id, std::string_view alias) {
    auto& db = database();
    sqlite::Transaction tx(db);
    const auto e = entity_record(db, id);
    const std::string key = entity_key(alias);
    if (key.empty()) throw Error("'" + std::string(alias) + "' is not a usable name");
    if (alias != e.name) {
        sqlite::Statement st(
            db, "INSERT OR IGNORE INTO aliases(entity_id, alias, key) VALUES(?, ?, ?)");
        st.bind(1, id).bind(2, alias).bind(3, std::string_view(key));
        st.run();
    }
    pin(db, key, id, "alias");
    tx.commit();
}

void Store::merge_entities(EntityId keep, EntityId gone) {
    if (keep == gone) throw Error("cannot merge an entity with itself");
    auto& db = database();
    sqlite::Transaction tx(db);
    const auto k = entity_record(db, keep);
    const auto g = entity_record(db, gone);

    struct Row {
        FactId id;
        EntityId subject;
        std::string relation;
        std::optional<EntityId> object;
        std::string okey;
        bool negated;
    };
    std::vector<Row> rows;
    {
        sqlite::Statement st(db,
                             "SELECT id, subject_id, relation, object_id, object_key, negated "
                             "FROM facts WHERE subject_id = ?1 OR object_id = ?1");
        st.bind(1, gone);
        while (st.step())
            rows.push_back(Row{st.integer(0), st.integer(1), st.text(2),
                               st.is_null(3) ? std::nullopt : std::optional(st.integer(3)),
                               st.text(4), st.integer(5) != 0});
    }
    sqlite::Statement move_support(db, "UPDATE provenance SET fact_id = ? WHERE fact_id = ?");
    sqlite::Statement drop_fact(db, "DELETE FROM facts WHERE id = ?");
    sqlite::Statement repoint(db,
                              "UPDATE facts SET subject_id = ?, object_id = ?, object_key = ? "
                              "WHERE id = ?");
    std::set<FactId> touched;
    for (const auto& r : rows) {
        const EntityId subject = r.subject == gone ? keep : r.subject;
        std::optional<EntityId> object = r.object;
        if (object && *object == gone) object = keep;
        const std::string okey = object ? object_key(object, nullptr) : r.okey;
        const FactId existing = find_fact(db, subject, r.relation, okey, r.negated);
        if (existing && existing != r.id) {
            move_support.bind(1, existing).bind(2, r.id);
            move_support.run();
            drop_fact.bind(1, r.id);
            drop_fact.run();
            touched.insert(existing);
            continue;
        }
        repoint.bind(1, subject);
        if (object)
            repoint.bind(2, *object);
        else
            repoint.bind_null(2);
        repoint.bind(3, std::string_view(okey)).bind(4, r.id);
        repoint.run();
    }
    db.exec("INSERT OR IGNORE INTO aliases(entity_id, alias, key) SELECT " + std::to_string(keep) +
            ", alias, key FROM aliases WHERE entity_id = " + std::to_string(gone));
    db.exec("DELETE FROM aliases WHERE entity_id = " + std::to_string(gone));
    if (g.name != k.name) {
        sqlite::Statement st(
            db, "INSERT OR IGNORE INTO aliases(entity_id, alias, key) VALUES(?, ?, ?)");
        st.bind(1, keep).bind(2, std::string_view(g.name)).bind(3, std::string_view(g.key));
        st.run();
    }
    db.exec("UPDATE key_pins SET entity_id = " + std::to_string(keep) +
            " WHERE entity_id = " + std::to_string(gone));
    pin(db, g.key, keep, "merge");
    {
        sqlite::Statement st(db,
                             "UPDATE entities SET mentions = mentions + ?2, type = CASE WHEN "
                             "type = 'Other' THEN ?3 ELSE type END WHERE id = ?1");
        st.bind(1, keep).bind(2, g.mentions).bind(3, std::string_view(g.type));
        st.run();
    }
    db.exec("DELETE FROM entities WHERE id = " + std::to_string(gone));
    recompute_facts(db, touched);
    tx.commit();
}

EntityId Store::split_entity(EntityId id, std::string_view alias, EntityType type) {
    auto& db = database();
    sqlite::Transaction tx(db);
    const auto e = entity_record(db, id);
    const std::string akey = entity_key(alias);
    if (akey == e.key)
        throw Error("'" + std::string(alias) + "' is " + e.name +
                    "'s own name; split off one of its other names");

    sqlite::Statement insert(db,
                             "INSERT INTO entities(name, key, type, mentions) VALUES(?, ?, ?, 0)");
    insert.bind(1, alias).bind(2, std::string_view(akey)).bind(3, to_string(type));
    insert.run();
    const EntityId fresh = sqlite3_last_insert_rowid(db.get());

    struct Row {
        std::int64_t provenance;
        FactId fact;
        std::string subject_text, object_text;
        EntityId subject;
        std::string relation;
        std::optional<EntityId> object;
        std::string object_value, okey, modality;
        bool negated;
    };
    std::vector<Row> rows;
    {
        sqlite::Statement st(db,
                             "SELECT p.id, p.fact_id, p.subject_text, p.object_text, f.subject_id, "
                             "f.relation, f.object_id, f.object_value, f.object_key, f.modality, "
                             "f.negated FROM provenance p JOIN facts f ON f.id = p.fact_id "
                             "WHERE f.subject_id = ?1 OR f.object_id = ?1 ORDER BY p.id");
        st.bind(1, id);
        while (st.step())
            rows.push_back(Row{st.integer(0), st.integer(1), st.text(2), st.text(3), st.integer(4),
                               st.text(5),
                               st.is_null(6) ? std::nullopt : std::optional(st.integer(6)),
                               st.text(7), st.text(8), st.text(9), st.integer(10) != 0});
    }
    sqlite::Statement add_fact(db,
                               "INSERT INTO facts(subject_id, relation, object_id, object_value, "
                               "object_key, negated, modality, qualifiers, confidence) "
                               "VALUES(?, ?, ?, ?, ?, ?, ?, '{}', 0)");
    sqlite::Statement move(db, "UPDATE provenance SET fact_id = ? WHERE id = ?");
    std::set<FactId> touched;
    std::int64_t moved = 0;
    for (const auto& r : rows) {
        const bool subject_moves = r.subject == id && entity_key(r.subject_text) == akey;
        const bool object_moves = r.object && *r.object == id && entity_key(r.object_text) == akey;
        if (!subject_moves && !object_moves) continue;
        const EntityId subject = subject_moves ? fresh : r.subject;
        const std::optional<EntityId> object = object_moves ? std::optional(fresh) : r.object;
        const std::string okey = object ? object_key(object, nullptr) : r.okey;
        FactId target = find_fact(db, subject, r.relation, okey, r.negated);
        if (!target) {
            add_fact.bind(1, subject).bind(2, std::string_view(r.relation));
            if (object)
                add_fact.bind(3, *object).bind_null(4);
            else
                add_fact.bind_null(3).bind(4, std::string_view(r.object_value));
            add_fact.bind(5, std::string_view(okey))
                .bind(6, std::int64_t{r.negated})
                .bind(7, std::string_view(r.modality));
            add_fact.run();
            target = sqlite3_last_insert_rowid(db.get());
        }
        move.bind(1, target).bind(2, r.provenance);
        move.run();
        touched.insert(target);
        touched.insert(r.fact);
        ++moved;
    }
    sqlite::Statement unalias(db, "DELETE FROM aliases WHERE entity_id = ? AND key = ?");
    unalias.bind(1, id).bind(2, std::string_view(akey));
    unalias.run();
    if (moved == 0 && sqlite3_changes(db.get()) == 0)
        throw Error(e.name + " was never called '" + std::string(alias) + "'; nothing to split");
    sqlite::Statement mentions(
        db, "UPDATE entities SET mentions = max(0, mentions - ?2) WHERE id = ?1");
    mentions.bind(1, id).bind(2, moved);
    mentions.run();
    mentions.bind(1, fresh).bind(2, -moved);
    mentions.run();
    pin(db, akey, fresh, "split");
    recompute_facts(db, touched);
    tx.commit();
    return fresh;
}

std::optional<SourceRecord> Store::source_by_uri(std::string_view uri) const {
    for (auto& s : sources())
        if (s.uri == uri) return s;
    return std::nullopt;
}

Store::ForgetReport forget_source(sqlite::Database& db, SourceId source) {
    std::set<FactId> touched;
    std::set<EntityId> entities;
    {
        sqlite::Statement st(db,
                             "SELECT DISTINCT f.id, f.subject_id, f.object_id FROM provenance p "
                             "JOIN facts f ON f.id = p.fact_id WHERE p.source_id = ?");
        st.bind(1, source);
        while (st.step()) {
            touched.insert(st.integer(0));
            entities.insert(st.integer(1));
            if (!st.is_null(2)) entities.insert(st.integer(2));
        }
    }
    sqlite::Statement drop(db, "DELETE FROM provenance WHERE source_id = ?");
    drop.bind(1, source);
    drop.run();
    Store::ForgetReport report;
    report.facts_removed = recompute_facts(db, touched);
    report.facts_kept = touched.size() - report.facts_removed;
    report.entities_removed = remove_orphans(db, entities);
    sqlite::Statement drop_source(db, "DELETE FROM sources WHERE id = ?");
    drop_source.bind(1, source);
    drop_source.run();
    return report;
}

Store::ForgetReport Store::forget(SourceId source) {
    auto& db = database();
    sqlite::Transaction tx(db);
    const ForgetReport report = forget_source(db, source);
    tx.commit();
    return report;
}

Store::MergeReport Store::merge_from(const std::string& other_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::equivalent(other_path, path(), ec))
        throw Error(other_path + ": cannot merge a graph into itself");
    if (!fs::exists(other_path, ec)) throw Error(other_path + ": no such graph file");
    const Store other = Store::open(other_path, OpenMode::ReadOnly);
    auto& db = database();
    auto& from = other.database();

    std::map<EntityId, std::vector<std::string>> aliases_cache;
    auto aliases_of = [&](EntityId id) -> const std::vector<std::string>& {
        auto [it, fresh] = aliases_cache.try_emplace(id);
        if (fresh) {
            sqlite::Statement st(from,
                                 "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias");
            st.bind(1, id);
            while (st.step()) it->second.push_back(st.text(0));
        }
        return it->second;
    };

    MergeReport report;
    sqlite::Statement rows(from,
                           "SELECT p.sentence, p.span_begin, p.span_end, p.extractor, "
                           "p.confidence, p.qualifiers, p.subject_text, p.object_text, f.relation, "
                           "f.negated, f.modality, f.object_value, s.id, s.name, s.type, o.id, "
                           "o.name, o.type FROM provenance p JOIN facts f ON f.id = p.fact_id "
                           "JOIN entities s ON s.id = f.subject_id "
                           "LEFT JOIN entities o ON o.id = f.object_id "
                           "WHERE p.source_id = ? ORDER BY p.id");
    for (const auto& source : other.sources()) {
        if (source_by_hash(source.content_hash)) {
            ++report.sources_skipped;
            continue;
        }
        sqlite::Transaction tx(db);
        const SourceId here = insert_source(db, source);
        EntityResolver resolver(db);
        FactWriter writer(db, here);
        rows.bind(1, source.id);
        while (rows.step()) {
            Argument subject;
            subject.text = rows.text(13);
            subject.type = entity_type_from_string(rows.text(14));
            subject.aliases = aliases_of(rows.integer(12));
            const auto qualifiers = qualifiers_from_json(nlohmann::json::parse(rows.text(5)));
            const std::string relation = rows.text(8);
            const std::string modality = rows.text(10);
            FactStatement f;
            Value value;
            f.subject = resolver.resolve(subject, report.entities_added);
            if (rows.is_null(15)) {
                value = nlohmann::json::parse(rows.text(11)).get<Value>();
                f.object_value = &value;
            } else {
                Argument object;
                object.text = rows.text(16);
                object.type = entity_type_from_string(rows.text(17));
                object.aliases = aliases_of(rows.integer(15));
                f.object_entity = resolver.resolve(object, report.entities_added);
            }
            f.relation = relation;
            f.qualifiers = &qualifiers;
            f.negated = rows.integer(9) != 0;
            f.modality = modality;
            const std::string sentence = rows.text(0), extractor = rows.text(3);
            const std::string subject_text = rows.text(6), object_text = rows.text(7);
            Support support{sentence,
                            static_cast<std::size_t>(rows.integer(1)),
                            static_cast<std::size_t>(rows.integer(2)),
                            extractor,
                            rows.real(4),
                            subject_text,
                            object_text};
            switch (writer.add(f, support)) {
                case WriteOutcome::Added:
                    ++report.facts_added;
                    break;
                case WriteOutcome::Merged:
                    ++report.facts_merged;
                    break;
                case WriteOutcome::Repeated:
                    break;
            }
        }
        resolver.flush();
        tx.commit();
        ++report.sources_added;
    }

    // The other graph's corrections come along where this graph has none for the name.
    sqlite::Statement pins(from,
                           "SELECT p.key, p.kind, e.name, e.type FROM key_pins p "
                           "JOIN entities e ON e.id = p.entity_id ORDER BY p.created_at");
    sqlite::Transaction tx(db);
    EntityResolver resolver(db);
    sqlite::Statement pinned(db, "SELECT 1 FROM key_pins WHERE key = ?");
    while (pins.step()) {
        const std::string key = pins.text(0);
        pinned.bind(1, std::string_view(key));
        const bool here = pinned.step();
        pinned.reset();
        if (here) continue;
        Argument a;
        a.text = pins.text(2);
        a.type = entity_type_from_string(pins.text(3));
        pin(db, key, resolver.resolve(a, report.entities_added), pins.text(1));
    }
    tx.commit();
    return report;
}

}  // namespace kg
