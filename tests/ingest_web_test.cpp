// kg ingest with URLs and news feeds, against a server the test starts on 127.0.0.1.
#include <catch2/catch.hpp>

#include <filesystem>

#include "http_server.hpp"
#include "support.hpp"

using kg::test::contains;
using kg::test::json_lines;
using kg::test::LocalHttpServer;
using kg::test::run_kg;
using kg::test::TempDir;

TEST_CASE("kg ingest reads URLs and the articles a feed lists", "[cli]") {
    LocalHttpServer server;
    server.set("/zenith.html",
               {200, "text/html; charset=utf-8",
                "<html><head><title>Zenith buys Orbit</title></head><body><nav>Home | World</nav>"
                "<p>Zenith Labs acquired Orbit Systems for $2 billion on Monday.</p></body></html>",
                "", 0});
    server.set("/nova.html",
               {200, "text/html",
                "<html><body><p>Nova Robotics hired Dana Kim as chief executive.</p></body></html>",
                "", 0});
    server.set("/feed.xml",
               {200, "application/rss+xml",
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deals</title>"
                "<item><title>Zenith buys Orbit</title><link>" +
                    server.url("/zenith.html") +
                    "</link><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>"
                    "<item><title>Nova</title><link>/nova.html</link></item>"
                    "<item><title>Gone</title><link>/gone.html</link></item>"
                    "</channel></rss>",
                "", 0});
    TempDir dir;
    const std::string graph = dir.file("web.db");

    auto r = run_kg({"--graph", graph, "ingest", server.url("/feed.xml")});
    INFO(r.out << r.err);
    CHECK(r.exit_status == 1);  // one article could not be fetched
    CHECK(contains(r.out, server.url("/feed.xml") + ": news feed, 3 articles"));
    CHECK(contains(r.out, server.url("/zenith.html") + ": 1 sentences, 1 facts added"));
    CHECK(contains(r.out, server.url("/nova.html") + ": 1 sentences, 1 facts added"));
    CHECK(r.err == "kg: " + server.url("/gone.html") + ": HTTP status 404\n");

    // The URL is the fact's provenance.
    const auto shown = json_lines(run_kg({"--graph", graph, "show", "Zenith Labs"}).out);
    REQUIRE(shown.size() == 1);
    CHECK(shown[0]["object"] == "Orbit Systems");
    CHECK(shown[0]["provenance"][0]["source"] == server.url("/zenith.html"));

    // Again: the feed's articles already in the graph are not fetched again; one
    // named on the command line is (and found unchanged).
    r = run_kg({"--graph", graph, "ingest", server.url("/feed.xml"), server.url("/nova.html")});
    CHECK(contains(r.out, server.url("/nova.html") + ": already ingested, nothing added"));
    CHECK(contains(r.out, "news feed, 3 articles (2 already ingested)"));
    CHECK_FALSE(contains(r.out, server.url("/zenith.html")));
    const auto sources = json_lines(run_kg({"--graph", graph, "sources"}).out);
    REQUIRE(sources.size() == 2);
    // The page has no date; the feed's is kept, and its title where the page has none.
    CHECK(sources[0]["published"] == "2026-03-02");
    CHECK(sources[0]["title"] == "Zenith buys Orbit");
    CHECK(sources[1]["title"] == "Nova");

    // Unreachable and refused URLs: one line each, the graph as it was.
    const kg::test::RefusingPort nobody;
    const std::string closed = nobody.url("/x.html");
    r = run_kg({"--graph", graph, "ingest", closed});
    CHECK(r.exit_status == 1);
    CHECK(r.err.starts_with("kg: " + closed + ": cannot fetch: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(json_lines(run_kg({"--graph", graph, "sources"}).out).size() == 2);

    // A feed file named on the command line is read like the URL; one found
    // in a directory walk is not a request to fetch.
    const std::string saved = "<rss><channel><item><link>" + server.url("/zenith.html") +
                              "</link></item><item><link>/relative.html</link></item>"
                              "</channel></rss>";
    std::filesystem::create_directories(dir.file("saved"));
    kg::test::write_file(dir.file("saved/feed.xml"), saved);
    const int before = server.requests();
    r = run_kg({"--graph", graph, "ingest", dir.file("saved")});
    CHECK(r.exit_status == 0);
    CHECK(r.err == "kg: warning: " + dir.file("saved/feed.xml") +
                       ": a news feed; name it to kg ingest to read the articles it lists\n");
    CHECK(server.requests() == before);
    r = run_kg({"--graph", graph, "ingest", dir.file("saved/feed.xml")});
    CHECK(contains(r.out, "saved/feed.xml: news feed, 1 article (1 already ingested)"));
    CHECK(server.requests() == before);

    // A feed of feeds is not followed; links a feed may not make kg read are skipped;
    // articles already in the graph are not fetched again.
    server.set("/feeds.xml", {200, "application/atom+xml",
                              "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                              "<entry><link href=\"" +
                                  server.url("/feed.xml") +
                                  "\"/></entry>"
                                  "<entry><link href=\"file:///etc/hostname\"/></entry>"
                                  "<entry><link href=\"" +
                                  server.url("/zenith.html#comments") +
                                  "\"/></entry>"
                                  "</feed>",
                              "", 0});
    const int asked = server.requests();
    r = run_kg({"--graph", graph, "ingest", server.url("/feeds.xml")});
    CHECK(
        contains(r.out, server.url("/feeds.xml") + ": news feed, 2 articles (1 already ingested)"));
    CHECK(r.err == "kg: warning: " + server.url("/feed.xml") +
                       ": a news feed listed by a feed; name it to kg ingest to read the articles "
                       "it lists\n");
    CHECK(server.requests() == asked + 2);  // the two feeds, no article

    // One source however its URL is written.
    r = run_kg({"--graph", graph, "forget",
                "HTTP://127.0.0.1:" + server.url("/").substr(17) + "zenith.html#top"});
    CHECK(r.exit_status == 0);
    CHECK(json_lines(run_kg({"--graph", graph, "sources"}).out).size() == 1);
    r = run_kg({"--graph", graph, "ingest", server.url("/zenith.html")});
    CHECK(contains(r.out, server.url("/zenith.html") + ": 1 sentences, 1 facts added"));

    r = run_kg({"--graph", graph, "forget", server.url("/nova.html")});
    CHECK(r.exit_status == 0);
    CHECK(json_lines(run_kg({"--graph", graph, "sources"}).out).size() == 1);

    r = run_kg({"--graph", graph, "ingest", "--fetch-timeout", "0", server.url("/zenith.html")});
    CHECK(r.exit_status == 2);
    CHECK(contains(r.err, "kg: --fetch-timeout: Value 0 not in range 1 to 86400\n"));
}
