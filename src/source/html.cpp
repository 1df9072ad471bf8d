#include "kg/source/html.hpp"

#include <gumbo.h>

#include <array>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "kg/source/date.hpp"
#include "kg/source/utf8.hpp"

namespace kg {
namespace {

// ---------------------------------------------------------------- output

// Builds "one paragraph per line" text: runs of whitespace collapse to one
// space, line breaks are only ever emitted between non-empty lines.
class LineBuilder {
  public:
    void text(std::string_view s, bool preformatted = false) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (preformatted && c == '\n') {
                line_break();
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pending_space_ = true;
            } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
                pending_space_ = true;  // no-break space separates words like a space
                ++i;
            } else {
                if (pending_space_ && out_.size() > line_start_) out_ += ' ';
                pending_space_ = false;
                out_ += c;
            }
        }
    }
    void space() { pending_space_ = true; }
    void line_break() {
        if (out_.size() > line_start_) {
            out_ += '\n';
            line_start_ = out_.size();
        }
        pending_space_ = false;
    }
    std::string take() {
        line_break();
        return std::move(out_);
    }

  private:
    std::string out_;
    std::size_t line_start_ = 0;
    bool pending_space_ = false;
};

std::string collapse_whitespace(std::string_view s) {
    LineBuilder b;
    b.text(s);
    std::string out = b.take();
    if (!out.empty()) out.pop_back();
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

bool in_list(std::string_view name, std::span<const std::string_view> names) {
    for (std::string_view n : names) {
        if (iequals(name, n)) return true;
    }
    return false;
}

bool in_list(std::string_view name, std::initializer_list<std::string_view> names) {
    return in_list(name, std::span<const std::string_view>(names.begin(), names.size()));
}

// Elements whose content is never article text.
constexpr std::array<std::string_view, 22> kDroppedNames = {
    "script", "style", "noscript", "template", "svg",    "head",     "nav",    "footer",
    "aside",  "form",  "iframe",   "button",   "select", "textarea", "object", "embed",
    "canvas", "math",  "dialog",   "audio",    "video",  "title"};

// Elements that start and end a line.
constexpr std::array<std::string_view, 41> kBlockNames = {
    "address", "article", "blockquote", "body",  "br",       "caption",    "center", "dd",
    "details", "div",     "dl",         "dt",    "fieldset", "figcaption", "figure", "h1",
    "h2",      "h3",      "h4",         "h5",    "h6",       "header",     "hr",     "html",
    "legend",  "li",      "main",       "menu",  "ol",       "p",          "pre",    "section",
    "summary", "table",   "tbody",      "tfoot", "thead",    "tr",         "ul"};

// ----------------------------------------------------------- gumbo path

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

std::string_view tag_name(const GumboNode* node) {
    const GumboElement& el = node->v.element;
    if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
    // Unknown tags keep their source spelling ("<dialog ...>"); cut the name out.
    GumboStringPiece piece = el.original_tag;
    gumbo_tag_from_original_text(&piece);
    return {piece.data, piece.length};
}

std::string_view attribute(const GumboNode* node, const char* name) {
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    return attr ? std::string_view(attr->value) : std::string_view();
}

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

// Visits the tree depth-first without recursion (documents can nest
// thousands of levels). `enter` returns whether to descend into an element;
// `leave` runs after an element's children.
template <typename Enter, typename Leave>
void walk(const GumboNode* root, Enter enter, Leave leave) {
    struct Frame {
        const GumboNode* node;
        unsigned next_child;
    };
    std::vector<Frame> stack;
    auto visit = [&](const GumboNode* node) {
        if (enter(node) && (is_element(node) || node->type == GUMBO_NODE_DOCUMENT)) {
            stack.push_back({node, 0});
        }
    };
    visit(root);
    while (!stack.empty()) {
        Frame& top = stack.back();
        const GumboVector& children = top.node->type == GUMBO_NODE_DOCUMENT
                                          ? top.node->v.document.children
                                          : top.node->v.element.children;
        if (top.next_child < children.length) {
            visit(static_cast<const GumboNode*>(children.data[top.next_child++]));
        } else {
            const GumboNode* done = top.node;
            stack.pop_back();
            leave(done);
        }
    }
}

bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
           node->type == GUMBO_NODE_CDATA;
}

