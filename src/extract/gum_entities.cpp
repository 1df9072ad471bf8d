#include "kg/extract/gum_entities.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>

#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

struct Open {
    std::string id;
    std::size_t begin;
    std::string type;
    std::string identity;
};

// "ID-type-infstat-salience-centering-minspan-link[-identity]"; the identity
// may itself contain '-'.
Open parse_open(std::string_view body, std::size_t word) {
    const auto fields = split(body, '-');
    Open o{std::string(fields[0]), word, fields.size() > 1 ? std::string(fields[1]) : "", ""};
    for (std::size_t k = 7; k < fields.size(); ++k) {
        if (k > 7) o.identity += '-';
        o.identity += fields[k];
    }
    return o;
}

std::string_view entity_field(std::string_view misc) {
    for (auto item : split(misc, '|'))
        if (item.starts_with("Entity=")) return item.substr(7);
    return {};
}

bool is_joiner_punct(std::string_view w) {
    return w == "-" || w == "." || w == "'" || w == ":" || w == "/" || w == "\u2013";
}

bool is_joiner_word(std::string_view w) {
    static constexpr std::array<std::string_view, 16> kWords{"of", "the", "and", "&",   "for", "de",
                                                             "la", "del", "der", "von", "van", "du",
                                                             "da", "des", "le",  "di"};
    return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool is_name_word(const Token& t) {
    if (t.upos == "PROPN") return true;
    static constexpr std::array<std::string_view, 8> kNever{"DET",   "PRON", "ADP", "CCONJ",
                                                            "SCONJ", "PART", "AUX", "PUNCT"};
    if (std::find(kNever.begin(), kNever.end(), t.upos) != kNever.end()) return false;
    return !t.form.empty() && is_upper_ascii(t.form[0]);
}

std::optional<EntityType> gum_type(std::string_view t) {
    if (t == "person") return EntityType::Person;
    if (t == "organization") return EntityType::Organization;
    if (t == "place") return EntityType::Place;
    if (t == "event") return EntityType::Event;
    if (t == "object") return EntityType::Product;
    if (t == "abstract" || t == "substance" || t == "plant" || t == "animal")
        return EntityType::Other;
    return std::nullopt;  // time, and anything unknown
}

}  // namespace

std::vector<GumSentence> read_gum_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot read");
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    std::istringstream conllu_in(text);
    auto conllu = read_conllu(conllu_in, file.string());

    std::vector<GumSentence> out;
    out.reserve(conllu.size());
    for (auto& cs : conllu) out.push_back(GumSentence{std::move(cs), {}});

    // Second pass over the same lines for the MISC column, which the CoNLL-U
    // reader does not keep; sentences and words are counted the same way.
    std::size_t sentence = 0, word = 0, line_no = 0;
    bool has_words = false;
    std::vector<Open> stack;
    auto fail = [&](const std::string& what) {
        throw Error(file.string() + ":" + std::to_string(line_no) + ": " + what);
    };
    auto end_sentence = [&] {
        if (!has_words) return;
        if (!stack.empty()) fail("entity '" + stack.back().id + "' is not closed in its sentence");
        ++sentence;
        word = 0;
        has_words = false;
    };
    for (auto line : split(text, '\n')) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
            end_sentence();
            continue;
        }
        if (line[0] == '#') continue;
        const auto cols = split(line, '\t');
        if (cols.size() != 10 || cols[0].find_first_of("-.") != std::string_view::npos) continue;
        if (sentence >= out.size()) fail("more sentences than the CoNLL-U reader found");
        has_words = true;
        const std::string_view ent = entity_field(cols[9]);
        std::size_t p = 0;
        while (p < ent.size()) {
            if (ent[p] == '(') {
                std::size_t q = p + 1;
                while (q < ent.size() && ent[q] != '(' && ent[q] != ')') ++q;
                Open o = parse_open(ent.substr(p + 1, q - p - 1), word);
                if (q < ent.size() && ent[q] == ')') {
                    out[sentence].mentions.push_back({word, word + 1, o.type, o.identity, o.id});
                    p = q + 1;
                } else {
                    stack.push_back(std::move(o));
                    p = q;
                }
            } else {
                std::size_t q = p;
                while (q < ent.size() && ent[q] != ')' && ent[q] != '(') ++q;
                if (q == ent.size() || ent[q] != ')') fail("bad Entity annotation");
                const std::string_view id = ent.substr(p, q - p);
                auto it = std::find_if(stack.rbegin(), stack.rend(),
                                       [&](const Open& o) { return o.id == id; });
                if (it == stack.rend())
                    fail("entity '" + std::string(id) + "' closed but not open");
                out[sentence].mentions.push_back(
                    {it->begin, word + 1, it->type, it->identity, it->id});
                stack.erase(std::next(it).base());
                p = q + 1;
            }
        }
        ++word;
    }
    end_sentence();
    if (sentence != out.size()) fail("fewer sentences than the CoNLL-U reader found");
    return out;
}

