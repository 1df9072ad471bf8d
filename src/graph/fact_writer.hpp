// Writes one source's statements of facts inside a store transaction: a fact
// already in the graph gains a provenance record (and, from a new source,
// confidence by noisy-or); an unknown one is added. Used by ingest and merge
// so both follow the same merge rules.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "kg/extract/value.hpp"
#include "kg/graph/model.hpp"
#include "sqlite.hpp"

namespace kg {

// Adds the qualifiers of one more statement of a fact to the fact's, unless
// the statement contradicts one of them (another amount, another date): it
// then adds none, so a fact never mixes the details of two events ("$1B"
// from one sentence with "2023" from another). The statement is still kept
// as support, with its own qualifiers.
void merge_qualifiers(nlohmann::json& fact, const nlohmann::json& statement);

// What one source says in support of a fact.
struct Support {
    std::string_view sentence;
    std::size_t span_begin = 0;
    std::size_t span_end = 0;
    std::string_view extractor;
    double confidence = 1.0;
    std::string_view subject_text;  // the names as the source wrote them
    std::string_view object_text;
};

struct FactStatement {
    EntityId subject = 0;
    std::string_view relation;
    std::optional<EntityId> object_entity;
    const Value* object_value = nullptr;  // set when the object is a literal
    const std::map<std::string, Value>* qualifiers = nullptr;
    bool negated = false;
    std::string_view modality;
};

enum class WriteOutcome { Added, Merged, Repeated };

class FactWriter {
  public:
    FactWriter(sqlite::Database& db, SourceId source);
    WriteOutcome add(const FactStatement& fact, const Support& support);

  private:
    sqlite::Database& db_;
    SourceId source_;
    sqlite::Statement find_, insert_, update_, provenance_;
    // A source states a fact once in the graph's eyes, however often it repeats it.
    std::set<FactId> facts_of_this_source_;
};

// Inserts a source row and returns its id.
SourceId insert_source(sqlite::Database& db, const SourceRecord& source);

// The key under which a fact's object is unique: "e:<id>" or "v:<Value::key()>".
std::string object_key(std::optional<EntityId> entity, const Value* value);

// The current time as ISO 8601 UTC ("2024-03-05T10:00:00Z").
std::string utc_now_iso();

// Two supports that are each 60% sure make a fact 84% sure.
double noisy_or(double a, double b);

}  // namespace kg