std::string subtree_text(const GumboNode* node) {
    std::string text;
    walk(
        node,
        [&](const GumboNode* n) {
            if (is_text(n)) text += n->v.text.text;
            if (is_element(n) && in_list(tag_name(n), {"script", "style"})) return false;
            return true;
        },
        [](const GumboNode*) {});
    return collapse_whitespace(text);
}

void read_metadata(const GumboNode* root, HtmlContent& content) {
    std::string og_title, h1, meta_date, time_date;
    walk(
        root,
        [&](const GumboNode* node) {
            if (node->type == GUMBO_NODE_DOCUMENT) return true;
            if (!is_element(node)) return false;
            std::string_view name = tag_name(node);
            if (name == "title" && content.title.empty()) {
                content.title = subtree_text(node);
            } else if (name == "h1" && h1.empty()) {
                h1 = subtree_text(node);
            } else if (name == "meta") {
                std::string_view key = attribute(node, "property");
                if (key.empty()) key = attribute(node, "name");
                if (key.empty()) key = attribute(node, "itemprop");
                std::string_view value = attribute(node, "content");
                if (iequals(key, "og:title") && og_title.empty()) {
                    og_title = collapse_whitespace(value);
                } else if (iequals(key, "article:published_time")) {
                    // The most specific source wins over any generic date seen before.
                    if (std::string d = normalize_date(value); !d.empty()) meta_date = d;
                } else if (meta_date.empty() &&
                           in_list(key, {"date", "pubdate", "publishdate", "publish-date",
                                         "datePublished", "dc.date", "dc.date.issued",
                                         "sailthru.date", "parsely-pub-date"})) {
                    meta_date = normalize_date(value);
                }
            } else if (name == "time" && time_date.empty()) {
                time_date = normalize_date(attribute(node, "datetime"));
            }
            return name != "script" && name != "style";
        },
        [](const GumboNode*) {});
    if (content.title.empty()) content.title = !og_title.empty() ? og_title : h1;
    content.published = !meta_date.empty() ? meta_date : time_date;
}

std::string visible_text(const GumboNode* root) {
    LineBuilder out;
    int pre_depth = 0;
    walk(
        root,
        [&](const GumboNode* node) {
            if (is_text(node)) {
                out.text(node->v.text.text, pre_depth > 0);
                return false;
            }
            if (node->type == GUMBO_NODE_DOCUMENT) return true;
            if (!is_element(node) || node->type == GUMBO_NODE_TEMPLATE) return false;
            std::string_view name = tag_name(node);
            if (in_list(name, kDroppedNames)) return false;
            if (gumbo_get_attribute(&node->v.element.attributes, "hidden") ||
                attribute(node, "aria-hidden") == "true") {
                return false;
            }
            if (in_list(name, kBlockNames)) {
                out.line_break();
            } else if (in_list(name, {"td", "th", "img"})) {
                out.space();
            }
            if (name == "pre") ++pre_depth;
            return true;
        },
        [&](const GumboNode* node) {
            if (!is_element(node)) return;
            std::string_view name = tag_name(node);
            if (in_list(name, kBlockNames)) out.line_break();
            if (in_list(name, {"td", "th"})) out.space();
            if (name == "pre") --pre_depth;
        });
    return out.take();
}

// ------------------------------------------------------ tag scanning path

struct Tag {
    std::size_t end = 0;  // one past '>'
    std::string_view name;
    bool closing = false;
    bool self_closing = false;
    bool markup = false;  // comment, doctype, processing instruction
};

