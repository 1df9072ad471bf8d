// How the CLI prints results for people and for programs: an aligned table
// on a terminal, JSON Lines or TSV when piped (or when --format says so).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kg::cli {

enum class Format { Table, Json, Tsv };

bool stdout_is_terminal();
bool stderr_is_terminal();
// "table", "json", "tsv", or "" for the default (table on a terminal, json when piped).
// Throws CLI::ValidationError for anything else.
Format resolve_format(const std::string& flag);

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    // Columns whose cells are numbers (counts, confidence): JSON prints them
    // as numbers, not strings.
    std::vector<std::string> number_columns = {};
};

// Table: aligned columns (UTF-8 aware widths); Json: one object per row keyed
// by column name; Tsv: header line then rows, tabs and newlines in cells escaped.
void print(const Table& table, Format format, std::ostream& out);

// Escapes a cell for TSV: tab, newline and backslash as \t, \n, \\.
std::string tsv_escape(const std::string& cell);

}  // namespace kg::cli
