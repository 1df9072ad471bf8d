#include "kg/extract/entity_eval.hpp"

#include <algorithm>
#include <ctime>

#include "kg/nlp/pipeline.hpp"

namespace kg {
namespace {

// CPU time of this thread: on a shared machine, wall time measures the load.
double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

std::vector<EntityExample> gum_entity_examples(std::span<const GumSentence> gold,
                                               const Pipeline& pipeline, const EntityCues& cues) {
    std::vector<EntityExample> out;
    out.reserve(gold.size());
    for (const GumSentence& g : gold) {
        EntityExample ex{g.conllu.sentence, named_mentions(g.conllu.sentence, g.mentions, cues)};
        for (Token& t : ex.sentence.tokens) {
            t.lemma.clear();
            t.upos.clear();
            t.xpos.clear();
            t.head = -1;
            t.deprel.clear();
        }
        pipeline.annotate(ex.sentence);
        out.push_back(std::move(ex));
    }
    return out;
}

EntityScores score_entities(const EntityTagger& tagger, std::span<const EntityExample> examples) {
    EntityScores s;
    std::vector<std::vector<EntitySpan>> predicted(examples.size());
    const double t0 = thread_seconds();
    for (std::size_t i = 0; i < examples.size(); ++i)
        predicted[i] = tagger.tag(examples[i].sentence);
    s.seconds = thread_seconds() - t0;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        s.tokens += examples[i].sentence.tokens.size();
        s.gold += examples[i].names.size();
        s.predicted += predicted[i].size();
        for (const EntitySpan& p : predicted[i]) {
            const auto& names = examples[i].names;
            const auto it = std::find_if(names.begin(), names.end(), [&](const EntitySpan& g) {
                return g.begin == p.begin && g.end == p.end;
            });
            if (it == names.end()) continue;
            ++s.matched;
            s.type_correct += it->type == p.type;
        }
    }
    return s;
}

}  // namespace kg
