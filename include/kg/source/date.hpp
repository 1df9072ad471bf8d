// Publication dates as they appear in articles and page metadata, turned
// into ISO 8601 calendar dates (YYYY-MM-DD). Only unambiguous forms are
// accepted; anything else yields an empty string rather than a guess.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// Accepts "2024-03-05", "2024/03/05", "2024-03-05T10:00:00Z" (the date part),
// "March 5, 2024", "Mar. 5 2024", "5 March 2024", "Tuesday, March 5th, 2024".
// Returns "" for anything else, including numeric day/month orders such as
// 03/05/2024 that mean different dates in different countries, and for
// impossible dates (2024-02-30).
std::string normalize_date(std::string_view text);

}  // namespace kg
