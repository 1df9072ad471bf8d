#include "kg/source/leftovers.hpp"

#include <fstream>

#include "kg/data_files.hpp"
#include "kg/error.hpp"

#include <cstddef>

#include "kg/source/utf8.hpp"

namespace kg {
namespace {

// Keep in step with lexicons/leftovers.txt (a test checks the file holds all
// of these); they are compiled in so kg cleans text even without the file.
constexpr std::string_view kDefaultPatterns[] = {
    // Section markers that introduce lists of other stories.
    "block: Related",
    "block: Related Stories",
    "block: Related Articles",
    "block: Related Content",
    "block: Related Coverage",
    "block: Related News",
    "block: Related Posts",
    "block: Related Reading",
    "block: Related Links",
    "block: Related Topics",
    "block: Read more",
    "block: Read More Stories",
    "block: Read next",
    "block: Read also",
    "block: Also read",
    "block: See also",
    "block: More stories",
    "block: More news",
    "block: More on this story",
    "block: More from *",
    "block: You may also like",
    "block: You might also like",
    "block: You may have missed",
    "block: We recommend",
    "block: Recommended",
    "block: Recommended for you",
    "block: Recommended stories",
    "block: Recommended reading",
    "block: Most popular",
    "block: Most read",
    "block: Most viewed",
    "block: Popular",
    "block: Popular stories",
    "block: Trending",
    "block: Trending now",
    "block: Trending stories",
    "block: Top stories",
    "block: Latest",
    "block: Latest news",
    "block: Latest stories",
    "block: Editor's picks",
    "block: Editors' picks",
    "block: Don't miss",
    "block: What to read next",
    "block: Up next",
    "block: Keep reading",
    "block: Comments",
    "block: Leave a comment",
    "block: Leave a reply",
    "block: Tags",
    "block: Topics",
    // Single lines: ads, sharing and subscription prompts, credits.
    "drop: Advertisement",
    "drop: Advertisements",
    "drop: Ad",
    "drop: Sponsored",
    "drop: Sponsored content",
    "drop: Sponsored links",
    "drop: Paid content",
    "drop: Paid post",
    "drop: Promoted",
    "drop: Partner content",
    "drop: Top Tech Deals on Amazon*",
    "drop: Story continues below advertisement",
    "drop: Story continues below",
    "drop: Article continues below",
    "drop: Continue reading",
    "drop: Continue reading below",
    "drop: Scroll to continue with content",
    "drop: Skip advertisement",
    "drop: Advertisement - scroll to continue",
    "drop: Share",
    "drop: Share this",
    "drop: Share this article",
    "drop: Share this story",
    "drop: Share on Facebook",
    "drop: Share on Twitter",
    "drop: Share on X",
    "drop: Share on LinkedIn",
    "drop: Tweet",
    "drop: Email",
    "drop: Print",
    "drop: Copy link",
    "drop: Facebook",
    "drop: Twitter",
    "drop: LinkedIn",
    "drop: WhatsApp",
    "drop: Reddit",
    "drop: Subscribe",
    "drop: Subscribe now",
    "drop: Subscribe to *",
    "drop: Sign up",
    "drop: Sign up for *",
    "drop: Newsletter",
    "drop: Follow us",
    "drop: Follow us on *",
    "drop: Log in",
    "drop: Sign in",
    "drop: Click here *",
    "drop: Read more: *",
    "drop: Read more at *",
    "drop: Also read: *",
    "drop: See also: *",
    "drop: Related: *",
    "drop: Photo: *",
    "drop: Image: *",
    "drop: Photo credit*",
    "drop: Image credit*",
    "drop: Getty Images",
    "drop: Listen to this article",
    "drop: Listen to this story",
};

enum class Kind { Block, Drop };

struct Pattern {
    Kind kind;
    std::string text;  // lower-case ASCII
    bool prefix;
};

// Lines longer than this are never compared against whole-line patterns.
constexpr std::size_t kMaxMarkerLength = 120;
// A line of at least this many words ending a sentence is story prose.
constexpr std::size_t kProseMinWords = 25;

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view line, std::string_view lower_text) {
    if (line.size() != lower_text.size()) return false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (lower(line[i]) != lower_text[i]) return false;
    }
    return true;
}

bool istarts_with(std::string_view line, std::string_view lower_text) {
    return line.size() >= lower_text.size() &&
           iequals(line.substr(0, lower_text.size()), lower_text);
}

void add_pattern(std::string_view line, std::vector<Pattern>& out) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return;
    Kind kind = Kind::Drop;
    if (istarts_with(line, "block:")) {
        kind = Kind::Block;
        line.remove_prefix(6);
    } else if (istarts_with(line, "drop:")) {
        line.remove_prefix(5);
    }
    // Only leading blanks go: in "More from *" the space before '*' matters.
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    bool prefix = !line.empty() && line.back() == '*';
    if (prefix) {
        line.remove_suffix(1);
    } else {
        line = trim(line);
        if (line.ends_with(':')) line.remove_suffix(1);
    }
    if (line.empty()) return;
    std::string text;
    for (char c : line) text += lower(c);
    out.push_back({kind, std::move(text), prefix});
}

