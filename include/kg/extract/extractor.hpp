// The extractor interface: a Document in, triples out. kg's extractor is the
// dependency-based ClauseExtractor (kg/extract/clause_extractor.hpp); ingest,
// extract and the tests see only this interface.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/triple.hpp"
#include "kg/source/document.hpp"

namespace kg {

struct Extraction {
    std::size_t sentences = 0;
    std::vector<Triple> triples;
};

class Extractor {
  public:
    virtual ~Extractor() = default;
    // Pure: the same document always gives the same triples.
    virtual Extraction extract(const Document& doc) const = 0;
    // Recorded with every fact's provenance ("clauses-1").
    virtual std::string_view version() const = 0;
};

// The extractor kg uses by default.
std::unique_ptr<Extractor> make_default_extractor();

}  // namespace kg
