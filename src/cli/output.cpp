#include "output.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kg::cli {
namespace {

// Display width of UTF-8 text: one column per code point (continuation bytes skipped).
std::size_t width(const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++w;
    return w;
}

}  // namespace

bool stdout_is_terminal() {
    return isatty(STDOUT_FILENO) == 1;
}
bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

Format resolve_format(const std::string& flag) {
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
    // Long cells (sentences) are cut so a row stays on one screen line.
    constexpr std::size_t kMaxCell = 80;
    auto clip = [&](const std::string& s) {
        if (width(s) <= kMaxCell) return s;
        std::string out;
        std::size_t w = 0;
        for (unsigned char c : s) {
            if ((c & 0xC0) != 0x80 && ++w > kMaxCell - 1) break;
            out += static_cast<char>(c);
        }
        return out + "…";
    };
    std::vector<std::size_t> widths(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) widths[c] = width(table.columns[c]);
    for (const auto& row : table.rows)
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], width(clip(row[c])));
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            const auto cell = clip(cells[c]);
            out << cell;
            if (c + 1 < cells.size()) out << std::string(widths[c] - width(cell) + 2, ' ');
        }
        out << '\n';
    };
    line(table.columns);
    std::vector<std::string> rule;
    for (auto w : widths) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : table.rows) line(row);
}

}  // namespace kg::cli