bool ends_with_ellipsis(std::string_view line) {
    return line.ends_with("...") || line.ends_with("\xE2\x80\xA6");
}

bool ends_sentence(std::string_view line) {
    // Look through closing quotes and brackets: ...said "yes."
    while (!line.empty()) {
        if (line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99")) {
            line.remove_suffix(3);
        } else if (line.back() == '"' || line.back() == '\'' || line.back() == ')' ||
                   line.back() == ']') {
            line.remove_suffix(1);
        } else {
            break;
        }
    }
    return !line.empty() && (line.back() == '.' || line.back() == '!' || line.back() == '?');
}

bool is_story_prose(std::string_view line) {
    if (ends_with_ellipsis(line) || !ends_sentence(line)) return false;
    std::size_t words = 0;
    bool in_word = false;
    for (char c : line) {
        if (is_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            if (++words >= kProseMinWords) return true;
        }
    }
    return false;
}

// Whole-line comparison ignores a trailing ':' and blanks.
std::string_view marker_form(std::string_view line) {
    if (line.ends_with(':')) line.remove_suffix(1);
    return trim(line);
}

const Pattern* match(const std::vector<Pattern>& patterns, std::string_view line, bool headline) {
    std::string_view marker = marker_form(line);
    bool prose = false, prose_known = false;
    for (const Pattern& p : patterns) {
        if (!p.prefix) {
            if (marker.size() <= kMaxMarkerLength && iequals(marker, p.text)) return &p;
            continue;
        }
        if (headline || !istarts_with(line, p.text)) continue;
        if (!prose_known) {
            prose = is_story_prose(line);
            prose_known = true;
        }
        if (!prose) return &p;
    }
    return nullptr;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Reads \uXXXX at s[pos]; returns the code unit or -1.
long read_u_escape(std::string_view s, std::size_t pos) {
    if (pos + 6 > s.size() || s[pos] != '\\' || s[pos + 1] != 'u') return -1;
    long value = 0;
    for (std::size_t k = pos + 2; k < pos + 6; ++k) {
        int h = hex_value(s[k]);
        if (h < 0) return -1;
        value = value * 16 + h;
    }
    return value;
}

}  // namespace

std::span<const std::string_view> default_leftover_patterns() {
    return kDefaultPatterns;
}

std::string unescape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t slash = text.find('\\', i);
        if (slash == std::string_view::npos || slash + 1 >= text.size()) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, slash - i));
        char next = text[slash + 1];
        if (next == '\'' || next == '"') {
            out += next;
            i = slash + 2;
        } else if (next == '\\') {
            out.append("\\\\");
            i = slash + 2;
        } else if (long unit = read_u_escape(text, slash); unit >= 0) {
            i = slash + 6;
            char32_t cp = static_cast<char32_t>(unit);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                long low = read_u_escape(text, i);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                         (static_cast<char32_t>(low) - 0xDC00);
                    i += 6;
                }
            }
            append_utf8(out, cp);  // a lone surrogate becomes U+FFFD
        } else {
            out += '\\';
            i = slash + 1;
        }
    }
    return out;
}

std::string remove_page_leftovers(std::string_view text,
                                  const std::vector<std::string>& extra_patterns) {
    std::vector<Pattern> patterns;
    for (std::string_view p : kDefaultPatterns) add_pattern(p, patterns);
    for (const std::string& p : extra_patterns) add_pattern(p, patterns);

    std::string unescaped = unescape_text(text);
    std::string_view rest = unescaped;
    std::string out;
    out.reserve(unescaped.size());
    bool in_related_block = false;
    bool kept_any = false;
    while (!rest.empty()) {
        std::size_t nl = rest.find('\n');
        std::string_view line = trim(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        if (line.empty()) continue;

        if (const Pattern* p = match(patterns, line, !kept_any)) {
            if (p->kind == Kind::Block) in_related_block = true;
            continue;
        }
        if (ends_with_ellipsis(line)) continue;
        if (in_related_block) {
            if (!is_story_prose(line)) continue;
            in_related_block = false;
        }
        out.append(line);
        out += '\n';
        kept_any = true;
    }
    return out;
}

std::vector<std::string> read_leftover_lexicon() {
    std::vector<std::string> lines;
    try {
        std::ifstream in(find_data_file("lexicons/leftovers.txt"));
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    } catch (const Error&) {
        // Not installed: the compiled-in defaults apply alone.
    }
    return lines;
}

}  // namespace kg