std::vector<GumSentence> read_gum_folder(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(folder, ec))
        if (e.path().extension() == ".conllu") files.push_back(e.path());
    if (ec) throw Error(folder.string() + ": cannot list folder");
    std::sort(files.begin(), files.end());
    std::vector<GumSentence> out;
    for (const auto& f : files) {
        auto part = read_gum_file(f);
        std::move(part.begin(), part.end(), std::back_inserter(out));
    }
    return out;
}

std::vector<EntitySpan> named_mentions(const Sentence& sentence,
                                       const std::vector<GumMention>& mentions,
                                       const EntityCues& cues) {
    const auto& tok = sentence.tokens;
    auto is_title = [&](std::size_t k) { return (cues.classes(tok[k].form) & kCueTitle) != 0; };
    std::vector<EntitySpan> spans;
    for (const GumMention& m : mentions) {
        const auto type = gum_type(m.type);
        if (!type || m.end > tok.size() || m.begin >= m.end) continue;
        std::size_t head = m.end;
        for (std::size_t k = m.begin; k < m.end; ++k) {
            const int h = tok[k].head;  // 1-based, 0 = root
            const bool outside = h <= static_cast<int>(m.begin) || h > static_cast<int>(m.end);
            if (!outside) continue;
            if (head == m.end) head = k;
            if (tok[k].upos != "PUNCT") {
                head = k;
                break;
            }
        }
        if (head == m.end || tok[head].upos != "PROPN") continue;
        const bool person = *type == EntityType::Person;
        auto joiner = [&](std::size_t k) {
            return is_joiner_punct(tok[k].form) || (!person && is_joiner_word(tok[k].form));
        };
        std::size_t lo = head, hi = head + 1;
        for (;;) {  // right
            std::size_t k = hi;
            while (k < m.end && k - hi < 3 && joiner(k)) ++k;
            if (k < m.end && (is_name_word(tok[k]) || tok[k].upos == "NUM"))
                hi = k + 1;
            else
                break;
        }
        for (;;) {  // left
            std::size_t k = lo;
            while (k > m.begin && lo - k < 3 && joiner(k - 1)) --k;
            if (k > m.begin && is_name_word(tok[k - 1]) && !is_title(k - 1))
                lo = k - 1;
            else
                break;
        }
        while (lo < hi && is_title(lo)) ++lo;
        if (lo < hi) spans.push_back({lo, hi, *type, 1.0f});
    }
    std::stable_sort(spans.begin(), spans.end(), [](const EntitySpan& a, const EntitySpan& b) {
        if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
        return a.begin < b.begin;
    });
    std::vector<EntitySpan> kept;
    for (const auto& s : spans) {
        const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const EntitySpan& k) {
            return s.begin < k.end && k.begin < s.end;
        });
        if (!overlaps) kept.push_back(s);
    }
    std::sort(kept.begin(), kept.end(),
              [](const EntitySpan& a, const EntitySpan& b) { return a.begin < b.begin; });
    return kept;
}

}  // namespace kg
