#include <catch2/catch.hpp>

#include <string>

#include "kg/source/utf8.hpp"

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

std::string repaired(std::string s) {
    kg::repair_utf8(s);
    return s;
}

}  // namespace

TEST_CASE("repair_utf8 leaves valid UTF-8 untouched", "[source]") {
    std::string s = "plain ASCII, caf\xC3\xA9, \xE2\x80\x99, \xF0\x9F\x98\x80, \xF4\x8F\xBF\xBF";
    std::string before = s;
    CHECK_FALSE(kg::repair_utf8(s));
    CHECK(s == before);
    std::string empty;
    CHECK_FALSE(kg::repair_utf8(empty));
}

TEST_CASE("repair_utf8 replaces each ill-formed sequence with U+FFFD", "[source]") {
    std::string s = "a\x80z";
    CHECK(kg::repair_utf8(s));
    CHECK(s == "a" + kFFFD + "z");

    SECTION("overlong encodings") {
        CHECK(repaired("\xC0\xAF") == kFFFD + kFFFD);  // overlong '/'
        CHECK(repaired("\xE0\x80\xAF") == kFFFD + kFFFD + kFFFD);
        CHECK(repaired("\xF0\x80\x80\xAF") == kFFFD + kFFFD + kFFFD + kFFFD);
    }
    SECTION("surrogates") {
        CHECK(repaired("x\xED\xA0\x80y") == "x" + kFFFD + kFFFD + kFFFD + "y");
        CHECK(repaired("\xED\x9F\xBF") == "\xED\x9F\xBF");  // U+D7FF is fine
    }
    SECTION("beyond U+10FFFF") {
        CHECK(repaired("\xF4\x90\x80\x80") == kFFFD + kFFFD + kFFFD + kFFFD);
        CHECK(repaired("\xF5\x80\x80\x80") == kFFFD + kFFFD + kFFFD + kFFFD);
        CHECK(repaired("\xFF") == kFFFD);
    }
    SECTION("truncated sequences: one U+FFFD per maximal subpart") {
        CHECK(repaired("\xE2\x80") == kFFFD);
        CHECK(repaired("\xE2\x80 ok") == kFFFD + " ok");
        CHECK(repaired("\xF0\x9F\x98") == kFFFD);
        CHECK(repaired("end\xC3") == "end" + kFFFD);
        CHECK(repaired("\xE2\x28\xA1") == kFFFD + "(" + kFFFD);
    }
    SECTION("the result is valid") {
        std::string garbage;
        for (int i = 0; i < 256; ++i) garbage += static_cast<char>(i);
        CHECK(kg::repair_utf8(garbage));
        std::string again = garbage;
        CHECK_FALSE(kg::repair_utf8(again));
    }
}

TEST_CASE("strip_utf8_bom and normalize_newlines", "[source]") {
    std::string s = "\xEF\xBB\xBFtitle";
    CHECK(kg::strip_utf8_bom(s));
    CHECK(s == "title");
    CHECK_FALSE(kg::strip_utf8_bom(s));

    std::string t = "a\r\nb\rc\n\r\nd\r";
    kg::normalize_newlines(t);
    CHECK(t == "a\nb\nc\n\nd\n");
}

TEST_CASE("append_utf8 encodes code points and refuses invalid ones", "[source]") {
    std::string out;
    kg::append_utf8(out, U'A');
    kg::append_utf8(out, 0xE9);
    kg::append_utf8(out, 0x2019);
    kg::append_utf8(out, 0x1F600);
    CHECK(out == "A\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80");
    std::string bad;
    kg::append_utf8(bad, 0xD800);
    kg::append_utf8(bad, 0x110000);
    CHECK(bad == kFFFD + kFFFD);
}
