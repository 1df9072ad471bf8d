#include <catch2/catch.hpp>

#include "kg/source/date.hpp"

TEST_CASE("normalize_date accepts ISO and English dates", "[source]") {
    CHECK(kg::normalize_date("2024-03-05") == "2024-03-05");
    CHECK(kg::normalize_date("2024/3/5") == "2024-03-05");
    CHECK(kg::normalize_date("2024-03-05T10:15:00+01:00") == "2024-03-05");
    CHECK(kg::normalize_date("  March 5, 2024") == "2024-03-05");
    CHECK(kg::normalize_date("Mar. 5 2024") == "2024-03-05");
    CHECK(kg::normalize_date("5 March 2024") == "2024-03-05");
    CHECK(kg::normalize_date("Tuesday, March 5th, 2024") == "2024-03-05");
    CHECK(kg::normalize_date("Sept 30, 2023") == "2023-09-30");
    CHECK(kg::normalize_date("February 29, 2024") == "2024-02-29");
}

TEST_CASE("normalize_date rejects ambiguous or impossible dates", "[source]") {
    CHECK(kg::normalize_date("") == "");
    CHECK(kg::normalize_date("03/05/2024") == "");  // March 5 or 3 May?
    CHECK(kg::normalize_date("2024-02-30") == "");
    CHECK(kg::normalize_date("February 29, 2023") == "");
    CHECK(kg::normalize_date("2024-13-01") == "");
    CHECK(kg::normalize_date("March 2024") == "");
    CHECK(kg::normalize_date("yesterday") == "");
    CHECK(kg::normalize_date(std::string(10000, '1')) == "");
}
