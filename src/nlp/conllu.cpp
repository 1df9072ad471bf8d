#include "kg/nlp/conllu.hpp"

#include <charconv>
#include <fstream>
#include <istream>
#include <ostream>

#include "kg/error.hpp"

namespace kg {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> cols;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        cols.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return cols;
}

bool parse_int(std::string_view s, int& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string field(std::string_view s) {
    return s == "_" ? std::string() : std::string(s);
}

// Places each word in the sentence text; a word that is not a substring
// (rare multiword parts) gets the span of its surface range.
void assign_offsets(ConlluSentence& cs) {
    Sentence& s = cs.sentence;
    if (s.text.empty()) {
        for (const Token& t : s.tokens) {
            s.text += t.form;
            if (t.space_after) s.text += ' ';
        }
        while (!s.text.empty() && s.text.back() == ' ') s.text.pop_back();
    }
    std::size_t cursor = 0;
    std::size_t range_i = 0;
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
        Token& t = s.tokens[i];
        while (range_i < cs.ranges.size() && cs.ranges[range_i].last < i) ++range_i;
        const bool in_range = range_i < cs.ranges.size() && cs.ranges[range_i].first <= i;
        if (in_range && i == cs.ranges[range_i].first) {
            // Locate the surface token first so parts never escape it.
            const auto& r = cs.ranges[range_i];
            const std::size_t at = s.text.find(r.form, cursor);
            if (at != std::string::npos) cursor = at;
        }
        std::size_t at = s.text.find(t.form, cursor);
        if (at == std::string::npos || (at > cursor + 64 && !in_range)) at = std::string::npos;
        if (at == std::string::npos) {
            while (cursor < s.text.size() && s.text[cursor] == ' ') ++cursor;
            t.begin = cursor;
            t.end = std::min(s.text.size(), cursor + t.form.size());
        } else {
            t.begin = at;
            t.end = at + t.form.size();
        }
        cursor = t.end;
    }
}

}  // namespace

std::vector<ConlluSentence> read_conllu(std::istream& in, std::string_view name) {
    std::vector<ConlluSentence> out;
    ConlluSentence cur;
    bool has_words = false;
    std::string line;
    std::size_t line_no = 0;
    auto error = [&](std::string_view what) {
        throw Error(std::string(name) + ":" + std::to_string(line_no) + ": " + std::string(what));
    };
    auto finish = [&] {
        if (!has_words) {
            cur = ConlluSentence{};
            return;
        }
        assign_offsets(cur);
        out.push_back(std::move(cur));
        cur = ConlluSentence{};
        has_words = false;
    };
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            finish();
            continue;
        }
        if (line[0] == '#') {
            std::string_view v(line);
            if (v.starts_with("# sent_id = "))
                cur.id = std::string(v.substr(12));
            else if (v.starts_with("# text = "))
                cur.sentence.text = std::string(v.substr(9));
            else
                cur.comments.push_back(line);
            continue;
        }
        const auto cols = split_tabs(line);
        if (cols.size() != 10)
            error("expected 10 tab-separated columns, found " + std::to_string(cols.size()));
        const std::string_view id = cols[0];
        if (id.find('.') != std::string_view::npos) continue;  // empty node
        if (const auto dash = id.find('-'); dash != std::string_view::npos) {
            int a = 0, b = 0;
            if (!parse_int(id.substr(0, dash), a) || !parse_int(id.substr(dash + 1), b) || a < 1 ||
                b < a)
                error("bad multiword range id '" + std::string(id) + "'");
            cur.ranges.push_back({static_cast<std::size_t>(a - 1), static_cast<std::size_t>(b - 1),
                                  std::string(cols[1]), std::string(cols[9])});
            continue;
        }
        int n = 0;
        if (!parse_int(id, n) || n != static_cast<int>(cur.sentence.tokens.size()) + 1)
            error("bad or out-of-order word id '" + std::string(id) + "'");
        Token t;
        t.form = std::string(cols[1]);
        t.lemma = cols[2] == "_" && cols[1] != "_" ? std::string() : std::string(cols[2]);
        t.upos = field(cols[3]);
        t.xpos = field(cols[4]);
        if (cols[6] == "_")
            t.head = -1;
        else if (!parse_int(cols[6], t.head) || t.head < 0)
            error("bad HEAD '" + std::string(cols[6]) + "'");
        t.deprel = field(cols[7]);
        t.space_after = std::string_view(cols[9]).find("SpaceAfter=No") == std::string_view::npos;
        cur.sentence.tokens.push_back(std::move(t));
        has_words = true;
    }
    finish();
    for (auto& cs : out)
        for (const Token& t : cs.sentence.tokens)
            if (t.head > static_cast<int>(cs.sentence.tokens.size()))
                throw Error(std::string(name) + ": sentence " + cs.id + ": HEAD out of range");
    // Place sentences in the reconstructed document text.
    std::size_t offset = 0;
    for (auto& cs : out) {
        cs.sentence.begin = offset;
        cs.sentence.end = offset + cs.sentence.text.size();
        offset = cs.sentence.end + 1;
    }
    return out;
}

std::vector<ConlluSentence> read_conllu_file(const std::filesystem::path& path) {
    std::ifstream f(path);
    if (!f) throw Error(path.string() + ": cannot open");
    return read_conllu(f, path.string());
}

std::string conllu_document_text(const std::vector<ConlluSentence>& sentences) {
    std::string text;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        if (i) text += ' ';
        text += sentences[i].sentence.text;
    }
    return text;
}

namespace {

void write_sentence(std::ostream& out, const Sentence& s, std::string_view sent_id,
                    const ConlluSentence* read) {
    if (read)
        for (const std::string& c : read->comments) out << c << '\n';
    if (!sent_id.empty()) out << "# sent_id = " << sent_id << '\n';
    std::string text = s.text;
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    out << "# text = " << text << '\n';
    auto col = [](const std::string& v) -> const std::string& {
        static const std::string underscore = "_";
        return v.empty() ? underscore : v;
    };
    std::size_t range_i = 0;
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
        for (; read && range_i < read->ranges.size() && read->ranges[range_i].first <= i;
             ++range_i) {
            const auto& r = read->ranges[range_i];
            if (r.first != i) continue;  // malformed (overlapping) ranges are dropped
            out << r.first + 1 << '-' << r.last + 1 << '\t' << r.form << "\t_\t_\t_\t_\t_\t_\t_\t"
                << (r.misc.empty() ? "_" : r.misc) << '\n';
        }
        const Token& t = s.tokens[i];
        out << i + 1 << '\t' << col(t.form) << '\t' << col(t.lemma) << '\t' << col(t.upos) << '\t'
            << col(t.xpos) << "\t_\t";
        if (t.head >= 0)
            out << t.head;
        else
            out << '_';
        out << '\t' << col(t.deprel) << "\t_\t" << (t.space_after ? "_" : "SpaceAfter=No") << '\n';
    }
    out << '\n';
}

}  // namespace

void write_conllu(std::ostream& out, const Sentence& s, std::string_view sent_id) {
    write_sentence(out, s, sent_id, nullptr);
}

void write_conllu(std::ostream& out, const ConlluSentence& cs, std::string_view sent_id) {
    write_sentence(out, cs.sentence, sent_id, &cs);
}

}  // namespace kg
