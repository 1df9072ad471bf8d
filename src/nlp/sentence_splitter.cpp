// Sentence splitter over the tokenizer's stream. Sentences end:
// - after final punctuation (". ! ? ..." tokens) plus any closing quotes or
//   brackets glued to it, when the next token can start a sentence (not a
//   lowercase word; after "..." only a capitalized one). Abbreviations never
//   produce a "." token unless the tokenizer decided they end a sentence
//   ("in the U.S. The"), so "Mr." and mid-sentence "U.S." are safe;
// - at a blank line, always;
// - at a single newline unless the next line starts with a lowercase word and
//   the previous line did not end a sentence: scraped news puts one paragraph
//   (or headline, or list item) per line, while hard-wrapped text continues
//   sentences in lowercase;
// - after kMaxSentenceTokens tokens, preferably after a ';' or ',', so that
//   text without punctuation never yields one giant sentence.
#include <cstring>

#include "kg/nlp/tokenizer.hpp"
#include "tokenizer_chars.hpp"
#include "tokenizer_stream.hpp"

namespace kg {
namespace {

enum class Ending { none, hard, ellipsis };

bool is_closer(std::string_view form) {
    return form == "\"" || form == "'" || form == ")" || form == "]" || form == "}" ||
           form == "\xE2\x80\x9D" /* ” */ || form == "\xE2\x80\x99" /* ’ */ ||
           form == "\xC2\xBB" /* » */ || form == "''";
}

Ending ending_of(std::string_view form);

// Punctuation that continues a sentence rather than starting one.
bool continues(std::string_view form) {
    return form == "," || form == ";" || form == ":" || form == ")" || form == "]" || form == "}" ||
           form == "%" || ending_of(form) != Ending::none;
}

Ending ending_of(std::string_view form) {
    bool dots_only = true;
    bool any = false;
    for (std::size_t i = 0; i < form.size();) {
        const char c = form[i];
        if (c == '.') {
            any = true;
            ++i;
        } else if (c == '!' || c == '?') {
            any = true;
            dots_only = false;
            ++i;
        } else if (form.substr(i, 3) == "\xE2\x80\xA6") {
            any = true;
            i += 3;
            if (form.size() == 3) return Ending::ellipsis;
        } else {
            return Ending::none;
        }
    }
    if (!any) return Ending::none;
    if (dots_only && form.size() >= 2) return Ending::ellipsis;
    return Ending::hard;
}

class Splitter final : public tok::TokenSink {
  public:
    Splitter(std::string_view text, const SentenceCallback& emit) : s_(text), emit_(emit) {}

    void token(std::size_t begin, std::size_t end) override {
        const std::string_view form = s_.substr(begin, end - begin);
        if (!cur_.tokens.empty()) {
            if (boundary_before(begin, form)) flush(cur_.tokens.size());
        }
        Token& t = cur_.tokens.emplace_back();
        t.form.assign(form);
        t.begin = begin;
        t.end = end;
        t.space_after = !(end < s_.size() && !tok::is_space_at(s_, end));
        if (pending_ != Ending::none && is_closer(form) && begin == prev_end_) {
            // keep the pending end: `end."` splits after the quote
        } else {
            pending_ = ending_of(form);
        }
        prev_end_ = end;
        if (cur_.tokens.size() >= kMaxSentenceTokens) force_split();
    }

    void finish() {
        if (!cur_.tokens.empty()) flush(cur_.tokens.size());
    }

  private:
    std::string_view s_;
    const SentenceCallback& emit_;
    Sentence cur_;
    Ending pending_ = Ending::none;
    std::size_t prev_end_ = 0;

    bool boundary_before(std::size_t begin, std::string_view form) const {
        int newlines = 0;
        for (std::size_t i = prev_end_; i < begin; ++i) {
            if (s_[i] == '\n' || (s_[i] == '\r' && (i + 1 == begin || s_[i + 1] != '\n')))
                ++newlines;
        }
        const auto first = static_cast<unsigned char>(form[0]);
        const bool lower = tok::is_ascii_lower(first);
        if (newlines >= 2) return true;
        if (newlines == 1) return pending_ != Ending::none || !lower;
        if (pending_ == Ending::none) return false;
        if (begin == prev_end_) return false;  // "?!)" or "end.Next" glued on
        if (pending_ == Ending::ellipsis) return tok::is_ascii_upper(first);
        return !continues(form);
    }

    // Moves the first `count` tokens of the current sentence to the output.
    // cur_ keeps its capacity, so building a sentence allocates once.
    void flush(std::size_t count) {
        Sentence s;
        s.tokens.reserve(count);
        s.tokens.assign(std::make_move_iterator(cur_.tokens.begin()),
                        std::make_move_iterator(cur_.tokens.begin() + count));
        cur_.tokens.erase(cur_.tokens.begin(), cur_.tokens.begin() + count);
        s.begin = s.tokens.front().begin;
        s.end = s.tokens.back().end;
        s.text.assign(s_.substr(s.begin, s.end - s.begin));
        emit_(std::move(s));
    }

    // Cuts an overlong sentence after its last ';' or ',' among the final
    // third of its tokens (or at the cap if there is none): bounded work.
    void force_split() {
        const std::size_t n = cur_.tokens.size();
        std::size_t cut = n;
        for (std::size_t i = n; i > n - n / 3; --i) {
            const std::string& f = cur_.tokens[i - 1].form;
            if (f == ";" || f == ",") {
                cut = i;
                break;
            }
        }
        flush(cut);
    }
};

}  // namespace

void for_each_sentence(std::string_view text, const SentenceCallback& emit) {
    Splitter splitter(text, emit);
    tok::tokenize_spans(text, splitter);
    splitter.finish();
}

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    for_each_sentence(text, [&out](Sentence&& s) { out.push_back(std::move(s)); });
    return out;
}

}  // namespace kg
