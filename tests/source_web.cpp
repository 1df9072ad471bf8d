// Fetching URLs and reading feeds, against a server the test starts on 127.0.0.1.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "http_server.hpp"
#include "kg/error.hpp"
#include "kg/source/feed.hpp"
#include "kg/source/fetch.hpp"
#include "kg/source/reader.hpp"
#include "kg/strings.hpp"

using kg::test::LocalHttpServer;

namespace {

// The message of the kg::Error that reading `url` throws: with fetch
// (read = false) or as a document (read = true).
std::string error_of(const std::string& url, const kg::FetchOptions& options = {},
                     bool read = false) {
    try {
        if (read)
            kg::read_document(url, {}, options);
        else
            kg::fetch(url, options);
    } catch (const kg::Error& e) {
        return e.what();
    }
    return "(no error)";
}

const char* kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Deals &amp; More</title><link>https://news.example/</link>
<atom:link href="https://news.example/feed" rel="self" type="application/rss+xml"/>
<item><title><![CDATA[Zenith <b>buys</b> Orbit]]></title>
  <link>https://news.example/2026/zenith-orbit</link>
  <pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
  <description>&lt;p&gt;Zenith Labs acquired Orbit.&lt;/p&gt;</description></item>
<item><title>Relative &#8220;link&#8221;</title><link>/2026/nova-kim</link><dc:date>2026-03-03</dc:date></item>
<item><title>No link at all</title><description>skipped</description></item>
<item><title>Only a guid</title><guid>https://news.example/2026/guid-only</guid></item>
</channel></rss>)";

const char* kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<!-- generated -->
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<link rel="self" href="https://wire.example/atom.xml"/>
<entry><title type="html">First &amp;amp; foremost</title>
  <link rel="enclosure" href="https://wire.example/photo.jpg"/>
  <link rel="alternate" type="text/html" href="https://wire.example/first"/>
  <updated>2026-03-04T08:00:00Z</updated></entry>
<entry><title>Second</title><link href='second.html'/><published>2026-03-05</published></entry>
</feed>)";

}  // namespace

TEST_CASE("RSS, Atom and RDF feeds give their articles' links", "[source]") {
    CHECK(kg::looks_like_feed(kRss));
    CHECK(kg::looks_like_feed(kAtom));
    CHECK_FALSE(kg::looks_like_feed("<!DOCTYPE html><html><body>rss</body></html>"));
    CHECK_FALSE(kg::looks_like_feed("Plain text about <rss> feeds."));

    const auto rss = kg::parse_feed(kRss, "https://news.example/feed");
    REQUIRE(rss.size() == 3);
    CHECK(rss[0].link == "https://news.example/2026/zenith-orbit");
    CHECK(rss[0].title == "Zenith buys Orbit");  // markup in a title is dropped
    CHECK(rss[0].published == "Mon, 02 Mar 2026 10:00:00 GMT");
    CHECK(rss[1].link == "https://news.example/2026/nova-kim");
    CHECK(rss[1].title == "Relative \u201clink\u201d");
    CHECK(rss[1].published == "2026-03-03");
    CHECK(rss[2].link == "https://news.example/2026/guid-only");

    // Links of other schemes are skipped; "://" in a query is no scheme; markup
    // quoted in CDATA is not the item's own; a base's query does not count as path.
    const std::string odd =
        "<rss><channel>"
        "<item><link>mailto:desk@news.example</link></item>"
        "<item><link>javascript:alert(1)</link></item>"
        "<item><link>/go?u=https://e.example/</link></item>"
        "<item><description><![CDATA[<p><link>http://quoted.example/</link></p>]]>"
        "</description><link>http://real.example/story</link></item>"
        "<item><link>x.html</link></item>"
        "</channel></rss>";
    const auto odd_items = kg::parse_feed(odd, "http://h.example/feed.php?path=/a/b");
    REQUIRE(odd_items.size() == 3);
    CHECK(odd_items[0].link == "http://h.example/go?u=https://e.example/");
    CHECK(odd_items[1].link == "http://real.example/story");
    CHECK(odd_items[2].link == "http://h.example/x.html");

    // A feed file on disk: a relative link has no site to resolve against.
    CHECK(kg::parse_feed(kRss, "saved/feed.xml").size() == 2);

    const auto atom = kg::parse_feed(kAtom, "https://wire.example/feeds/atom.xml");
    REQUIRE(atom.size() == 2);
    CHECK(atom[0].link == "https://wire.example/first");
    CHECK(atom[0].title == "First & foremost");
    CHECK(atom[0].published == "2026-03-04T08:00:00Z");
    CHECK(atom[1].link == "https://wire.example/feeds/second.html");

    const std::string rdf =
        "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\" xmlns=\"http://purl.org/rss/1.0/\">"
        "<channel><items><rdf:Seq><rdf:li resource=\"https://r.example/1\"/></rdf:Seq></items>"
        "</channel><item rdf:about=\"https://r.example/1\"><title>One</title>"
        "<link>https://r.example/1</link></item></rdf:RDF>";
    const auto items = kg::parse_feed(rdf);
    REQUIRE(items.size() == 1);
    CHECK(items[0].link == "https://r.example/1");

    CHECK_THROWS_AS(kg::parse_feed("<html></html>"), kg::Error);
    CHECK(kg::parse_feed("<rss><channel><item><link>unterminated").empty());
}

