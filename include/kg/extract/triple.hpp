// What an extractor produces: a subject-relation-object triple with its
// qualifiers, polarity and the sentence it came from. Arguments are either
// entity mentions (to be resolved by the graph store) or literal values.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/value.hpp"

namespace kg {

enum class EntityType { Organization, Person, Place, Product, Event, Other };

std::string_view to_string(EntityType type);
EntityType entity_type_from_string(std::string_view s);  // unknown -> Other

struct Argument {
    bool is_value = false;  // false: an entity mention named `text`; true: `value`
    std::string text;       // entity name as written (or the value's surface text)
    EntityType type = EntityType::Other;
    Value value;
    // Other names the document gives this entity ("IBM" for "International
    // Business Machines (IBM)"); the store records them as aliases.
    std::vector<std::string> aliases;
};

struct Triple {
    Argument subject;
    std::string relation;  // canonical, lower-case, hyphenated: "invested-in"
    Argument object;
    // Qualifiers by name: "amount", "date", "place"; values are typed.
    std::map<std::string, Value> qualifiers;
    bool negated = false;
    std::string modality;  // empty = asserted; "hedged", "reported", ...
    std::string attributed_to;
    double confidence = 1.0;
    // Byte span of the supporting sentence in Document::text. The text itself
    // is not copied into every triple: a long document can state thousands.
    std::size_t span_begin = 0;
    std::size_t span_end = 0;

    // The supporting sentence, given the document text the span points into.
    std::string_view sentence_in(std::string_view text) const;

    // "Microsoft invested-in OpenAI"
    std::string display() const;
};

}  // namespace kg
