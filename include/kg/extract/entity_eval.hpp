// Scoring the entity tagger on GUM: gold named mentions (kg/extract/gum_entities.hpp)
// against the tagger's spans on sentences re-annotated by kg's own Pipeline
// (gold tokens, predicted tags and trees), so the figures are what kg does
// at run time. Shared by tools/train_ner, tools/eval_ner and the tests.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "kg/extract/entity_tagger.hpp"
#include "kg/extract/gum_entities.hpp"

namespace kg {

class Pipeline;

// Strips the gold annotation, runs Pipeline::annotate, and pairs each
// sentence with its gold named mentions (computed from the gold tree).
std::vector<EntityExample> gum_entity_examples(std::span<const GumSentence> gold,
                                               const Pipeline& pipeline, const EntityCues& cues);

struct EntityScores {
    std::size_t gold = 0, predicted = 0;
    std::size_t matched = 0;       // exact span match, type ignored
    std::size_t type_correct = 0;  // matched and the same type
    std::size_t tokens = 0;
    double seconds = 0;  // thread CPU time spent in EntityTagger::tag

    double precision() const { return predicted ? double(matched) / double(predicted) : 0; }
    double recall() const { return gold ? double(matched) / double(gold) : 0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
    double type_accuracy() const { return matched ? double(type_correct) / double(matched) : 0; }
    // Span and type both right (the usual typed NER F1).
    double typed_f1() const {
        return gold + predicted ? 2.0 * double(type_correct) / double(gold + predicted) : 0;
    }
};

EntityScores score_entities(const EntityTagger& tagger, std::span<const EntityExample> examples);

}  // namespace kg
