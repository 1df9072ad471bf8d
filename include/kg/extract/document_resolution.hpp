// Resolution of names within one document, so a fact is stored on the entity
// the article means however it shortens the name later:
//  - "Satya Nadella" ... "Nadella" ... "Mr. Nadella": a one-word Person name
//    that is the last word of a fuller Person name seen in the document
//    becomes that fuller name;
//  - "International Business Machines (IBM)" ... "IBM": an acronym defined in
//    parentheses after a name becomes the name, which keeps the acronym as an
//    alias for later documents.
// Types agree across the document: a name typed anywhere keeps that type on
// its untyped mentions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/triple.hpp"

namespace kg {

// A name as it occurs in the document, in order of appearance.
struct NameMention {
    std::string text;
    EntityType type = EntityType::Other;
    std::size_t begin = 0;  // byte offsets into the document text
    std::size_t end = 0;
};

// Rewrites the entity arguments of `triples` in place.
void resolve_within_document(std::string_view text, const std::vector<NameMention>& mentions,
                             std::vector<Triple>& triples);

// "IBM" for "International Business Machines", ignoring "of", "and", "&",
// "the"; empty when the name has fewer than two significant words.
std::string initials(std::string_view name);

}  // namespace kg
