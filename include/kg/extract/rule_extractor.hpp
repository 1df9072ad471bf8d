// The first extractor: hand-written patterns over tokens, driven by the
// relation and role lexicons. It finds
//   SUBJECT [aux] VERB [AMOUNT] [PREP] OBJECT   "Microsoft invested $1 billion in OpenAI"
//   SUBJECT be VERB-ed PREP VALUE               "OpenAI is valued at over $150 billion"
//   OBJECT be VERB-ed by AGENT                  "Mellanox was acquired by Nvidia"
//   PERSON, the TITLE of ORG / ORG TITLE PERSON "Jensen Huang, the chief executive of Nvidia"
// with amount and date qualifiers, negation and hedging. Syntax-aware
// extraction replaces it behind the same Extractor interface.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "kg/extract/document_resolution.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/extract/relation_lexicon.hpp"
#include "kg/extract/role_lexicon.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

class RuleExtractor final : public Extractor {
  public:
    RuleExtractor(RelationLexicon relations, RoleLexicon roles);
    // With lexicons/relations.tsv and lexicons/roles.tsv found via find_data_file.
    static std::unique_ptr<RuleExtractor> load_default();

    Extraction extract(const Document& doc) const override;
    std::string_view version() const override { return "rules-1"; }

    // The triples of one sentence; spans are the sentence's offsets. The
    // names it mentions are appended to `names` when given.
    std::vector<Triple> extract_sentence(const Sentence& sentence,
                                         std::vector<NameMention>* names = nullptr) const;

  private:
    RelationLexicon relations_;
    RoleLexicon roles_;
};

}  // namespace kg
