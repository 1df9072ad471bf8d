#include <catch2/catch.hpp>

#include "kg/extract/value_parser.hpp"
#include "support.hpp"

using kg::test::sentence_of;

namespace {

std::vector<kg::ValueSpan> values_in(const std::string& text) {
    return kg::find_values(sentence_of(text));
}

}  // namespace

TEST_CASE("money amounts are normalized and displayed compactly", "[extract][values]") {
    auto v = values_in("Microsoft invested $ 1 billion in OpenAI");
    REQUIRE(v.size() == 1);
    CHECK(v[0].value.kind == kg::ValueKind::Money);
    CHECK(v[0].value.amount == Approx(1e9));
    CHECK(v[0].value.currency == "USD");
    CHECK(v[0].value.bound == kg::Bound::Exact);
    CHECK(v[0].value.display() == "$1B");
    CHECK(v[0].first == 2);
    CHECK(v[0].last == 5);
}

TEST_CASE("bounds before an amount are kept but not displayed", "[extract][values]") {
    auto v = values_in("OpenAI is valued at over $ 150 billion");
    REQUIRE(v.size() == 1);
    CHECK(v[0].value.amount == Approx(1.5e11));
    CHECK(v[0].value.bound == kg::Bound::AtLeast);
    CHECK(v[0].value.display() == "$150B");
    CHECK(v[0].value.text == "over $ 150 billion");

    auto more = values_in("raised more than $ 6.9 billion");
    REQUIRE(more.size() == 1);
    CHECK(more[0].value.bound == kg::Bound::AtLeast);
    CHECK(more[0].value.display() == "$6.9B");

    auto about = values_in("about 3 million dollars");
    REQUIRE(about.size() == 1);
    CHECK(about[0].value.bound == kg::Bound::About);
    CHECK(about[0].value.display() == "$3M");
}

TEST_CASE("percents, quantities and dates", "[extract][values]") {
    auto p = values_in("shares rose 2 % on Monday");
    REQUIRE(p.size() == 1);
    CHECK(p[0].value.kind == kg::ValueKind::Percent);
    CHECK(p[0].value.display() == "2%");

    auto q = values_in("it has 28 million users");
    REQUIRE(q.size() == 1);
    CHECK(q[0].value.kind == kg::ValueKind::Quantity);
    CHECK(q[0].value.display() == "28M users");

    auto d = values_in("founded in March 1999 and sold on March 11 , 2019 or in 2020");
    REQUIRE(d.size() == 3);
    CHECK(d[0].value.date == "1999-03");
    CHECK(d[1].value.date == "2019-03-11");
    CHECK(d[2].value.date == "2020");
    CHECK(d[2].value.display() == "2020");
}

TEST_CASE("numbers that are not values are left alone", "[extract][values]") {
    CHECK(values_in("two companies met 3 times").empty());
    CHECK(values_in("room 12345 , call 555").empty());
}

TEST_CASE("parse_number reads digits with separators and small number words", "[extract][values]") {
    CHECK(kg::parse_number("1,000").value() == Approx(1000));
    CHECK(kg::parse_number("1.5").value() == Approx(1.5));
    CHECK(kg::parse_number("two").value() == Approx(2));
    CHECK_FALSE(kg::parse_number("1,00").has_value());
    CHECK_FALSE(kg::parse_number("abc").has_value());
    CHECK_FALSE(kg::parse_number("1.").has_value());
}
