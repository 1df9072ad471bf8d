#include "fact_writer.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "kg/extract/value_json.hpp"

namespace kg {

std::string utc_now_iso() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

double noisy_or(double a, double b) {
    return 1.0 - (1.0 - a) * (1.0 - b);
}

std::string object_key(std::optional<EntityId> entity, const Value* value) {
    if (entity) return "e:" + std::to_string(*entity);
    return "v:" + (value ? value->key() : std::string{});
}

SourceId insert_source(sqlite::Database& db, const SourceRecord& source) {
    sqlite::Statement st(db,
                         "INSERT INTO sources(uri, title, published, content_hash, ingested_at, "
                         "sentences) VALUES(?, ?, ?, ?, ?, ?)");
    st.bind(1, std::string_view(source.uri))
        .bind(2, std::string_view(source.title))
        .bind(3, std::string_view(source.published))
        .bind(4, std::string_view(source.content_hash))
        .bind(5, std::string_view(source.ingested_at))
        .bind(6, source.sentences);
    st.run();
    return sqlite3_last_insert_rowid(db.get());
}

void merge_qualifiers(nlohmann::json& fact, const nlohmann::json& statement) {
    for (auto it = statement.begin(); it != statement.end(); ++it)
        if (auto known = fact.find(it.key()); known != fact.end() && *known != it.value()) return;
    for (auto it = statement.begin(); it != statement.end(); ++it)
        if (!fact.contains(it.key())) fact[it.key()] = it.value();
}

FactWriter::FactWriter(sqlite::Database& db, SourceId source)
    : db_(db),
      source_(source),
      find_(db,
            "SELECT id, confidence, qualifiers FROM facts WHERE subject_id = ? AND relation = ? "
            "AND object_key = ? AND negated = ?"),
      insert_(db,
              "INSERT INTO facts(subject_id, relation, object_id, object_value, object_key, "
              "negated, modality, qualifiers, confidence) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      update_(db, "UPDATE facts SET confidence = ?, qualifiers = ? WHERE id = ?"),
      provenance_(db,
                  "INSERT INTO provenance(fact_id, source_id, sentence, span_begin, span_end, "
                  "extractor, confidence, qualifiers, subject_text, object_text) "
                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

WriteOutcome FactWriter::add(const FactStatement& f, const Support& support) {
    const std::string okey = object_key(f.object_entity, f.object_value);
    const nlohmann::json incoming =
        f.qualifiers ? qualifiers_to_json(*f.qualifiers) : nlohmann::json::object();
    const std::string qualifiers = incoming.dump();

    WriteOutcome outcome;
    FactId fact = 0;
    find_.bind(1, f.subject)
        .bind(2, f.relation)
        .bind(3, std::string_view(okey))
        .bind(4, std::int64_t{f.negated});
    if (find_.step()) {
        fact = find_.integer(0);
        const double confidence = find_.real(1);
        auto merged = nlohmann::json::parse(find_.text(2));
        find_.reset();
        // A source that repeats a fact adds support (a sentence) but not
        // confidence.
        merge_qualifiers(merged, incoming);
        const bool new_source = !facts_of_this_source_.count(fact);
        update_.bind(1, new_source ? noisy_or(confidence, support.confidence) : confidence)
            .bind(2, std::string_view(merged.dump()))
            .bind(3, fact);
        update_.run();
        outcome = new_source ? WriteOutcome::Merged : WriteOutcome::Repeated;
    } else {
        insert_.bind(1, f.subject).bind(2, f.relation);
        if (f.object_entity) {
            insert_.bind(3, *f.object_entity).bind_null(4);
        } else {
            insert_.bind_null(3).bind(4, std::string_view(nlohmann::json(*f.object_value).dump()));
        }
        insert_.bind(5, std::string_view(okey))
            .bind(6, std::int64_t{f.negated})
            .bind(7, f.modality)
            .bind(8, std::string_view(qualifiers))
            .bind(9, support.confidence);
        insert_.run();
        fact = sqlite3_last_insert_rowid(db_.get());
        outcome = facts_of_this_source_.count(fact) ? WriteOutcome::Repeated : WriteOutcome::Added;
    }
    facts_of_this_source_.insert(fact);
    provenance_.bind(1, fact)
        .bind(2, source_)
        .bind(3, support.sentence)
        .bind(4, static_cast<std::int64_t>(support.span_begin))
        .bind(5, static_cast<std::int64_t>(support.span_end))
        .bind(6, support.extractor)
        .bind(7, support.confidence)
        .bind(8, std::string_view(qualifiers))
        .bind(9, support.subject_text)
        .bind(10, support.object_text);
    provenance_.run();
    return outcome;
}

}  // namespace kg
