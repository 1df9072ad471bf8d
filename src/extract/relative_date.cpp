#include "kg/extract/relative_date.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>

namespace kg {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> kWeekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};

std::optional<year_month_day> parse_iso(std::string_view s) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(std::string(s.substr(0, 10)).c_str(), "%d-%u-%u", &y, &m, &d) != 3)
        return std::nullopt;
    year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

Value date_value(std::string iso, std::string_view text) {
    Value v;
    v.kind = ValueKind::Date;
    v.date = std::move(iso);
    v.text = std::string(text);
    return v;
}

std::string iso_day(year_month_day d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::string iso_month(year_month_day d) {
    return iso_day(d).substr(0, 7);
}
std::string iso_year(year_month_day d) {
    return iso_day(d).substr(0, 4);
}

}  // namespace

std::optional<Value> resolve_relative_date(const std::vector<std::string_view>& words,
                                           std::string_view published) {
    const auto base = parse_iso(published);
    if (!base || words.empty() || words.size() > 2) return std::nullopt;
    std::string text;
    for (auto w : words) text += (text.empty() ? "" : " ") + std::string(w);
    const sys_days today{*base};

    if (words.size() == 1) {
        if (words[0] == "today") return date_value(iso_day(*base), text);
        if (words[0] == "yesterday")
            return date_value(iso_day(year_month_day{today - days{1}}), text);
        if (words[0] == "tomorrow")
            return date_value(iso_day(year_month_day{today + days{1}}), text);
    }
    // "Monday", "last Monday", "on Monday"
    const auto day_word = words.back();
    for (unsigned wd = 0; wd < kWeekdays.size(); ++wd) {
        if (day_word != kWeekdays[wd]) continue;
        if (words.size() == 2 && words[0] != "last" && words[0] != "this") return std::nullopt;
        const weekday target{wd};
        auto back = (weekday{today} - target).count();  // 0..6 days ago
        if (words.size() == 2 && words[0] == "last" && back == 0) back = 7;
        return date_value(iso_day(year_month_day{today - days{back}}), text);
    }
    if (words.size() != 2) return std::nullopt;
    const int delta = words[0] == "last"   ? -1
                      : words[0] == "this" ? 0
                      : words[0] == "next" ? 1
                                           : 99;
    if (delta == 99) return std::nullopt;
    if (words[1] == "year") return date_value(iso_year(*base + years{delta}), text);
    if (words[1] == "month") {
        const year_month ym = year_month{base->year(), base->month()} + months{delta};
        return date_value(iso_month(year_month_day{ym / day{1}}), text);
    }
    if (words[1] == "week") {
        // A week has no ISO date of its own; its Monday's day is the closest honest answer
        // at day precision would overstate it, so keep the month.
        const auto shifted = year_month_day{today + days{7 * delta}};
        return date_value(iso_month(shifted), text);
    }
    return std::nullopt;
}

}  // namespace kg