// Reads the tag starting at html[pos] == '<'. Returns false if this '<' does
// not start a tag (then it is text).
bool scan_tag(std::string_view html, std::size_t pos, Tag& tag) {
    std::size_t i = pos + 1;
    if (html.substr(pos, 4) == "<!--") {
        std::size_t close = html.find("-->", pos + 4);
        tag = {close == std::string_view::npos ? html.size() : close + 3, {}, false, false, true};
        return true;
    }
    if (i < html.size() && (html[i] == '!' || html[i] == '?')) {
        std::size_t close = html.find('>', i);
        tag = {close == std::string_view::npos ? html.size() : close + 1, {}, false, false, true};
        return true;
    }
    bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    std::size_t name_start = i;
    while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) ||
                               html[i] == '-' || html[i] == ':')) {
        ++i;
    }
    if (i == name_start || !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
        return false;
    }
    std::size_t close = html.find('>', i);
    std::size_t end = close == std::string_view::npos ? html.size() : close + 1;
    bool self_closing = close != std::string_view::npos && close > i && html[close - 1] == '/';
    tag = {end, html.substr(name_start, i - name_start), closing, self_closing, false};
    return true;
}

// Elements that never nest (void) or close themselves implicitly; counting
// them as open would overstate the depth of ordinary old-style HTML.
constexpr std::array<std::string_view, 27> kNonNestingNames = {
    "area", "base",  "br",     "col",    "embed",    "hr",    "img",   "input", "link",
    "meta", "param", "source", "track",  "wbr",      "p",     "li",    "dt",    "dd",
    "tr",   "td",    "th",     "option", "optgroup", "thead", "tbody", "tfoot", "colgroup"};

// Gumbo's tree construction is quadratic in nesting depth (each start tag
// may scan the stack of open elements), and its tree takes a few hundred
// bytes per node. This estimates both cheaply so huge, broken or hostile
// input goes to the linear tag-stripping path instead. Real article pages
// are far below these limits.
bool fits_gumbo(std::string_view html) {
    constexpr std::size_t kMaxBytes = 8 << 20;
    constexpr std::size_t kMaxTags = 200'000;
    constexpr std::size_t kMaxDepth = 1000;
    constexpr std::size_t kMaxWorkPerByte = 20;
    if (html.size() > kMaxBytes) return false;
    std::size_t depth = 0, work = 0, tags = 0;
    std::size_t pos = html.find('<');
    while (pos != std::string_view::npos) {
        Tag tag;
        std::size_t next = pos + 1;
        if (scan_tag(html, pos, tag)) {
            next = tag.end;
            if (++tags > kMaxTags) return false;
            if (!tag.markup && !tag.self_closing && !in_list(tag.name, kNonNestingNames)) {
                if (tag.closing) {
                    if (depth > 0) --depth;
                } else {
                    ++depth;
                    work += depth;
                    if (depth > kMaxDepth) return false;
                }
            }
        }
        pos = next < html.size() ? html.find('<', next) : std::string_view::npos;
    }
    return work <= kMaxWorkPerByte * html.size() + 1'000'000;
}

// Decodes the entity at s[pos] == '&' into `out`; returns the bytes consumed
// (0 when it is not an entity, so the '&' is literal).
std::size_t decode_entity(std::string_view s, std::size_t pos, std::string& out) {
    // Entities are short; a bounded search keeps "&&&&..." linear.
    std::size_t semi = s.substr(0, pos + 12).find(';', pos);
    if (semi == std::string_view::npos) return 0;
    std::string_view body = s.substr(pos + 1, semi - pos - 1);
    if (body.size() > 1 && body[0] == '#') {
        bool hex = body[1] == 'x' || body[1] == 'X';
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        char32_t cp = 0;
        for (char c : digits) {
            int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c))
                        ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                        : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
        }
        append_utf8(out, cp == 0 ? 0xFFFD : cp);
        return semi - pos + 1;
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kNamed = {{
        {"amp", "&"},
        {"lt", "<"},
        {"gt", ">"},
        {"quot", "\""},
        {"apos", "'"},
        {"nbsp", " "},
        {"mdash", "\xE2\x80\x94"},
        {"ndash", "\xE2\x80\x93"},
        {"rsquo", "\xE2\x80\x99"},
        {"lsquo", "\xE2\x80\x98"},
        {"rdquo", "\xE2\x80\x9D"},
        {"ldquo", "\xE2\x80\x9C"},
    }};
    for (const auto& [name, value] : kNamed) {
        if (body == name) {
            out += value;
            return semi - pos + 1;
        }
    }
    return 0;
}

