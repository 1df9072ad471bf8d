// The dependency-based extractor ("clauses-1"): each sentence is parsed by
// the nlp Pipeline, its clauses are read off the tree (kg/extract/clause.hpp)
// and turned into canonical triples:
//  - relation names come from the relation lexicon (lexicons/relations.tsv:
//    "bought", "purchased", "completed its acquisition of" -> acquired) or,
//    for verbs it does not list, from the verb itself ("revised");
//  - arguments are named entities (found and typed by the EntityTagger
//    trained on GUM, with capitalized words it misses added), values (money, dates, percents,
//    quantities) or, as objects only, short noun phrases; pronouns and "the
//    company" are resolved by coreference, and a fact whose argument would be
//    a bare pronoun, determiner, relative word or clause is dropped;
//  - passives with an agent are turned active, job titles become role
//    relations (lexicons/roles.tsv), and dates, amounts and places that the
//    clause also mentions become qualifiers ("on Monday" is resolved against
//    the article's date).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/entity_tagger.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/extract/relation_lexicon.hpp"
#include "kg/extract/role_lexicon.hpp"
#include "kg/nlp/pipeline.hpp"

namespace kg {

// One extraction as CaRB scores it: the sentence's own words, no canonical names.
struct SurfaceTuple {
    std::string relation;
    std::vector<std::string> arguments;  // arg1, arg2, more
    double confidence = 0;
};

class ClauseExtractor final : public Extractor {
  public:
    // `entities` may be null: names then come from tags and capitals alone.
    ClauseExtractor(std::shared_ptr<const Pipeline> pipeline,
                    std::shared_ptr<const EntityTagger> entities, RelationLexicon relations,
                    RoleLexicon roles);
    // The shipped models and lexicons, found via find_data_file.
    static std::unique_ptr<ClauseExtractor> load_default();

    Extraction extract(const Document& doc) const override;
    std::string_view version() const override { return "clauses-1"; }

    // Open IE tuples of one sentence given as a line of text (already
    // tokenized or not), which is treated as one sentence.
    std::vector<SurfaceTuple> surface_tuples(std::string_view sentence) const;

  private:
    std::shared_ptr<const Pipeline> pipeline_;
    std::shared_ptr<const EntityTagger> entities_;
    RelationLexicon relations_;
    RoleLexicon roles_;
};

}  // namespace kg
