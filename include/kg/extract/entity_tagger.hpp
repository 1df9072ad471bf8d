// Named-entity recognizer: finds the names in an annotated sentence and types
// them Person, Organization, Place, Product, Event or Other. A greedy left to
// right averaged perceptron over BILOU tags (B-, I-, L- for the first, inner
// and last word of a name, U- for a one-word name, O outside), with word,
// affix, shape, UPOS/XPOS, dependency, neighbour and cue-word features
// (lexicons/entity_cues.tsv, copied into the model when it is trained),
// finds the names; a second perceptron then types each whole name from its
// words, both sides, its place in the parse tree and the cue classes of the
// whole name. Two cue lists are also rules. A gazetteer organization is a
// name of its own, replacing the names the tagger found inside it, or where
// the tagger found none if it is a proper noun with no capitalized word on
// either side (not "Paramount" of "Paramount Theaters"); a name that is
// exactly a gazetteer organization (or one followed by "Corp.", "Inc." ...)
// is an Organization, with its span's confidence; neither applies after a
// title ("Mr. Dell"). A name that is exactly a not-name entry (a page
// leftover such as "Advertisement", an acronym such as "AI") is dropped.
// Trained on the named mentions of GUM (kg/extract/gum_entities.hpp says
// what counts as one); dates, months and weekdays are values, never names.
// tag() keeps no state and may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/entity_cues.hpp"
#include "kg/extract/triple.hpp"
#include "kg/nlp/perceptron.hpp"
#include "kg/nlp/sentence.hpp"

namespace kg {

struct EntitySpan {
    std::size_t begin = 0, end = 0;  // token indices [begin, end)
    EntityType type = EntityType::Other;
    // In (0, 1]: softmax probability of the name's first tag times that of its type.
    float confidence = 1.0f;

    bool operator==(const EntitySpan& o) const {
        return begin == o.begin && end == o.end && type == o.type;
    }
};

struct EntityTrainOptions {
    int epochs = 12;
    int typer_epochs = 10;
    std::uint64_t seed = 1;
    float prune_below = 0.05f;    // drop feature rows with all |w| below this
    std::ostream* log = nullptr;  // per-epoch progress, if set
};

// One training sentence: tokens annotated by kg's Pipeline (predicted tags and
// tree, as at run time) and the gold name spans.
struct EntityExample {
    Sentence sentence;
    std::vector<EntitySpan> names;
};

class EntityTagger {
  public:
    // Throws kg::Error naming the file when it is missing, corrupt or not an
    // entity model.
    static EntityTagger load(const std::filesystem::path& path);
    // models/entities.bin through kg::find_data_file (throws when not found).
    static EntityTagger load();
    // models/entities.bin when kg can find one, else nothing (no exception),
    // so callers can fall back to rules.
    static std::optional<std::filesystem::path> find_model();

    void save(const std::filesystem::path& path, std::string_view header) const;

    static EntityTagger train(std::span<const EntityExample> train, EntityCues cues,
                              const EntityTrainOptions& options);

    // Names in an annotated sentence (upos/xpos/head/deprel filled by
    // Pipeline::annotate), in token order, never overlapping.
    std::vector<EntitySpan> tag(const Sentence& sentence) const;

    const EntityCues& cues() const { return cues_; }
    std::size_t n_features() const { return model_.n_features() + typer_.n_features(); }

    static constexpr std::string_view kFeatureConfig =
        "entities v2: BILOU x 6 types, greedy; features: bias, form, lower, prefix1-3, "
        "suffix1-4, shape, flags, sentence start, lower/shape/UPOS at -2..+2, XPOS at -1..+1, "
        "UPOS bigrams, cue classes (entries of 1-4 words) at -2..+2, deprel, head UPOS and lower, "
        "previous two predicted tags, tag x word/shape/UPOS; span typer: words, first/last "
        "word, suffixes, length, shape, +-2 context words, cues, head deprel/governor lemma, "
        "whole-name cue classes; rules: gazetteer organizations are names typed Organization, "
        "not-names dropped";

  private:
    struct Context;

    EntityCues cues_;
    Perceptron model_;  // BILOU tags
    Perceptron typer_;  // the type of a whole name
};

}  // namespace kg
