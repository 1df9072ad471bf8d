#include <catch2/catch.hpp>

#include <string>

#include "kg/source/html.hpp"

TEST_CASE("parse_html keeps visible paragraphs, one per line", "[source]") {
    const char* html = R"(<!DOCTYPE html>
<html><head>
  <title>  Acme   buys Widget Co &amp; more </title>
  <meta property="article:published_time" content="2024-03-05T09:30:00Z">
  <style>p { color: red; }</style>
  <script>var story = "not text";</script>
</head><body>
  <nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
  <article>
    <h1>Acme buys Widget Co</h1>
    <p>Acme   Corp. said on
       Tuesday it <b>acquired</b> Widget&nbsp;Co for <i>$2 billion</i>.</p>
    <p>The deal closes in May.<br>Shares rose 5&#37;.</p>
    <ul><li>First point</li><li>Second point</li></ul>
    <noscript>Enable JavaScript</noscript>
    <svg><text>chart label</text></svg>
    <form><button>Subscribe</button></form>
  </article>
  <aside>Sidebar promo</aside>
  <footer>Copyright Acme</footer>
  <script>document.write("late script")</script>
</body></html>)";
    kg::HtmlContent c = kg::parse_html(html);
    CHECK(c.title == "Acme buys Widget Co & more");
    CHECK(c.published == "2024-03-05");
    CHECK(c.text ==
          "Acme buys Widget Co\n"
          "Acme Corp. said on Tuesday it acquired Widget Co for $2 billion.\n"
          "The deal closes in May.\n"
          "Shares rose 5%.\n"
          "First point\n"
          "Second point\n");
    for (const char* gone : {"not text", "color", "Home", "Enable JavaScript", "chart label",
                             "Subscribe", "Sidebar", "Copyright", "late script"}) {
        INFO(gone);
        CHECK(c.text.find(gone) == std::string::npos);
    }
}

TEST_CASE("parse_html falls back to h1 for the title and reads other date sources", "[source]") {
    kg::HtmlContent a = kg::parse_html(
        "<html><head><meta name=\"date\" content=\"March 5, 2024\"></head>"
        "<body><h1>Big <em>News</em></h1><p>Body.</p></body></html>");
    CHECK(a.title == "Big News");
    CHECK(a.published == "2024-03-05");

    kg::HtmlContent b = kg::parse_html(
        "<p>Posted <time datetime=\"2023-11-30\">last week</time></p>"
        "<p hidden>secret</p><div aria-hidden=\"true\">icon</div>");
    CHECK(b.title.empty());
    CHECK(b.published == "2023-11-30");
    CHECK(b.text == "Posted last week\n");

    // article:published_time wins over a generic date seen earlier.
    kg::HtmlContent d = kg::parse_html(
        "<meta name=\"date\" content=\"2020-01-01\">"
        "<meta property=\"article:published_time\" content=\"2021-02-03\">");
    CHECK(d.published == "2021-02-03");
}

TEST_CASE("parse_html keeps preformatted line breaks and separates table cells", "[source]") {
    kg::HtmlContent c =
        kg::parse_html("<pre>line one\nline two</pre><table><tr><td>a</td><td>b</td></tr></table>");
    CHECK(c.text == "line one\nline two\na b\n");
}

TEST_CASE("parse_html survives broken and hostile markup", "[source]") {
    CHECK(kg::parse_html("").text.empty());
    CHECK(kg::parse_html("<p>unclosed <b>bold <i>both").text == "unclosed bold both\n");
    CHECK(kg::parse_html("<<<>>> &bogus; & < >").text == "<<<>>> &bogus; & < >\n");

    // Deep nesting is quadratic for gumbo; the tag-stripping path takes it.
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += "<div>";
    deep += "deep &amp; <script>x < y</script>text";
    kg::HtmlContent c = kg::parse_html(deep);
    CHECK(c.text == "deep & text\n");
}

TEST_CASE("the tag-stripping path drops the same elements and reads the title", "[source]") {
    // Over 200,000 tags: too many for gumbo.
    std::string page = "<html><head><title>Big &amp; long</title><style>p{}</style>";
    page += "<body><nav><ul><li>Home</li></ul></nav><p>Story text.</p>";
    for (int i = 0; i < 110000; ++i) page += "<i>x</i>";
    page += "<footer><div>Copyright</div></footer><p>End.</p>";
    kg::HtmlContent c = kg::parse_html(page);
    CHECK(c.title == "Big & long");
    CHECK(c.text.starts_with("Story text.\nxxx"));
    CHECK(c.text.ends_with("xxx\nEnd.\n"));
    CHECK(c.text.find("Home") == std::string::npos);
    CHECK(c.text.find("Copyright") == std::string::npos);
    CHECK(c.text.find("p{}") == std::string::npos);
}
