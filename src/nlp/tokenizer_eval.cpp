#include "kg/nlp/tokenizer_eval.hpp"

#include <algorithm>
#include <iostream>

#include "kg/nlp/tokenizer.hpp"

namespace kg {
namespace {

struct GoldSentence {
    std::string text;
    bool new_paragraph = false;
    std::vector<std::string> tokens;              // surface forms
    std::vector<std::vector<std::string>> words;  // words of each surface token
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::size_t b = 0;
    for (;;) {
        const std::size_t t = line.find('\t', b);
        out.push_back(line.substr(b, t == std::string::npos ? std::string::npos : t - b));
        if (t == std::string::npos) return out;
        b = t + 1;
    }
}

std::vector<GoldSentence> read_conllu(std::istream& in) {
    std::vector<GoldSentence> out;
    GoldSentence cur;
    bool open = false;
    long range_end = 0;
    bool space_after = true;
    std::string rebuilt;  // text from forms when "# text" is missing
    std::string line;
    auto finish = [&] {
        if (!open) return;
        if (cur.text.empty()) cur.text = rebuilt;
        out.push_back(std::move(cur));
        cur = GoldSentence{};
        open = false;
        range_end = 0;
        rebuilt.clear();
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            finish();
            continue;
        }
        open = true;
        if (line[0] == '#') {
            if (line.rfind("# text = ", 0) == 0) cur.text = line.substr(9);
            if (line.rfind("# newpar", 0) == 0 || line.rfind("# newdoc", 0) == 0)
                cur.new_paragraph = true;
            continue;
        }
        const auto f = split_tabs(line);
        if (f.size() < 10) continue;
        const std::string& id = f[0];
        if (id.find('.') != std::string::npos) continue;  // empty node
        space_after = f[9].find("SpaceAfter=No") == std::string::npos;
        if (const auto dash = id.find('-'); dash != std::string::npos) {
            range_end = std::atol(id.c_str() + dash + 1);
            cur.tokens.push_back(f[1]);
            cur.words.emplace_back();
            rebuilt += f[1] + (space_after ? " " : "");
            continue;
        }
        const long n = std::atol(id.c_str());
        if (n <= range_end) {
            cur.words.back().push_back(f[1]);
            continue;
        }
        cur.tokens.push_back(f[1]);
        cur.words.push_back({f[1]});
        rebuilt += f[1] + (space_after ? " " : "");
    }
    finish();
    return out;
}

void build_gold(const std::vector<GoldSentence>& sentences, TokenizerEvaluation& g) {
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        const GoldSentence& s = sentences[i];
        if (i > 0) g.text += s.new_paragraph ? "\n\n" : " ";
        const std::size_t base = g.text.size();
        g.text += s.text;
        std::size_t pos = 0;
        std::size_t first = std::string::npos, last = 0;
        for (std::size_t t = 0; t < s.tokens.size(); ++t) {
            const std::string& form = s.tokens[t];
            while (pos < s.text.size() && s.text[pos] == ' ') ++pos;
            if (s.text.compare(pos, form.size(), form) != 0) {
                const std::size_t found = s.text.find(form, pos);
                if (found == std::string::npos) {
                    std::cerr << "warning: token '" << form << "' not in text: " << s.text << "\n";
                    continue;
                }
                pos = found;
            }
            const ByteSpan span{base + pos, base + pos + form.size()};
            g.gold_tokens.push_back(span);
            first = std::min(first, span.first);
            last = span.second;
            std::string joined;
            for (const auto& w : s.words[t]) joined += w;
            if (joined == form) {
                std::size_t wb = span.first;
                for (const auto& w : s.words[t]) {
                    g.gold_words.push_back({wb, wb + w.size()});
                    wb += w.size();
                }
            } else {
                for (std::size_t k = 0; k < s.words[t].size(); ++k) g.gold_words.push_back(span);
            }
            pos += form.size();
        }
        if (first != std::string::npos) g.gold_sentences.push_back({first, last});
    }
}

}  // namespace

SpanScore score_spans(std::vector<ByteSpan> gold, std::vector<ByteSpan> system) {
    std::sort(gold.begin(), gold.end());
    std::sort(system.begin(), system.end());
    SpanScore s{gold.size(), system.size(), 0};
    std::size_t i = 0, j = 0;
    while (i < gold.size() && j < system.size()) {
        if (gold[i] == system[j]) {
            ++s.correct;
            ++i;
            ++j;
        } else if (gold[i] < system[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return s;
}

TokenizerEvaluation evaluate_tokenizer(std::istream& conllu) {
    TokenizerEvaluation ev;
    build_gold(read_conllu(conllu), ev);
    for (const Sentence& s : split_sentences(ev.text)) {
        ev.system_sentences.push_back({s.begin, s.end});
        for (std::size_t k = 0; k < s.tokens.size(); ++k) {
            const Token& t = s.tokens[k];
            ev.system_words.push_back({t.begin, t.end});
            if (k > 0 && is_multiword_continuation(s.tokens[k - 1], t))
                ev.system_tokens.back().second = t.end;
            else
                ev.system_tokens.push_back({t.begin, t.end});
        }
    }
    ev.tokens = score_spans(ev.gold_tokens, ev.system_tokens);
    ev.words = score_spans(ev.gold_words, ev.system_words);
    ev.sentences = score_spans(ev.gold_sentences, ev.system_sentences);
    return ev;
}

}  // namespace kg
