// The graph's records as the store hands them out: entities, facts, the
// provenance behind each fact, and the sources. Plain data; the store owns
// the rules for creating and merging them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kg/extract/triple.hpp"
#include "kg/extract/value.hpp"

namespace kg {

using EntityId = std::int64_t;
using FactId = std::int64_t;
using SourceId = std::int64_t;

struct Entity {
    EntityId id = 0;
    std::string name;  // canonical name (the first spelling seen)
    EntityType type = EntityType::Other;
    std::vector<std::string> aliases;  // every other spelling seen
    std::int64_t mentions = 0;
};

struct Provenance {
    SourceId source = 0;
    std::string source_uri;
    std::string source_published;  // the source's publication date, when known
    std::string sentence;
    std::size_t span_begin = 0;
    std::size_t span_end = 0;
    std::string extractor;  // extractor version
    double confidence = 1.0;
    // The qualifiers this sentence stated; they can differ from the fact's
    // (another amount), which keeps those of the statements that agree.
    std::map<std::string, Value> qualifiers;
};

struct Fact {
    FactId id = 0;
    EntityId subject = 0;
    std::string subject_name;
    std::string relation;
    std::optional<EntityId> object_entity;  // set when the object is an entity
    std::string object_name;                // entity name, or the value's display form
    std::optional<Value> object_value;      // set when the object is a literal
    std::map<std::string, Value> qualifiers;
    bool negated = false;
    std::string modality;
    double confidence = 1.0;  // combined over all provenance (noisy-or)
    std::vector<Provenance> provenance;

    std::string display() const;  // "Microsoft invested-in OpenAI"
};

struct SourceRecord {
    SourceId id = 0;
    std::string uri;
    std::string title;
    std::string published;
    std::string content_hash;
    std::string ingested_at;  // ISO 8601 UTC
    std::int64_t sentences = 0;
    std::int64_t facts = 0;  // facts this source supports
};

struct GraphStats {
    std::int64_t sources = 0;
    std::int64_t entities = 0;
    std::int64_t facts = 0;
    std::int64_t provenance = 0;
    std::map<std::string, std::int64_t> relations;  // facts per relation, asserted ones
    std::map<std::string, std::int64_t> denied;     // facts per relation, denied ones
    std::map<std::string, std::int64_t> entity_types;
};

}  // namespace kg
