#include "output.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"

namespace kg::cli {
namespace {

// Columns a code point takes on a terminal: two for East Asian wide and
// fullwidth characters (CJK, Hangul, fullwidth forms, most emoji), none for
// combining marks and zero-width characters, one for the rest.
std::size_t columns(char32_t cp) {
    struct Range {
        char32_t first, last;
    };
    static constexpr Range kZero[] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
                                      {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
                                      {0xFE20, 0xFE2F}};
    static constexpr Range kWide[] = {{0x1100, 0x115F},   {0x2E80, 0x303E},  {0x3041, 0x33FF},
                                      {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},  {0xA000, 0xA4CF},
                                      {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},  {0xFE30, 0xFE4F},
                                      {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},  {0x1F300, 0x1F64F},
                                      {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
    auto in = [cp](const auto& ranges) {
        return std::any_of(std::begin(ranges), std::end(ranges),
                           [cp](const Range& r) { return cp >= r.first && cp <= r.last; });
    };
    if (in(kZero)) return 0;
    return in(kWide) ? 2 : 1;
}

// Calls f(bytes of one code point, its columns) for each code point of UTF-8
// text (a stray byte counts as one column).
template <class F>
void for_each_glyph(const std::string& s, F f) {
    for (std::size_t i = 0, n = 1; i < s.size(); i += n) {
        const char32_t cp = decode_utf8(s, i, n);
        f(std::string_view(s).substr(i, n), columns(cp));
    }
}

// Display width of UTF-8 text on a terminal.
std::size_t width(const std::string& s) {
    std::size_t w = 0;
    for_each_glyph(s, [&w](std::string_view, std::size_t cols) { w += cols; });
    return w;
}

}  // namespace

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) == 1;
}
bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

Format resolve_format(const std::string& given) {
    const std::string flag = to_lower_ascii(given);  // -f JSON as well as -f json
    if (flag.empty()) return stdout_is_terminal() ? Format::Table : Format::Json;
    if (flag == "table") return Format::Table;
    if (flag == "json" || flag == "jsonl") return Format::Json;
    if (flag == "tsv") return Format::Tsv;
    throw CLI::ValidationError("--format", "must be table, json or tsv, not '" + flag + "'");
}

std::string tsv_escape(const std::string& cell) {
    std::string out;
    out.reserve(cell.size());
    for (char c : cell) {
        if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\\')
            out += "\\\\";
        else
            out += c;
    }
    return out;
}

namespace {

// A number cell as a JSON number; text that is not one (an empty cell) stays
// as written.
nlohmann::json json_number(const std::string& cell) {
    std::int64_t i = 0;
    const char* end = cell.data() + cell.size();
    if (auto [p, ec] = std::from_chars(cell.data(), end, i); ec == std::errc() && p == end)
        return i;
    double d = 0;
    if (auto [p, ec] = std::from_chars(cell.data(), end, d); ec == std::errc() && p == end)
        return d;
    return cell;
}

}  // namespace

void print(const Table& table, Format format, std::ostream& out) {
    switch (format) {
        case Format::Json:
            for (const auto& row : table.rows) {
                nlohmann::json j = nlohmann::json::object();
                for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
                    const std::string& column = table.columns[c];
                    const bool number =
                        std::find(table.number_columns.begin(), table.number_columns.end(),
                                  column) != table.number_columns.end();
                    j[column] = number ? json_number(row[c]) : nlohmann::json(row[c]);
                }
                out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            }
            return;
        case Format::Tsv:
            for (std::size_t c = 0; c < table.columns.size(); ++c)
                out << (c ? "\t" : "") << table.columns[c];
            out << '\n';
            for (const auto& row : table.rows) {
                for (std::size_t c = 0; c < row.size(); ++c)
                    out << (c ? "\t" : "") << tsv_escape(row[c]);
                out << '\n';
            }
            return;
        case Format::Table:
            break;
    }
    // Long cells (sentences) are cut so a row stays on one screen line;
    // tabs and line breaks inside a cell show as \t and \n, as in TSV.
    constexpr std::size_t kMaxCell = 80;
    auto clip = [&](const std::string& raw) {
        const std::string s =
            raw.find_first_of("\t\n") == std::string::npos ? raw : tsv_escape(raw);
        if (width(s) <= kMaxCell) return s;
        std::string out;
        std::size_t w = 0;
        bool full = false;
        for_each_glyph(s, [&](std::string_view glyph, std::size_t cols) {
            if (full || w + cols > kMaxCell - 1) {
                full = true;
                return;
            }
            out += glyph;
            w += cols;
        });
        return out + "…";
    };
    std::vector<std::size_t> widths(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) widths[c] = width(table.columns[c]);
    for (const auto& row : table.rows)
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], width(clip(row[c])));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            const auto cell = clip(cells[c]);
            text += cell;
            if (c + 1 < cells.size()) text += std::string(widths[c] - width(cell) + 2, ' ');
        }
        // Empty cells at the end leave no trailing blanks.
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << '\n';
    };
    line(table.columns);
    std::vector<std::string> rule;
    for (auto w : widths) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : table.rows) line(row);
}

}  // namespace kg::cli
