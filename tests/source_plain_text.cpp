#include <catch2/catch.hpp>

#include <string>

#include "kg/source/plain_text.hpp"

TEST_CASE("text_paragraphs keeps one-paragraph-per-line text as it is", "[source]") {
    std::string long_line(150, 'x');
    CHECK(kg::text_paragraphs("Headline\n\n" + long_line + "\n  Short line.  \n") ==
          "Headline\n" + long_line + "\nShort line.\n");
    CHECK(kg::text_paragraphs("") == "");
    CHECK(kg::text_paragraphs("\n\n\n") == "");
}

TEST_CASE("text_paragraphs unwraps hard-wrapped paragraphs", "[source]") {
    const char* wrapped =
        "Acme buys Widget Co\n"
        "\n"
        "Acme Corp. said on Tuesday that it has agreed to buy Widget Co\n"
        "for $2 billion in cash, its largest deal so far.\n"
        "\n"
        "The deal is expected to close in May.\n";
    CHECK(kg::text_paragraphs(wrapped) ==
          "Acme buys Widget Co\n"
          "Acme Corp. said on Tuesday that it has agreed to buy Widget Co for $2 billion in "
          "cash, its largest deal so far.\n"
          "The deal is expected to close in May.\n");
}

TEST_CASE("markdown_paragraphs removes Markdown syntax", "[source]") {
    const char* md =
        "# Acme buys *Widget* Co #\n"
        "\n"
        "Acme **Corp.** said [on Tuesday](https://example.com/x) it bought\n"
        "Widget_Co for $2 billion. ![chart](chart.png)\n"
        "\n"
        "> A quoted `line`.\n"
        "\n"
        "```\n"
        "code that is not story\n"
        "```\n"
        "- first item\n"
        "- second item\n"
        "1. numbered item\n"
        "\n"
        "Subtitle\n"
        "--------\n"
        "***\n"
        "[ref]: https://example.com\n"
        "Escaped \\*stars\\* and 2 * 3.\n";
    CHECK(kg::markdown_paragraphs(md) ==
          "Acme buys Widget Co\n"
          "Acme Corp. said on Tuesday it bought Widget_Co for $2 billion.\n"
          "A quoted line.\n"
          "first item\n"
          "second item\n"
          "numbered item\n"
          "Subtitle\n"
          "Escaped *stars* and 2 * 3.\n");
}

TEST_CASE("markdown_paragraphs stays linear on unbalanced brackets", "[source]") {
    std::string hostile(200000, '[');
    hostile += "](x)";
    std::string out = kg::markdown_paragraphs(hostile);
    CHECK(out.size() > 199000);
}
