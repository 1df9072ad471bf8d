#include "kg/source/reader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "kg/source/date.hpp"
#include "kg/source/html.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/plain_text.hpp"
#include "kg/source/sha256.hpp"
#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kSniffBytes = 8192;
// More control bytes than this share of the sniffed prefix means binary.
constexpr std::size_t kMaxControlPercent = 10;
// The date line, if any, is among the first few lines.
constexpr std::size_t kDateLineSearch = 8;
constexpr std::size_t kMaxDateLineLength = 100;
constexpr std::size_t kMaxTitleLength = 200;
constexpr std::size_t kMaxTitleWords = 25;

std::string lower_extension(std::string_view name) {
    if (name.find("://") != std::string_view::npos) {
        name = name.substr(0, std::min(name.find('?'), name.find('#')));
    }
    std::size_t slash = name.find_last_of('/');
    std::size_t dot = name.find_last_of('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return {};
    return to_lower_ascii(name.substr(dot + 1));
}

// Control characters other than tab and newline mean nothing to later
// stages and can confuse terminals; they become spaces.
void blank_control_chars(std::string& s) {
    for (char& c : s) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) c = ' ';
    }
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string read_stream(std::FILE* f, const std::string& name) {
    std::string data;
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    if (std::ferror(f)) throw Error(name + ": " + std::strerror(errno));
    return data;
}

// "Published: March 5, 2024" and the like near the top: the date goes to
// `published` and the line leaves the text (it is metadata, not story).
std::string take_date_line(std::string text, std::string& published) {
    static constexpr std::string_view kLabels[] = {"published on", "first published", "published",
                                                   "posted on",    "posted",          "date"};
    std::size_t begin = 0;
    for (std::size_t n = 0; n < kDateLineSearch && begin < text.size(); ++n) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + begin, end - begin);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.size() <= kMaxDateLineLength) {
            for (std::string_view label : kLabels) {
                if (!istarts_with(line, label)) continue;
                std::string_view value = line.substr(label.size());
                if (value.empty() || (value[0] != ':' && value[0] != ' ')) continue;
                if (value[0] == ':') value.remove_prefix(1);
                std::string date = normalize_date(value);
                if (date.empty()) break;
                published = date;
                text.erase(begin, end < text.size() ? end - begin + 1 : end - begin);
                return text;
            }
        }
        begin = end + 1;
    }
    return text;
}

// A headline: short, has a letter, does not end like a sentence or clause.
bool looks_like_headline(std::string_view line) {
    if (line.empty() || line.size() > kMaxTitleLength) return false;
    char last = line.back();
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    if (!std::any_of(line.begin(), line.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   static_cast<unsigned char>(c) >= 0x80;
        })) {
        return false;
    }
    std::size_t words = 1 + static_cast<std::size_t>(std::count(line.begin(), line.end(), ' '));
    return words <= kMaxTitleWords;
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       std::vector<std::string>& errors) {
    std::vector<std::string> inputs;
    for (const std::string& path : paths) {
        if (path == "-") {
            inputs.push_back(path);
            continue;
        }
        if (is_web_url(path)) {
            inputs.push_back(path);
            continue;
        }
        std::error_code ec;
        fs::file_status status = fs::status(path, ec);
        if (!fs::exists(status)) {
            if (looks_like_url(path)) {
                errors.push_back(path + ": only http:// and https:// URLs can be fetched");
            } else if (!ec || ec == std::errc::no_such_file_or_directory) {
                errors.push_back("no such file or directory: " + path);
            } else {
                errors.push_back("cannot access " + path + ": " + ec.message());
            }
            continue;
        }
        if (!fs::is_directory(status)) {
            inputs.push_back(path);
            continue;
        }
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                            ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const fs::directory_entry& entry = *it;
            std::error_code type_ec;
            if (entry.path().filename().string().starts_with('.')) {
                if (entry.is_directory(type_ec)) it.disable_recursion_pending();
                continue;
            }
            // Follows symlinks to files; directory symlinks are not descended
            // into, so links cannot make the walk loop.
            if (entry.is_regular_file(type_ec)) found.push_back(entry.path());
        }
        if (ec) errors.push_back("cannot read directory " + path + ": " + ec.message());
        std::sort(found.begin(), found.end());
        for (const fs::path& p : found) inputs.push_back(p.string());
    }
    return inputs;
}

bool looks_binary(std::string_view bytes) {
    std::string_view head = bytes.substr(0, kSniffBytes);
    std::size_t control = 0;
    for (char c : head) {
        auto u = static_cast<unsigned char>(c);
        if (u == 0) return true;
        // Tab, newline, vertical tab, form feed, carriage return and escape
        // turn up in real text files; other C0 bytes and DEL do not.
        if ((u < 0x20 && (u < 0x09 || u > 0x0D) && u != 0x1B) || u == 0x7F) ++control;
    }
    return control * 100 > head.size() * kMaxControlPercent;
}

Format detect_format(std::string_view name, std::string_view bytes) {
    std::string ext = lower_extension(name);
    if (ext == "html" || ext == "htm" || ext == "xhtml" || ext == "shtml") return Format::Html;
    if (ext == "md" || ext == "markdown" || ext == "mdown" || ext == "mkd") return Format::Markdown;
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::size_t start = bytes.find_first_not_of(" \t\r\n\f");
    if (start == std::string_view::npos) return Format::Text;
    bytes = bytes.substr(start);
    return istarts_with(bytes, "<!doctype html") || istarts_with(bytes, "<html") ? Format::Html
                                                                                 : Format::Text;
}

