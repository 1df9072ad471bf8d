#include "kg/source/feed.hpp"

#include <algorithm>
#include <optional>

#include "kg/error.hpp"
#include "kg/source/fetch.hpp"
#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

// Feeds are small, flat XML: a scan for the few elements kg reads is enough,
// and unlike an HTML parser it keeps <link>text</link> (a void element in HTML).

bool name_ends(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/';
}

// The position of the next start tag `<name` at or after `from`.
std::size_t find_start_tag(std::string_view xml, std::string_view name, std::size_t from) {
    while (true) {
        const std::size_t at = xml.find(name, from);
        if (at == std::string_view::npos) return at;
        if (at > 0 && xml[at - 1] == '<' && at + name.size() < xml.size() &&
            name_ends(xml[at + name.size()]))
            return at - 1;
        from = at + 1;
    }
}

struct Element {
    std::string_view attributes;  // between the name and '>' (or '/>')
    std::string_view content;     // empty for <x/>
    std::size_t end = 0;          // just past the element
};

std::optional<Element> next_element(std::string_view xml, std::string_view name, std::size_t from) {
    const std::size_t open = find_start_tag(xml, name, from);
    if (open == std::string_view::npos) return std::nullopt;
    const std::size_t gt = xml.find('>', open);
    if (gt == std::string_view::npos) return std::nullopt;
    Element e;
    const std::size_t attrs = open + 1 + name.size();
    if (xml[gt - 1] == '/') {
        e.attributes = xml.substr(attrs, gt - 1 - attrs);
        e.end = gt + 1;
        return e;
    }
    e.attributes = xml.substr(attrs, gt - attrs);
    const std::string close = "</" + std::string(name) + ">";
    // CDATA may contain "</title>"-like text: skip over it.
    std::size_t at = gt + 1;
    while (true) {
        const std::size_t end = xml.find(close, at);
        if (end == std::string_view::npos) return std::nullopt;
        // Only up to the candidate end: searching the whole rest of a big
        // feed for each item would make reading it quadratic.
        const std::size_t cdata = xml.substr(0, end).find("<![CDATA[", at);
        if (cdata != std::string_view::npos) {
            const std::size_t cdata_end = xml.find("]]>", cdata);
            if (cdata_end == std::string_view::npos) return std::nullopt;
            at = cdata_end + 3;
            continue;
        }
        e.content = xml.substr(gt + 1, end - gt - 1);
        e.end = end + close.size();
        return e;
    }
}

void append_entity(std::string_view entity, std::string& out) {
    if (entity == "amp")
        out += '&';
    else if (entity == "lt")
        out += '<';
    else if (entity == "gt")
        out += '>';
    else if (entity == "quot")
        out += '"';
    else if (entity == "apos")
        out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        char32_t cp = 0;
        bool ok = entity.size() > (hex ? 2u : 1u) && entity.size() <= 10;
        for (char c : entity.substr(hex ? 2 : 1)) {
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0)
                ok = false;
            else
                cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (ok && cp > 0 && cp <= 0x10FFFF)
            append_utf8(out, cp);
        else
            out += "&" + std::string(entity) + ";";
    } else {
        out += "&" + std::string(entity) + ";";  // an HTML entity: left for the reader
    }
}

// Character data: CDATA sections as they are, entities decoded, trimmed.
std::string text_of(std::string_view content) {
    std::string out;
    std::size_t i = 0;
    while (i < content.size()) {
        if (content.substr(i).starts_with("<![CDATA[")) {
            const std::size_t end = content.find("]]>", i + 9);
            const std::size_t stop = end == std::string_view::npos ? content.size() : end;
            out.append(content.substr(i + 9, stop - i - 9));
            i = end == std::string_view::npos ? content.size() : end + 3;
        } else if (content[i] == '&') {
            const std::size_t semi = content.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12) {
                out += '&';
                ++i;
            } else {
                append_entity(content.substr(i + 1, semi - i - 1), out);
                i = semi + 1;
            }
        } else {
            out += content[i++];
        }
    }
    return std::string(trim(out));
}

// The value of attribute `name` ("href") in a start tag's attribute text.
std::string attribute(std::string_view attributes, std::string_view name) {
    std::size_t from = 0;
    while (true) {
        const std::size_t at = attributes.find(name, from);
        if (at == std::string_view::npos) return {};
        std::size_t i = at + name.size();
        const bool starts = at == 0 || name_ends(attributes[at - 1]);
        while (i < attributes.size() && attributes[i] == ' ') ++i;
        if (starts && i < attributes.size() && attributes[i] == '=') {
            ++i;
            while (i < attributes.size() && attributes[i] == ' ') ++i;
            if (i < attributes.size() && (attributes[i] == '"' || attributes[i] == '\'')) {
                const std::size_t end = attributes.find(attributes[i], i + 1);
                if (end == std::string_view::npos) return {};
                return text_of(attributes.substr(i + 1, end - i - 1));
            }
        }
        from = at + 1;
    }
}

// Titles are often HTML (Atom type="html", RSS CDATA with markup): tags
// dropped ("<b>", "</em>", not "a < b"), then entities decoded once more.
std::string plain_title(std::string_view title) {
    std::string out;
    for (std::size_t i = 0; i < title.size(); ++i) {
        const char next = i + 1 < title.size() ? title[i + 1] : ' ';
        const bool tag = title[i] == '<' && (next == '/' || (next >= 'a' && next <= 'z') ||
                                             (next >= 'A' && next <= 'Z'));
        const std::size_t close = tag ? title.find('>', i) : std::string_view::npos;
        if (close != std::string_view::npos) {
            i = close;
            continue;
        }
        out += title[i];
    }
    return text_of(out);
}

