#include "kg/source/plain_text.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kg {
namespace {

struct Line {
    std::string text;
    bool blank = false;         // paragraph boundary
    bool stands_alone = false;  // never joined with its neighbours (headings, list items)
};

// A file counts as hard-wrapped when paragraphs are separated by blank lines
// and almost no line is longer than a typical wrap width.
constexpr std::size_t kWrapWidth = 100;
// Bounded look-ahead for "](" keeps link parsing linear on hostile input.
constexpr std::size_t kMaxLinkLength = 2000;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::size_t columns(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (static_cast<unsigned char>(c) >= 0x80);
}

std::size_t first_word_columns(std::string_view s) {
    std::size_t end = 0;
    while (end < s.size() && !is_space(s[end])) ++end;
    return columns(s.substr(0, end));
}

std::string join_paragraphs(const std::vector<Line>& lines) {
    bool has_break = false, has_multi_line_block = false;
    std::size_t nonblank = 0, long_lines = 0, width = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].blank) {
            has_break = has_break || (nonblank > 0 && i + 1 < lines.size());
            continue;
        }
        ++nonblank;
        std::size_t cols = columns(lines[i].text);
        if (cols > kWrapWidth) {
            ++long_lines;
        } else {
            width = std::max(width, cols);
        }
        if (i > 0 && !lines[i - 1].blank) has_multi_line_block = true;
    }
    bool wrapped = has_break && has_multi_line_block && long_lines * 10 <= nonblank;

    std::string out;
    bool open = false;  // the last output line may still be continued
    std::size_t last_cols = 0;
    for (const Line& line : lines) {
        if (line.blank || line.text.empty()) {
            if (line.blank) open = false;
            continue;
        }
        // A wrapped line ended because the next word did not fit; a short
        // line (a headline, a byline) ended on purpose. Allow for wrappers
        // that balance lines rather than fill them.
        std::size_t cols = columns(line.text);
        bool continues = open && wrapped && !line.stands_alone &&
                         5 * (last_cols + 1 + first_word_columns(line.text)) > 4 * width;
        if (continues) out.back() = ' ';
        last_cols = cols;
        out += line.text;
        out += '\n';
        open = !line.stands_alone;
    }
    return out;
}

// ------------------------------------------------------------ markdown

std::size_t count_leading(std::string_view s, char c) {
    std::size_t n = 0;
    while (n < s.size() && s[n] == c) ++n;
    return n;
}

// "---", "***", "___", "- - -": a thematic break (or setext underline).
bool is_rule(std::string_view s, char& mark) {
    std::size_t marks = 0;
    mark = 0;
    for (char c : s) {
        if (c == ' ' || c == '\t') continue;
        if (c != '-' && c != '*' && c != '_' && c != '=') return false;
        if (mark != 0 && c != mark) return false;
        mark = c;
        ++marks;
    }
    return marks >= 3 || (mark == '=' && marks >= 1);
}

// Removes a list bullet or number; returns whether there was one.
bool strip_list_marker(std::string_view& s) {
    if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
        s = trim(s.substr(2));
        return true;
    }
    std::size_t digits = 0;
    while (digits < s.size() && digits < 9 && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits > 0 && digits + 1 < s.size() && (s[digits] == '.' || s[digits] == ')') &&
        s[digits + 1] == ' ') {
        s = trim(s.substr(digits + 2));
        return true;
    }
    return false;
}

bool is_reference_definition(std::string_view s) {
    if (s.empty() || s[0] != '[') return false;
    std::size_t close = s.find("]:");
    return close != std::string_view::npos && close > 1 && s.find(']') == close;
}

bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

// Inline markup: emphasis marks, code backticks, images, link targets,
// backslash escapes of punctuation (quotes excepted: unescape_text owns those).
std::string strip_inline(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t link_mid = std::string_view::npos - 1;  // not looked up yet
    std::size_t link_end = std::string_view::npos;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1]) && s[i + 1] != '\'' &&
            s[i + 1] != '"') {
            out += s[i + 1];
            i += 2;
        } else if (c == '`') {
            ++i;
        } else if (c == '*' || c == '_') {
            std::size_t run = 1;
            while (i + run < s.size() && s[i + run] == c) ++run;
            char before = i > 0 ? s[i - 1] : ' ';
            char after = i + run < s.size() ? s[i + run] : ' ';
            // A run of marks between blanks ("2 * 3") or inside a word joined
            // by underscores (snake_case) is literal; any other is emphasis.
            bool literal = (is_space(before) && is_space(after)) ||
                           (c == '_' && is_word_char(before) && is_word_char(after));
            bool emphasis = !literal;
            if (!emphasis) out.append(s.substr(i, run));
            i += run;
        } else if (c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) {
            bool image = c == '!';
            std::size_t open = image ? i + 1 : i;
            // The next "](" and the ')' after it are looked up once and
            // reused by every '[' before them, so "[[[[..." stays linear.
            if (link_mid == std::string_view::npos - 1 ||
                (link_mid != std::string_view::npos && link_mid < open)) {
                link_mid = s.find("](", open);
                link_end = link_mid == std::string_view::npos ? link_mid : s.find(')', link_mid);
            }
            if (link_end == std::string_view::npos || link_end - open > kMaxLinkLength) {
                out += c;
                ++i;
                continue;
            }
            if (!image) out += strip_inline(s.substr(open + 1, link_mid - open - 1));
            i = link_end + 1;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

}  // namespace

std::string text_paragraphs(std::string_view text) {
    std::vector<Line> lines;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        lines.push_back({std::string(line), line.empty(), false});
    }
    return join_paragraphs(lines);
}

std::string markdown_paragraphs(std::string_view markdown) {
    std::vector<Line> lines;
    std::string_view fence;  // the open code fence ("```" or "~~~"), if any
    while (!markdown.empty()) {
        std::size_t nl = markdown.find('\n');
        std::string_view raw = markdown.substr(0, nl);
        markdown = nl == std::string_view::npos ? std::string_view() : markdown.substr(nl + 1);
        std::string_view line = trim(raw);

        if (!fence.empty()) {
            if (line.starts_with(fence)) fence = {};
            continue;
        }
        if (line.starts_with("```") || line.starts_with("~~~")) {
            fence = line.substr(0, 3);
            lines.push_back({{}, true, false});
            continue;
        }
        while (line.starts_with('>')) line = trim(line.substr(1));
        if (line.empty()) {
            lines.push_back({{}, true, false});
            continue;
        }
        char mark = 0;
        if (is_rule(line, mark)) {
            // Under a text line, "===" or "---" makes it a heading.
            if ((mark == '=' || mark == '-') && !lines.empty() && !lines.back().blank) {
                lines.back().stands_alone = true;
            }
            lines.push_back({{}, true, false});
            continue;
        }
        if (is_reference_definition(line)) continue;
        bool alone = false;
        if (std::size_t hashes = count_leading(line, '#');
            hashes >= 1 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ')) {
            line = trim(line.substr(hashes));
            while (line.ends_with('#')) line.remove_suffix(1);
            line = trim(line);
            alone = true;
        } else if (strip_list_marker(line)) {
            // A list item starts a line; its continuation lines may join it.
            lines.push_back({{}, true, false});
            lines.push_back({std::string(trim(strip_inline(line))), false, false});
            continue;
        }
        lines.push_back({std::string(trim(strip_inline(line))), false, alone});
    }
    return join_paragraphs(lines);
}

}  // namespace kg
