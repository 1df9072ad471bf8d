#include "kg/extract/value_json.hpp"

namespace kg {

void to_json(nlohmann::json& j, const Value& v) {
    j = nlohmann::json::object();
    j["kind"] = std::string(to_string(v.kind));
    j["display"] = v.display();
    switch (v.kind) {
        case ValueKind::Money:
            j["amount"] = v.amount;
            j["currency"] = v.currency;
            break;
        case ValueKind::Percent:
            j["amount"] = v.amount;
            break;
        case ValueKind::Quantity:
            j["amount"] = v.amount;
            j["unit"] = v.unit;
            break;
        case ValueKind::Date:
            j["date"] = v.date;
            break;
        case ValueKind::Text:
            break;
    }
    if (v.bound != Bound::Exact) j["bound"] = std::string(to_string(v.bound));
    j["text"] = v.text;
}

void from_json(const nlohmann::json& j, Value& v) {
    v = Value{};
    v.kind = value_kind_from_string(j.value("kind", "text")).value_or(ValueKind::Text);
    v.amount = j.value("amount", 0.0);
    v.currency = j.value("currency", "");
    v.unit = j.value("unit", "");
    v.date = j.value("date", "");
    v.bound = bound_from_string(j.value("bound", "exact")).value_or(Bound::Exact);
    v.text = j.value("text", "");
}

nlohmann::json qualifiers_to_json(const std::map<std::string, Value>& qualifiers) {
    auto j = nlohmann::json::object();
    for (const auto& [name, value] : qualifiers) j[name] = value;
    return j;
}

std::map<std::string, Value> qualifiers_from_json(const nlohmann::json& j) {
    std::map<std::string, Value> out;
    if (!j.is_object()) return out;
    for (const auto& [name, value] : j.items()) out[name] = value.get<Value>();
    return out;
}

namespace {

nlohmann::json argument_fields(const Argument& a) {
    nlohmann::json j;
    if (a.is_value) {
        j["value"] = a.value;
    } else {
        j["type"] = std::string(to_string(a.type));
    }
    j["text"] = a.text;
    return j;
}

}  // namespace

nlohmann::json triple_to_json(const Triple& t, const Document& doc) {
    nlohmann::json j;
    j["subject"] = t.subject.is_value ? t.subject.value.display() : t.subject.text;
    j["relation"] = t.relation;
    j["object"] = t.object.is_value ? t.object.value.display() : t.object.text;
    j["subject_info"] = argument_fields(t.subject);
    j["object_info"] = argument_fields(t.object);
    if (!t.qualifiers.empty()) j["qualifiers"] = qualifiers_to_json(t.qualifiers);
    j["polarity"] = t.negated ? "negative" : "positive";
    if (!t.modality.empty()) j["modality"] = t.modality;
    if (!t.attributed_to.empty()) j["attributed_to"] = t.attributed_to;
    j["confidence"] = t.confidence;
    j["sentence"] = std::string(t.sentence_in(doc.text));
    j["span"] = {t.span_begin, t.span_end};
    j["source"] = doc.uri;
    return j;
}

}  // namespace kg