std::string first_text(std::string_view item, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names)
        if (auto e = next_element(item, name, 0)) {
            std::string t = text_of(e->content);
            if (!t.empty()) return t;
        }
    return {};
}

// RSS: <link>URL</link>. Atom: <link href="URL"/>, the rel="alternate" one
// (or the one without rel); rel="self", "enclosure" and the like are not the article.
// `xml` with each CDATA section blanked (same length), so markup quoted in
// a description is not read as the item's own elements.
std::string without_cdata(std::string_view xml) {
    std::string out(xml);
    for (std::size_t at = out.find("<![CDATA["); at != std::string::npos;
         at = out.find("<![CDATA[", at)) {
        const std::size_t end = out.find("]]>", at);
        const std::size_t stop = end == std::string::npos ? out.size() : end + 3;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(at),
                  out.begin() + static_cast<std::ptrdiff_t>(stop), ' ');
        at = stop;
    }
    return out;
}

std::string item_link(std::string_view raw_item) {
    const std::string blanked = without_cdata(raw_item);
    const std::string_view item = blanked;
    std::size_t at = 0;
    while (const auto e = next_element(item, "link", at)) {
        at = e->end;
        const std::string href = attribute(e->attributes, "href");
        if (href.empty()) {
            std::string t = text_of(e->content);
            if (!t.empty()) return t;
            continue;
        }
        const std::string rel = attribute(e->attributes, "rel");
        if (rel.empty() || rel == "alternate") return href;
    }
    // RSS items may have only a permalink guid.
    if (auto g = next_element(item, "guid", 0))
        if (attribute(g->attributes, "isPermaLink") != "false") {
            std::string t = text_of(g->content);
            if (is_web_url(t)) return t;
        }
    return {};
}

// An absolute http(s) URL for `link`; empty when it has another scheme
// (mailto:, file:, javascript:) or is relative and the feed has no web
// address to resolve it against (a feed file on disk).
std::string resolve(std::string link, std::string_view base) {
    const std::size_t first_delim = link.find_first_of("/?#");
    const std::size_t colon = link.find(':');
    if (colon != std::string::npos && colon > 0 && colon < first_delim) {
        return is_web_url(link) ? link : std::string();
    }
    if (!is_web_url(base)) return {};
    const std::size_t scheme = base.find("://");
    base = base.substr(0, base.find_first_of("?#"));
    const std::size_t host_end = base.find('/', scheme + 3);
    const std::string_view origin = base.substr(0, host_end);
    if (link.starts_with("//")) return std::string(base.substr(0, scheme + 1)) + link;
    if (link.starts_with("/")) return std::string(origin) + link;
    if (host_end == std::string_view::npos) return std::string(origin) + "/" + link;
    return std::string(base.substr(0, base.rfind('/') + 1)) + link;
}

// The root element's name, after the XML declaration, comments and DOCTYPE.
std::string_view root_name(std::string_view xml) {
    if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
    std::size_t i = 0;
    while (true) {
        // Only blanks may come before the root element and between the
        // declaration, comments and DOCTYPE: "text about <rss>" is no feed.
        i = xml.find_first_not_of(" \t\r\n", i);
        if (i == std::string_view::npos || xml[i] != '<' || i + 1 >= xml.size()) return {};
        const char next = xml[i + 1];
        if (next == '?' || next == '!') {
            const std::string_view rest = xml.substr(i);
            const std::string_view close = rest.starts_with("<!--") ? "-->" : ">";
            // A DOCTYPE's internal subset ("[ <!ENTITY ...> ]") holds '>'s of its own.
            if (rest.starts_with("<!DOCTYPE") && rest.find('[') < rest.find('>'))
                i = xml.find(']', i);
            if (i != std::string_view::npos) i = xml.find(close, i);
            if (i == std::string_view::npos) return {};
            i += close.size();
            continue;
        }
        std::size_t end = i + 1;
        while (end < xml.size() && !name_ends(xml[end])) ++end;
        return xml.substr(i + 1, end - i - 1);
    }
}

}  // namespace

bool looks_like_feed(std::string_view bytes) {
    const std::string_view root = root_name(bytes.substr(0, 64 * 1024));
    return root == "rss" || root == "feed" || root.ends_with(":RDF") || root == "RDF";
}

std::vector<FeedItem> parse_feed(std::string_view bytes, std::string_view feed_url) {
    if (!looks_like_feed(bytes)) throw Error("not an RSS or Atom feed");
    const bool atom = root_name(bytes) == "feed";
    const std::string_view tag = atom ? "entry" : "item";
    std::vector<FeedItem> items;
    std::size_t at = 0;
    while (const auto e = next_element(bytes, tag, at)) {
        at = e->end;
        FeedItem item;
        item.link = item_link(e->content);
        if (item.link.empty()) continue;
        item.link = resolve(std::move(item.link), feed_url);
        if (item.link.empty()) continue;
        item.title = plain_title(first_text(e->content, {"title"}));
        item.published = first_text(e->content, {"pubDate", "dc:date", "published", "updated"});
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace kg