TEST_CASE("fetch follows redirects and reports failures in one line", "[source]") {
    LocalHttpServer server;
    server.set("/a.html", {200, "text/html; charset=UTF-8", "<p>Hello</p>", "", 0});
    server.set("/moved", {301, "text/plain", "", "/a.html", 0});
    server.set("/loop", {302, "text/plain", "", "/loop", 0});
    server.set("/gone", {410, "text/plain", "gone", "", 0});
    server.set("/big", {200, "text/plain", std::string(5000, 'x'), "", 0});
    server.set("/slow", {200, "text/plain", "late", "", 3000});
    server.set("/auth", {401, "text/plain", "who are you", "", 0});

    const kg::FetchedPage page = kg::fetch(server.url("/moved"));
    CHECK(page.body == "<p>Hello</p>");
    CHECK(page.url == server.url("/a.html"));
    CHECK(page.content_type == "text/html");
    CHECK(page.charset == "utf-8");

    CHECK(error_of(server.url("/nothing")) == server.url("/nothing") + ": HTTP status 404");
    CHECK(error_of(server.url("/gone")) == server.url("/gone") + ": HTTP status 410");
    CHECK(error_of(server.url("/loop")) == server.url("/loop") + ": too many redirects");
    // Credentials are used but never shown.
    const std::string with_password = "http://reader:s3cret@" + server.url("/auth").substr(7);
    CHECK(error_of(with_password) == server.url("/auth") + ": HTTP status 401");
    kg::FetchOptions small;
    small.max_bytes = 1000;
    CHECK(error_of(server.url("/big"), small) ==
          server.url("/big") + ": over 1000 bytes, the limit for one page; not read");
    CHECK(error_of("ftp://127.0.0.1/x") ==
          "ftp://127.0.0.1/x: only http:// and https:// URLs can be fetched");
    const kg::test::RefusingPort nobody;
    const std::string closed = nobody.url("/x");
    const std::string refused = error_of(closed);
    CHECK(refused.starts_with(closed + ": cannot fetch: "));
    CHECK(refused.find('\n') == std::string::npos);

    kg::FetchOptions quick;
    quick.timeout_seconds = 1;
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(error_of(server.url("/slow"), quick) ==
          server.url("/slow") + ": no complete answer within 1 s");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
}

TEST_CASE("read_source reads pages by content type and charset, and feeds as feeds", "[source]") {
    LocalHttpServer server;
    server.set("/latin1", {200, "text/plain; charset=ISO-8859-1",
                           "Caf\xe9 Ren\xe9 opened in Z\xfcrich \x96 and grew.\n", "", 0});
    server.set("/story", {200, "text/html",
                          "<html><head><title>Story</title></head><body><p>Zenith Labs "
                          "acquired Orbit.</p></body></html>",
                          "", 0});
    server.set("/feed", {200, "application/rss+xml", kRss, "", 0});
    server.set("/meta1252", {200, "text/html",
                             "<html><head><meta charset=\"windows-1252\"></head><body><p>"
                             "\x93Quoted\x94 na\xefve text.</p></body></html>",
                             "", 0});

    const kg::Document latin = kg::read_document(server.url("/latin1"));
    CHECK(latin.text == "Caf\u00e9 Ren\u00e9 opened in Z\u00fcrich \u2013 and grew.\n");
    CHECK(latin.warnings.empty());

    const kg::Document meta = kg::read_document(server.url("/meta1252"));
    CHECK(meta.text == "\u201cQuoted\u201d na\u00efve text.\n");
    CHECK(meta.warnings.empty());

    const kg::Document story = kg::read_document(server.url("/story"));
    CHECK(story.uri == server.url("/story"));
    CHECK(story.title == "Story");
    CHECK(story.text == "Zenith Labs acquired Orbit.\n");

    const auto source = kg::read_source(server.url("/feed"));
    REQUIRE(std::holds_alternative<kg::FeedSource>(source));
    CHECK(std::get<kg::FeedSource>(source).items.size() == 3);
    try {
        kg::read_document(server.url("/feed"));
        FAIL("a feed read as a document");
    } catch (const kg::Error& e) {
        CHECK(std::string(e.what()) == server.url("/feed") +
                                           ": a news feed listing 3 articles; kg ingest reads "
                                           "the articles it lists");
    }

    std::vector<std::string> errors;
    const auto inputs = kg::expand_inputs({server.url("/story"), "gopher://x/1"}, errors);
    CHECK(inputs == std::vector<std::string>{server.url("/story")});
    CHECK(errors == std::vector<std::string>{"gopher://x/1: only http:// and https:// URLs can be "
                                             "fetched"});
}

