// The Store is the graph's persistent home: one SQLite file (WAL mode,
// schema version stamped). It promises:
//  - one transaction per ingested source: a killed process leaves the graph
//    as it was before that source;
//  - the same content (same hash) ingested twice adds nothing;
//  - one entity per normalized name key and type, one fact per
//    (subject, relation, object, polarity), every supporting sentence kept.
// A Store is a handle: move-only, closes the database when destroyed.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/extractor.hpp"
#include "kg/graph/model.hpp"
#include "kg/source/document.hpp"

namespace kg {

namespace sqlite {
class Database;
class ReadTransaction;
}  // namespace sqlite

struct IngestReport {
    bool duplicate = false;  // same content already ingested: nothing added
    SourceId source = 0;
    std::size_t sentences = 0;
    std::size_t facts_added = 0;   // new facts
    std::size_t facts_merged = 0;  // facts that existed and gained a provenance record
    std::size_t entities_added = 0;
    // Earlier versions of this source (same file or URL, other content)
    // that it replaced.
    std::size_t replaced = 0;
};

enum class OpenMode { ReadWrite, ReadOnly };

class Store {
  public:
    // Opens (creating if needed, in ReadWrite mode) the graph file at `path`.
    // Throws kg::Error naming the file when it cannot be opened or is not a kg graph.
    static Store open(const std::string& path, OpenMode mode = OpenMode::ReadWrite);

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    const std::string& path() const;

    std::optional<SourceRecord> source_by_hash(std::string_view content_hash) const;
    // Adds one source and its triples in a single transaction.
    IngestReport ingest(const Document& doc, const Extraction& extraction,
                        std::string_view extractor_version);

    // --- Corrections. Each is one transaction and is recorded as a pin from
    // a name key to an entity, which later ingests and merges respect. ---

    // Records `alias` as another name of `id`: later mentions resolve to `id`.
    void add_alias(EntityId id, std::string_view alias);
    // Folds `gone` into `keep`: facts, provenance and names move over; facts
    // that become equal merge. `gone`'s names resolve to `keep` from now on.
    void merge_entities(EntityId keep, EntityId gone);
    // Moves every statement made under the name `alias` off `id` into a new
    // entity of type `type`, and pins the alias to it. Returns the new entity.
    EntityId split_entity(EntityId id, std::string_view alias, EntityType type);

    // Removes a source: facts only it supported are deleted, others lose its
    // provenance (confidence and qualifiers recomputed), entities left with
    // no facts and no pins are deleted.
    struct ForgetReport {
        std::size_t facts_removed = 0, facts_kept = 0, entities_removed = 0;
    };
    ForgetReport forget(SourceId source);
    std::optional<SourceRecord> source_by_uri(std::string_view uri) const;

    // Merges another graph file into this one under the same rules as ingest;
    // sources already here (same content hash) are skipped. One transaction
    // per source.
    struct MergeReport {
        std::size_t sources_added = 0, sources_skipped = 0;
        std::size_t facts_added = 0, facts_merged = 0, entities_added = 0;
    };
    MergeReport merge_from(const std::string& other_path);

    GraphStats stats() const;
    // Moves on whenever another connection (another kg) commits to the file
    // (SQLite's data_version): a long-lived reader such as kg shell compares
    // it to know that what it read is out of date.
    std::int64_t data_version() const;
    std::vector<SourceRecord> sources() const;
    // Exact key match first (entity_key), then alias keys.
    std::vector<Entity> find_entities(std::string_view name) const;
    std::optional<Entity> entity(EntityId id) const;
    // Facts with `id` as subject or as object, each with its provenance, in
    // fact id order; the first `limit` of them when limit > 0.
    std::vector<Fact> facts_about(EntityId id, std::size_t limit = 0) const;
    // How many facts facts_about(id) would return, from the indexes alone.
    std::size_t count_facts_about(EntityId id) const;
    // The whole graph, for export.
    std::vector<Entity> all_entities() const;
    std::vector<Fact> all_facts(bool with_provenance = true) const;

    // Streaming scans for building in-memory views of large graphs: no
    // provenance, no per-row allocation beyond what the callback keeps.
    // Rows come in id order; the string_views live only during the call.
    struct EntityRow {
        EntityId id;
        std::string_view name;
        std::string_view type;
    };
    struct FactRow {
        FactId id;
        EntityId subject;
        std::string_view relation;
        EntityId object;                // 0 when the object is a value
        std::string_view object_value;  // the value as JSON (see value_json.hpp), else empty
        bool negated;
        double confidence;
    };
    void for_each_entity(const std::function<void(const EntityRow&)>& fn) const;
    // While a Snapshot lives, every read through this Store sees one state
    // of the graph, even across several calls (e.g. both scans above).
    class Snapshot {
      public:
        explicit Snapshot(const Store& store);
        Snapshot(const Snapshot&) = delete;
        Snapshot& operator=(const Snapshot&) = delete;
        ~Snapshot();

      private:
        std::unique_ptr<sqlite::ReadTransaction> tx_;
    };
    void for_each_fact(const std::function<void(const FactRow&)>& fn) const;

    // Index lookups for the query engine's lazily filled graph
    // (src/graph/store_lookup.cpp): the facts with `id` as subject
    // (outgoing) or as object, each with the entity at the other end (id 0
    // and empty name for a value object), all of them or those of one
    // relation and polarity (a hub's 50,000 facts hold few of each); one
    // fact with its provenance; the distinct relation names of facts of one
    // polarity (a full scan: for hints, not for every query).
    using FactOfFn = std::function<void(const FactRow&, const EntityRow&)>;
    void for_each_fact_of(EntityId id, bool outgoing, const FactOfFn& fn) const;
    void for_each_fact_of(EntityId id, bool outgoing, std::string_view relation, bool negated,
                          const FactOfFn& fn) const;
    std::optional<Fact> fact(FactId id) const;
    std::vector<std::string> relation_names(bool negated) const;
    bool has_relation(std::string_view relation, bool negated) const;

  private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    // For the Store members implemented outside store.cpp (store_edit.cpp).
    sqlite::Database& database() const;
    std::unique_ptr<Impl> impl_;
};

// Resolves the graph file: --graph FILE, else $KG_GRAPH, else ./kg.db.
std::string default_graph_path(std::string_view flag_value);

}  // namespace kg
