// The Store is the graph's persistent home: one SQLite file (WAL mode,
// schema version stamped). It promises:
//  - one transaction per ingested source: a killed process leaves the graph
//    as it was before that source;
//  - the same content (same hash) ingested twice adds nothing;
//  - one entity per normalized name key and type, one fact per
//    (subject, relation, object, polarity), every supporting sentence kept.
// A Store is a handle: move-only, closes the database when destroyed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/extractor.hpp"
#include "kg/graph/model.hpp"
#include "kg/source/document.hpp"

namespace kg {

struct IngestReport {
    bool duplicate = false;  // same content already ingested: nothing added
    SourceId source = 0;
    std::size_t sentences = 0;
    std::size_t facts_added = 0;   // new facts
    std::size_t facts_merged = 0;  // facts that existed and gained a provenance record
    std::size_t entities_added = 0;
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

    GraphStats stats() const;
    std::vector<SourceRecord> sources() const;
    // Exact key match first (entity_key), then alias keys.
    std::vector<Entity> find_entities(std::string_view name) const;
    std::optional<Entity> entity(EntityId id) const;
    // Facts with `id` as subject or as object, each with its provenance.
    std::vector<Fact> facts_about(EntityId id) const;
    // The whole graph, for export and whole-graph algorithms.
    std::vector<Entity> all_entities() const;
    std::vector<Fact> all_facts(bool with_provenance = true) const;

private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Resolves the graph file: --graph FILE, else $KG_GRAPH, else ./kg.db.
std::string default_graph_path(std::string_view flag_value);

}  // namespace kg