TEST_CASE("charsets and feeds are found however their declarations are spaced", "[source]") {
    CHECK(kg::declared_value("text/html; charset = \"ISO-8859-1\"", "charset") == "ISO-8859-1");
    CHECK(kg::declared_value("<meta CHARSET='windows-1252'>", "charset") == "windows-1252");
    CHECK(kg::declared_value("<?xml version=\"1.0\" encoding = 'latin1'?>", "encoding") ==
          "latin1");
    CHECK(kg::declared_value("x-charset=utf-8", "charset").empty());  // another key
    CHECK(kg::declared_value("charset", "charset").empty());

    LocalHttpServer server;
    server.set("/spaced", {200, "text/plain; charset = \"ISO-8859-1\"", "Caf\xe9.\n", "", 0});
    CHECK(kg::read_document(server.url("/spaced")).text == "Caf\u00e9.\n");

    // A declaration with blanks around '=', and a DOCTYPE with an internal subset.
    auto feed = [](std::string_view prolog, std::string_view title) {
        return std::string(prolog) +
               "<!DOCTYPE rss [ <!ENTITY corp \"Zenith Labs\"> ]>\n"
               "<rss version=\"2.0\"><channel><title>News</title><item><title>" +
               std::string(title) +
               "</title><link>https://news.example/z</link></item></channel></rss>\n";
    };
    const std::string latin =
        feed("<?xml version=\"1.0\" encoding = 'ISO-8859-1'?>\n", "Z\xfcrich");
    // A byte-order mark says UTF-8, whatever the declaration claims.
    const std::string bom =
        feed("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n", "Z\xC3\xBCrich");
    for (const auto& [path, bytes] :
         {std::pair{"/latin-feed", latin}, std::pair{"/bom-feed", bom}}) {
        INFO(path);
        CHECK(kg::looks_like_feed(bytes));
        server.set(path, {200, "application/rss+xml", bytes, "", 0});
        const auto source = kg::read_source(server.url(path));
        REQUIRE(std::holds_alternative<kg::FeedSource>(source));
        const auto& items = std::get<kg::FeedSource>(source).items;
        REQUIRE(items.size() == 1);
        CHECK(items[0].title == "Z\u00fcrich");
        CHECK(items[0].link == "https://news.example/z");
    }
}

TEST_CASE("URLs are named in one canonical form, without credentials", "[source]") {
    CHECK(kg::canonical_url("HTTP://News.Example.ORG:80/a/./b/../c.html#top") ==
          "http://news.example.org/a/c.html");
    CHECK(kg::canonical_url("https://x.example:443") == "https://x.example/");
    CHECK(kg::canonical_url("https://x.example:8443/caf\xc3\xa9 news.html?q=a b") ==
          "https://x.example:8443/caf%C3%A9%20news.html?q=a%20b");
    CHECK(kg::canonical_url("http://x.example/../../a") == "http://x.example/a");
    CHECK(kg::canonical_url("http://x.example/dir/") == "http://x.example/dir/");
    CHECK(kg::canonical_url("notes/a.txt") == "notes/a.txt");
    CHECK(kg::url_without_credentials("https://user:pw@x.example/a@b") == "https://x.example/a@b");
    // Empty segments are part of a URL: an archived URL keeps its "//".
    CHECK(kg::canonical_url("https://archive.example/web/2020/https://example.com/a") ==
          "https://archive.example/web/2020/https://example.com/a");
    CHECK(kg::canonical_url("http://x.example/a//b/./c/..") == "http://x.example/a//b/");
    CHECK(kg::url_without_credentials("https://x.example/a@b") == "https://x.example/a@b");
}

TEST_CASE("answers with nothing to read are errors, not empty articles", "[source]") {
    LocalHttpServer server;
    server.set("/empty", {200, "text/html", "<html><body></body></html>", "", 0});
    server.set("/nocontent", {204, "text/html", "", "", 0});
    server.set("/noloc", {302, "text/html", "", "", 0});
    server.set("/hop", {301, "text/html", "", "/missing", 0});
    const auto error = [](const std::string& url) { return error_of(url, {}, true); };
    CHECK(error(server.url("/empty")) == server.url("/empty") + ": no article text on the page");
    CHECK(error(server.url("/nocontent")) ==
          server.url("/nocontent") + ": HTTP status 204, no content");
    CHECK(error(server.url("/noloc")) ==
          server.url("/noloc") + ": HTTP status 302 without a Location to follow");
    CHECK(error(server.url("/hop")) ==
          server.url("/hop") + ": HTTP status 404 (redirected to " + server.url("/missing") + ")");
}