// Returns the end of the element whose start tag ends at `pos`: one past its
// matching end tag (same-name elements nested inside are counted), or the
// end of input. Raw-text elements end at the first end tag of their name.
std::size_t skip_element(std::string_view html, std::size_t pos, std::string_view name,
                         bool raw_text) {
    std::size_t depth = 1;
    while ((pos = html.find('<', pos)) != std::string_view::npos) {
        Tag tag;
        if (!scan_tag(html, pos, tag)) {
            ++pos;
            continue;
        }
        pos = tag.end;
        if (tag.markup || !iequals(tag.name, name)) continue;
        if (tag.closing) {
            if (--depth == 0) return pos;
        } else if (!raw_text && !tag.self_closing) {
            ++depth;
        }
    }
    return html.size();
}

// Linear fallback for what gumbo cannot take: strips tags, skips the same
// elements as the gumbo path, decodes the common entities, and reads the
// title (but no <meta> dates).
HtmlContent strip_tags(std::string_view html) {
    HtmlContent content;
    LineBuilder out;
    std::string chunk;
    std::size_t i = 0;
    auto flush = [&] {
        out.text(chunk);
        chunk.clear();
    };
    while (i < html.size()) {
        char c = html[i];
        Tag tag;
        if (c == '<' && scan_tag(html, i, tag)) {
            flush();
            i = tag.end;
            if (tag.markup || tag.closing) {
                if (tag.closing && in_list(tag.name, kBlockNames)) out.line_break();
                continue;
            }
            bool raw_text = in_list(tag.name, {"script", "style", "textarea", "title"});
            // <head> is left open: its end tag is often omitted, and what it
            // holds (title, script, style, void elements) is handled anyway.
            if (!tag.self_closing && !iequals(tag.name, "head") &&
                (raw_text || in_list(tag.name, kDroppedNames))) {
                std::size_t end = skip_element(html, i, tag.name, raw_text);
                if (iequals(tag.name, "title") && content.title.empty()) {
                    std::string_view inner = html.substr(i, end - i);
                    inner = inner.substr(0, inner.rfind('<'));
                    std::string decoded;
                    for (std::size_t k = 0; k < inner.size() && k < 1000; ++k) {
                        std::size_t used = inner[k] == '&' ? decode_entity(inner, k, decoded) : 0;
                        if (used == 0) decoded += inner[k];
                        k += used == 0 ? 0 : used - 1;
                    }
                    content.title = collapse_whitespace(decoded);
                }
                i = end;
            } else if (in_list(tag.name, kBlockNames)) {
                out.line_break();
            } else if (in_list(tag.name, {"td", "th", "img"})) {
                chunk += ' ';
            }
        } else if (c == '&') {
            std::size_t used = decode_entity(html, i, chunk);
            if (used == 0) chunk += c;
            i += used == 0 ? 1 : used;
        } else {
            chunk += c;
            ++i;
        }
        if (chunk.size() > 4096) flush();
    }
    flush();
    content.text = out.take();
    return content;
}

}  // namespace

HtmlContent parse_html(std::string_view html) {
    if (!fits_gumbo(html)) return strip_tags(html);

    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // we never report parse errors; don't keep them
    GumboOutputPtr output(gumbo_parse_with_options(&options, html.data(), html.size()));
    HtmlContent content;
    if (!output) return strip_tags(html);
    read_metadata(output->document, content);
    content.text = visible_text(output->document);
    return content;
}

}  // namespace kg
