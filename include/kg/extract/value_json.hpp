// JSON forms of values and triples, shared by `kg extract --format jsonl`,
// the store's qualifier columns and the exports, so a value is written one way.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "kg/extract/triple.hpp"
#include "kg/extract/value.hpp"
#include "kg/source/document.hpp"

namespace kg {

void to_json(nlohmann::json& j, const Value& v);
void from_json(const nlohmann::json& j, Value& v);

nlohmann::json qualifiers_to_json(const std::map<std::string, Value>& qualifiers);
std::map<std::string, Value> qualifiers_from_json(const nlohmann::json& j);

// One `kg extract` JSON Lines record: subject, relation, object as display
// strings, then types, values, qualifiers, polarity, sentence and source.
nlohmann::json triple_to_json(const Triple& t, const Document& doc);

}  // namespace kg
