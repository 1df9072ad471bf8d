// Clauses read off a dependency tree, in the sentence's own words: who did
// what to whom, with which prepositional arguments, negated or hedged. This
// is the syntactic half of extraction (ClausIE-style); turning clauses into
// canonical graph triples is the extractor's other half.
//
// What becomes a clause: every verb with a subject, whether the subject is
// its own, shared through coordination ("OpenAI and Microsoft revised …,
// adjusting …"), inherited down a control or raising chain ("agreed to
// acquire": the clause is "acquire", its subject the agreer's), or the noun
// a relative or participial clause modifies ("Mellanox, which is based in
// Yokneam"; "OpenAI, valued at $150 billion"). Copulas make clauses on their
// predicate ("X is the leading company"), as do appositions ("Jensen Huang,
// the chief executive of Nvidia") and possessed nouns ("Amazon's chief
// executive"; "Microsoft's investment in OpenAI").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kg/extract/dependency_tree.hpp"

namespace kg {

enum class ClauseKind {
    Verbal,      // subject verb [object] [obliques]
    Copular,     // subject be predicate: the predicate is the clause's head
    Apposition,  // "Jensen Huang, the chief executive of Nvidia": predicate = the appositive
    Possessive,  // "Amazon's chief executive" / "Microsoft's investment in OpenAI"
};

struct ClauseArgument {
    enum class Role { Subject, Object, Complement, Oblique, Agent };
    Role role = Role::Object;
    std::size_t head = 0;                            // token index of the argument's head word
    std::string preposition;                         // lower case ("in", "at"), empty when none
    std::size_t case_token = DependencyTree::kNone;  // the preposition's token
    DependencyTree::Span span;  // the argument's words, without the preposition
};

struct Clause {
    ClauseKind kind = ClauseKind::Verbal;
    std::size_t predicate = 0;  // the verb; for copulas, appositions and possessives, the noun
    std::string lemma;          // lower-case lemma of the predicate
    std::vector<std::string> particles;  // "over" in "take over"
    bool passive = false;
    bool negated = false;
    std::string modality;  // "", "hedged", "planned", "reported"
    // Tokens that make up the relation phrase as written (auxiliaries,
    // negation, verb, particles), in sentence order.
    std::vector<std::size_t> relation_tokens;
    std::vector<ClauseArgument> subjects;   // several when coordinated
    std::vector<ClauseArgument> arguments;  // objects, complements, obliques, agent
    // Head of the speaker when the clause is reported speech ("X said …").
    std::size_t attributed_to = DependencyTree::kNone;
    double confidence = 0.9;
};

std::vector<Clause> find_clauses(const DependencyTree& tree);

}  // namespace kg
