#include "kg/nlp/nlp_eval.hpp"

#include "kg/nlp/pipeline.hpp"

namespace kg {

TaggingScores evaluate_gold_tokens(const Pipeline& pipeline, std::span<const ConlluSentence> gold) {
    TaggingScores s;
    for (const ConlluSentence& g : gold) {
        Sentence sys = g.sentence;
        for (Token& t : sys.tokens) {
            t.upos.clear();
            t.xpos.clear();
            t.lemma.clear();
            t.head = -1;
            t.deprel.clear();
        }
        pipeline.annotate(sys);
        for (std::size_t i = 0; i < sys.tokens.size(); ++i) {
            const Token& a = sys.tokens[i];
            const Token& b = g.sentence.tokens[i];
            ++s.words;
            s.upos_ok += a.upos == b.upos;
            s.xpos_ok += a.xpos == b.xpos;
            s.lemma_ok += a.lemma == b.lemma;
            const bool head = a.head == b.head;
            s.head_ok += head;
            s.labeled_ok += head && a.deprel == b.deprel;
        }
    }
    return s;
}

}  // namespace kg