Document document_from_bytes(std::string uri, std::string_view bytes, Format format,
                             const std::vector<std::string>& leftover_patterns) {
    Document doc;
    doc.uri = std::move(uri);
    doc.content_hash = sha256_hex(bytes);
    if (looks_binary(bytes)) throw BinaryInput(doc.uri + ": binary file, not text");

    std::string text(bytes);
    strip_utf8_bom(text);
    if (repair_utf8(text)) doc.warnings.emplace_back("invalid UTF-8 repaired");
    normalize_newlines(text);
    blank_control_chars(text);
    if (format == Format::Auto) format = detect_format(doc.uri, text);

    if (format == Format::Html) {
        HtmlContent html = parse_html(text);
        text = std::move(html.text);
        doc.title = std::move(html.title);
        doc.published = std::move(html.published);
    } else {
        // Before paragraphs are formed, so the date line is never joined
        // with the headline above it.
        text = take_date_line(std::move(text), doc.published);
        text = format == Format::Markdown ? markdown_paragraphs(text) : text_paragraphs(text);
    }
    doc.text = remove_page_leftovers(text, leftover_patterns);

    if (doc.title.empty()) {
        std::string_view first(doc.text);
        first = first.substr(0, first.find('\n'));
        if (looks_like_headline(first)) doc.title = first;
    }
    return doc;
}

namespace {

// Windows-1252's characters for bytes 0x80-0x9F (0 where it has none);
// ISO-8859-1 pages declared by servers are nearly always Windows-1252.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string cp1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
            out += ch;
        } else if (b < 0xA0) {
            append_utf8(out, kCp1252High[b - 0x80] ? kCp1252High[b - 0x80] : U'\uFFFD');
        } else {
            append_utf8(out, b);
        }
    }
    return out;
}

// The charset an HTML page declares in its head (<meta charset="...">, or
// content="text/html; charset=...") when the server did not say.
std::string meta_charset(std::string_view body) {
    return to_lower_ascii(declared_value(body.substr(0, 4096), "charset"));
}

Format format_of_content_type(std::string_view type) {
    if (type == "text/html" || type == "application/xhtml+xml") return Format::Html;
    if (type == "text/markdown" || type == "text/x-markdown") return Format::Markdown;
    if (type == "text/plain") return Format::Text;
    return Format::Auto;
}

bool is_latin_charset(std::string_view charset) {
    return charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252" ||
           charset == "us-ascii";
}

// <?xml version="1.0" encoding="ISO-8859-1"?> -> "iso-8859-1". A UTF-8
// byte-order mark outweighs the declaration, as the XML spec has it.
std::string xml_encoding(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) return "utf-8";
    if (!bytes.starts_with("<?xml")) return {};
    return to_lower_ascii(declared_value(bytes.substr(0, bytes.find("?>")), "encoding"));
}

FeedSource read_feed(std::string uri, std::string_view bytes, std::string_view base) {
    if (is_latin_charset(xml_encoding(bytes))) {
        const std::string utf8 = cp1252_to_utf8(bytes);
        return FeedSource{std::move(uri), parse_feed(utf8, base)};
    }
    return FeedSource{std::move(uri), parse_feed(bytes, base)};
}

}  // namespace

std::variant<Document, FeedSource> read_source(const std::string& path,
                                               const std::vector<std::string>& leftover_patterns,
                                               const FetchOptions& fetch_options) {
    if (is_web_url(path)) {
        const std::string url = canonical_url(path);
        std::string name = url_without_credentials(url);
        FetchedPage page = fetch(url, fetch_options);
        if (looks_like_feed(page.body)) return read_feed(std::move(name), page.body, page.url);
        if (page.charset.empty()) page.charset = meta_charset(page.body);
        // Undeclared and not UTF-8: what browsers assume, Windows-1252.
        if (page.charset.empty() && !is_valid_utf8(page.body)) page.charset = "windows-1252";
        if (is_latin_charset(page.charset)) page.body = cp1252_to_utf8(page.body);
        Document doc =
            document_from_bytes(std::move(name), page.body,
                                format_of_content_type(page.content_type), leftover_patterns);
        // An empty answer must not replace an article ingested before.
        if (doc.text.empty()) throw Error(doc.uri + ": no article text on the page");
        return doc;
    }
    std::string bytes;
    if (path == "-") {
        bytes = read_stream(stdin, "-");
    } else {
        std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
        if (!file) throw Error(path + ": " + std::strerror(errno));
        bytes = read_stream(file.get(), path);
    }
    if (looks_like_feed(bytes)) return read_feed(path, bytes, path);
    return document_from_bytes(path, bytes, Format::Auto, leftover_patterns);
}

Document read_document(const std::string& path, const std::vector<std::string>& leftover_patterns,
                       const FetchOptions& fetch_options) {
    auto source = read_source(path, leftover_patterns, fetch_options);
    if (auto* feed = std::get_if<FeedSource>(&source))
        throw Error(feed->uri + ": a news feed listing " + std::to_string(feed->items.size()) +
                    " articles; kg ingest reads the articles it lists");
    return std::get<Document>(std::move(source));
}

}  // namespace kg
