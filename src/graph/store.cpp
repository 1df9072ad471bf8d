#include "kg/graph/store.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <map>
#include <unordered_map>

#include "kg/error.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/graph/entity_key.hpp"
#include "sqlite.hpp"

namespace kg {
namespace {

constexpr int kSchemaVersion = 1;

// The data model of docs/architecture.md. Facts are unique per
// (subject, relation, object, polarity); object_key is "e:<id>" for an
// entity and "v:<Value::key()>" for a literal so both kinds share the index.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
  id INTEGER PRIMARY KEY,
  uri TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  published TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL UNIQUE,
  ingested_at TEXT NOT NULL,
  sentences INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS entities(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  mentions INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
CREATE TABLE IF NOT EXISTS aliases(
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  alias TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY(entity_id, alias));
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE TABLE IF NOT EXISTS facts(
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES entities(id),
  relation TEXT NOT NULL,
  object_id INTEGER REFERENCES entities(id),
  object_value TEXT,
  object_key TEXT NOT NULL,
  negated INTEGER NOT NULL DEFAULT 0,
  modality TEXT NOT NULL DEFAULT '',
  qualifiers TEXT NOT NULL DEFAULT '{}',
  confidence REAL NOT NULL,
  UNIQUE(subject_id, relation, object_key, negated));
CREATE INDEX IF NOT EXISTS facts_subject ON facts(subject_id, relation);
CREATE INDEX IF NOT EXISTS facts_object ON facts(object_id, relation);
CREATE TABLE IF NOT EXISTS provenance(
  id INTEGER PRIMARY KEY,
  fact_id INTEGER NOT NULL REFERENCES facts(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  sentence TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  extractor TEXT NOT NULL,
  confidence REAL NOT NULL,
  qualifiers TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS provenance_fact ON provenance(fact_id);
CREATE INDEX IF NOT EXISTS provenance_source ON provenance(source_id);
)sql";

std::string now_utc_iso() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Two supports that are each 60% sure make a fact 84% sure.
double noisy_or(double a, double b) { return 1.0 - (1.0 - a) * (1.0 - b); }

// Entity resolution for the foundation: names meet by normalized key
// (entity_key), through canonical names and recorded aliases. When several
// entities share the key, the one of the same type wins. One resolver serves
// one ingest transaction: statements are prepared once, and a spelling seen
// again in the same source is answered from memory.
class EntityResolver {
public:
    explicit EntityResolver(sqlite::Database& db)
        : db_(db),
          find_(db,
                "SELECT id, name, type FROM entities WHERE key = ?1 "
                "UNION SELECT e.id, e.name, e.type FROM aliases a "
                "JOIN entities e ON e.id = a.entity_id WHERE a.key = ?1"),
          insert_(db, "INSERT INTO entities(name, key, type, mentions) VALUES(?, ?, ?, 0)"),
          retype_(db, "UPDATE entities SET type = ?2 WHERE id = ?1 AND type = 'Other'"),
          alias_(db, "INSERT OR IGNORE INTO aliases(entity_id, alias, key) VALUES(?, ?, ?)"),
          mentions_(db, "UPDATE entities SET mentions = mentions + ?2 WHERE id = ?1") {}

    EntityId resolve(const Argument& arg, std::size_t& entities_added) {
        const std::string type(to_string(arg.type));
        const std::string cache_key = arg.text + '\t' + type;
        if (auto it = seen_.find(cache_key); it != seen_.end()) {
            ++mentions_of_[it->second];
            return it->second;
        }
        const EntityId id = lookup_or_insert(arg, type, entities_added);
        seen_.emplace(cache_key, id);
        ++mentions_of_[id];
        return id;
    }

    // Writes the mention counts gathered during the ingest.
    void flush() {
        for (const auto& [id, n] : mentions_of_) {
            mentions_.bind(1, id).bind(2, static_cast<std::int64_t>(n));
            mentions_.run();
        }
        mentions_of_.clear();
    }

private:
    EntityId lookup_or_insert(const Argument& arg, const std::string& type,
                              std::size_t& entities_added) {
        const std::string key = entity_key(arg.text);
        find_.bind(1, std::string_view(key));
        EntityId best = 0;
        std::string best_name, best_type;
        while (find_.step()) {
            const auto t = find_.text(2);
            if (best == 0 || (t == type && best_type != type)) {
                best = find_.integer(0);
                best_name = find_.text(1);
                best_type = t;
            }
        }
        if (best == 0) {
            insert_.bind(1, std::string_view(arg.text))
                .bind(2, std::string_view(key))
                .bind(3, std::string_view(type));
            insert_.run();
            ++entities_added;
            return sqlite3_last_insert_rowid(db_.get());
        }
        if (best_type == "Other" && type != "Other") {
            retype_.bind(1, best).bind(2, std::string_view(type));
            retype_.run();
        }
        if (arg.text != best_name) {
            alias_.bind(1, best).bind(2, std::string_view(arg.text)).bind(3, std::string_view(key));
            alias_.run();
        }
        return best;
    }

    sqlite::Database& db_;
    sqlite::Statement find_, insert_, retype_, alias_, mentions_;
    std::unordered_map<std::string, EntityId> seen_;
    std::map<EntityId, std::size_t> mentions_of_;
};

}  // namespace

struct Store::Impl {
    sqlite::Database db;
    bool read_only;

    Impl(const std::string& path, bool ro) : db(path, ro), read_only(ro) {}

    void init_schema() {
        sqlite::Statement version(db, "PRAGMA user_version");
        version.step();
        const auto v = version.integer(0);
        version.reset();
        if (v > kSchemaVersion)
            throw Error(db.path() + ": graph schema version " + std::to_string(v) +
                        " is newer than this kg understands (" + std::to_string(kSchemaVersion) +
                        "); upgrade kg");
        if (read_only) {
            if (v != kSchemaVersion) throw Error(db.path() + ": not a kg graph");
            return;
        }
        // A non-empty SQLite file without our stamp is somebody else's database.
        sqlite::Statement tables(db, "SELECT count(*) FROM sqlite_master");
        tables.step();
        const auto n_tables = tables.integer(0);
        tables.reset();
        if (v == 0 && n_tables > 0)
            throw Error(db.path() + ": not a kg graph (an SQLite file with other tables)");
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=NORMAL");
        db.exec("PRAGMA foreign_keys=ON");
        if (v == 0) {
            sqlite::Transaction tx(db);
            db.exec(kSchema);
            db.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
            sqlite::Statement meta(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
            meta.bind(1, std::string_view("created_by")).bind(2, std::string_view("kg " KG_VERSION));
            meta.run();
            tx.commit();
        }
    }

    std::vector<Provenance> provenance_of(FactId fact) const {
        sqlite::Statement st(db,
                             "SELECT p.source_id, s.uri, p.sentence, p.span_begin, p.span_end, "
                             "p.extractor, p.confidence FROM provenance p "
                             "JOIN sources s ON s.id = p.source_id WHERE p.fact_id = ? "
                             "ORDER BY p.id");
        st.bind(1, fact);
        std::vector<Provenance> out;
        while (st.step()) {
            Provenance p;
            p.source = st.integer(0);
            p.source_uri = st.text(1);
            p.sentence = st.text(2);
            p.span_begin = static_cast<std::size_t>(st.integer(3));
            p.span_end = static_cast<std::size_t>(st.integer(4));
            p.extractor = st.text(5);
            p.confidence = st.real(6);
            out.push_back(std::move(p));
        }
        return out;
    }

    static constexpr const char* kFactColumns =
        "SELECT f.id, f.subject_id, s.name, f.relation, f.object_id, o.name, f.object_value, "
        "f.qualifiers, f.negated, f.modality, f.confidence FROM facts f "
        "JOIN entities s ON s.id = f.subject_id LEFT JOIN entities o ON o.id = f.object_id ";

    static Fact fact_from_row(const sqlite::Statement& st) {
        Fact f;
        f.id = st.integer(0);
        f.subject = st.integer(1);
        f.subject_name = st.text(2);
        f.relation = st.text(3);
        if (!st.is_null(4)) {
            f.object_entity = st.integer(4);
            f.object_name = st.text(5);
        } else {
            f.object_value = nlohmann::json::parse(st.text(6)).get<Value>();
            f.object_name = f.object_value->display();
        }
        f.qualifiers = qualifiers_from_json(nlohmann::json::parse(st.text(7)));
        f.negated = st.integer(8) != 0;
        f.modality = st.text(9);
        f.confidence = st.real(10);
        return f;
    }

    std::vector<std::string> aliases_of(EntityId id) const {
        sqlite::Statement st(db, "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias");
        st.bind(1, id);
        std::vector<std::string> out;
        while (st.step()) out.push_back(st.text(0));
        return out;
    }

    std::vector<Entity> entities_where(const std::string& where, std::string_view arg) const {
        sqlite::Statement st(db, "SELECT id, name, type, mentions FROM entities " + where);
        if (!arg.empty()) st.bind(1, arg);
        std::vector<Entity> out;
        while (st.step()) {
            Entity e;
            e.id = st.integer(0);
            e.name = st.text(1);
            e.type = entity_type_from_string(st.text(2));
            e.mentions = st.integer(3);
            out.push_back(std::move(e));
        }
        for (auto& e : out) e.aliases = aliases_of(e.id);
        return out;
    }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, OpenMode mode) {
    const bool ro = mode == OpenMode::ReadOnly;
    auto impl = std::make_unique<Impl>(path, ro);
    impl->init_schema();
    return Store(std::move(impl));
}

const std::string& Store::path() const { return impl_->db.path(); }

std::optional<SourceRecord> Store::source_by_hash(std::string_view content_hash) const {
    for (auto& s : sources())
        if (s.content_hash == content_hash) return s;
    return std::nullopt;
}

IngestReport Store::ingest(const Document& doc, const Extraction& extraction,
                           std::string_view extractor_version) {
    auto& db = impl_->db;
    IngestReport report;
    report.sentences = extraction.sentences;
    sqlite::Transaction tx(db);
    {
        sqlite::Statement dup(db, "SELECT id FROM sources WHERE content_hash = ?");
        dup.bind(1, std::string_view(doc.content_hash));
        if (dup.step()) {
            report.duplicate = true;
            report.source = dup.integer(0);
            dup.reset();
            return report;  // the transaction rolls back: nothing was written
        }
    }
    sqlite::Statement add_source(db,
                                 "INSERT INTO sources(uri, title, published, content_hash, "
                                 "ingested_at, sentences) VALUES(?, ?, ?, ?, ?, ?)");
    add_source.bind(1, std::string_view(doc.uri))
        .bind(2, std::string_view(doc.title))
        .bind(3, std::string_view(doc.published))
        .bind(4, std::string_view(doc.content_hash))
        .bind(5, std::string_view(now_utc_iso()))
        .bind(6, static_cast<std::int64_t>(extraction.sentences));
    add_source.run();
    report.source = sqlite3_last_insert_rowid(db.get());

    sqlite::Statement find_fact(db,
                                "SELECT id, confidence, qualifiers FROM facts WHERE subject_id = ? "
                                "AND relation = ? AND object_key = ? AND negated = ?");
    sqlite::Statement add_fact(db,
                               "INSERT INTO facts(subject_id, relation, object_id, object_value, "
                               "object_key, negated, modality, qualifiers, confidence) "
                               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite::Statement update_fact(db,
                                  "UPDATE facts SET confidence = ?, qualifiers = ? WHERE id = ?");
    sqlite::Statement add_prov(db,
                               "INSERT INTO provenance(fact_id, source_id, sentence, span_begin, "
                               "span_end, extractor, confidence, qualifiers) "
                               "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    EntityResolver resolver(db);
    // A source states a fact once in the graph's eyes, however often it repeats it.
    std::set<FactId> facts_of_this_source;

    for (const Triple& t : extraction.triples) {
        if (t.subject.is_value) continue;  // a value cannot be a subject in the data model
        const EntityId subject = resolver.resolve(t.subject, report.entities_added);
        std::optional<EntityId> object_entity;
        std::string object_key, object_value;
        if (t.object.is_value) {
            object_key = "v:" + t.object.value.key();
            object_value = nlohmann::json(t.object.value).dump();
        } else {
            object_entity = resolver.resolve(t.object, report.entities_added);
            object_key = "e:" + std::to_string(*object_entity);
        }
        const std::string qualifiers = qualifiers_to_json(t.qualifiers).dump();

        find_fact.bind(1, subject)
            .bind(2, std::string_view(t.relation))
            .bind(3, std::string_view(object_key))
            .bind(4, std::int64_t{t.negated});
        FactId fact = 0;
        if (find_fact.step()) {
            fact = find_fact.integer(0);
            const double confidence = find_fact.real(1);
            auto merged = nlohmann::json::parse(find_fact.text(2));
            find_fact.reset();
            // Qualifiers a fact already has are kept; new ones are added. A source
            // that repeats a fact adds support (a sentence) but not confidence.
            const nlohmann::json incoming = qualifiers_to_json(t.qualifiers);
            for (auto it = incoming.begin(); it != incoming.end(); ++it)
                if (!merged.contains(it.key())) merged[it.key()] = it.value();
            const bool new_source = !facts_of_this_source.count(fact);
            update_fact.bind(1, new_source ? noisy_or(confidence, t.confidence) : confidence)
                .bind(2, std::string_view(merged.dump()))
                .bind(3, fact);
            update_fact.run();
            if (new_source) ++report.facts_merged;
        } else {
            add_fact.bind(1, subject).bind(2, std::string_view(t.relation));
            if (object_entity) {
                add_fact.bind(3, *object_entity).bind_null(4);
            } else {
                add_fact.bind_null(3).bind(4, std::string_view(object_value));
            }
            add_fact.bind(5, std::string_view(object_key))
                .bind(6, std::int64_t{t.negated})
                .bind(7, std::string_view(t.modality))
                .bind(8, std::string_view(qualifiers))
                .bind(9, t.confidence);
            add_fact.run();
            fact = sqlite3_last_insert_rowid(db.get());
            ++report.facts_added;
        }
        facts_of_this_source.insert(fact);
        add_prov.bind(1, fact)
            .bind(2, report.source)
            .bind(3, t.sentence_in(doc.text))
            .bind(4, static_cast<std::int64_t>(t.span_begin))
            .bind(5, static_cast<std::int64_t>(t.span_end))
            .bind(6, extractor_version)
            .bind(7, t.confidence)
            .bind(8, std::string_view(qualifiers));
        add_prov.run();
    }
    resolver.flush();
    tx.commit();
    return report;
}

GraphStats Store::stats() const {
    const auto& db = impl_->db;
    GraphStats s;
    auto count = [&](const char* sql) {
        sqlite::Statement st(db, sql);
        st.step();
        const auto n = st.integer(0);
        st.reset();
        return n;
    };
    s.sources = count("SELECT count(*) FROM sources");
    s.entities = count("SELECT count(*) FROM entities");
    s.facts = count("SELECT count(*) FROM facts");
    s.provenance = count("SELECT count(*) FROM provenance");
    sqlite::Statement rel(db, "SELECT relation, count(*) FROM facts GROUP BY relation");
    while (rel.step()) s.relations[rel.text(0)] = rel.integer(1);
    sqlite::Statement types(db, "SELECT type, count(*) FROM entities GROUP BY type");
    while (types.step()) s.entity_types[types.text(0)] = types.integer(1);
    return s;
}

std::vector<SourceRecord> Store::sources() const {
    sqlite::Statement st(impl_->db,
                         "SELECT s.id, s.uri, s.title, s.published, s.content_hash, "
                         "s.ingested_at, s.sentences, "
                         "(SELECT count(DISTINCT p.fact_id) FROM provenance p "
                         " WHERE p.source_id = s.id) FROM sources s ORDER BY s.id");
    std::vector<SourceRecord> out;
    while (st.step()) {
        SourceRecord r;
        r.id = st.integer(0);
        r.uri = st.text(1);
        r.title = st.text(2);
        r.published = st.text(3);
        r.content_hash = st.text(4);
        r.ingested_at = st.text(5);
        r.sentences = st.integer(6);
        r.facts = st.integer(7);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<Entity> Store::find_entities(std::string_view name) const {
    const std::string key = entity_key(name);
    return impl_->entities_where(
        "WHERE key = ?1 OR id IN (SELECT entity_id FROM aliases WHERE key = ?1) ORDER BY id",
        key.empty() ? std::string_view("\x01") : std::string_view(key));
}

std::optional<Entity> Store::entity(EntityId id) const {
    auto found = impl_->entities_where("WHERE id = " + std::to_string(id), {});
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Fact> Store::facts_about(EntityId id) const {
    sqlite::Statement st(impl_->db, std::string(Impl::kFactColumns) +
                                        "WHERE f.subject_id = ?1 OR f.object_id = ?1 "
                                        "ORDER BY f.id");
    st.bind(1, id);
    std::vector<Fact> out;
    while (st.step()) out.push_back(Impl::fact_from_row(st));
    for (auto& f : out) f.provenance = impl_->provenance_of(f.id);
    return out;
}

std::vector<Entity> Store::all_entities() const {
    return impl_->entities_where("ORDER BY id", {});
}

std::vector<Fact> Store::all_facts(bool with_provenance) const {
    sqlite::Statement st(impl_->db, std::string(Impl::kFactColumns) + "ORDER BY f.id");
    std::vector<Fact> out;
    while (st.step()) out.push_back(Impl::fact_from_row(st));
    if (with_provenance)
        for (auto& f : out) f.provenance = impl_->provenance_of(f.id);
    return out;
}

std::string default_graph_path(std::string_view flag_value) {
    if (!flag_value.empty()) return std::string(flag_value);
    if (const char* env = std::getenv("KG_GRAPH"); env && *env) return env;
    return "kg.db";
}

}  // namespace kg
