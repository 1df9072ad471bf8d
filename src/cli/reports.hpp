// The printing halves of `kg show`, `kg path` and `kg export`: given an open
// store they print (or write) exactly what the commands do. The commands
// open the graph and call them; kg shell's :show, :path and :export call
// them on the graph it opened at startup.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace kg {
class Store;
class GraphView;
}  // namespace kg

namespace kg::cli {

struct ShowOptions {
    std::string name;
    std::string format;
    unsigned depth = 1;
    // Facts printed per entity; unset: 50 on a terminal, all when piped. 0: all.
    std::optional<std::size_t> limit;
};

// Every fact about the entities `opts.name` names, to standard output.
void print_show(const Store& store, const ShowOptions& opts);

struct PathOptions {
    std::string from, to;
    std::size_t max_paths = 10;
    bool undirected = false;
    std::string format;
};

// The shortest chains of facts from `opts.from` to `opts.to` in `view` (a
// view of `store`), to standard output.
void print_paths(const Store& store, const GraphView& view, const PathOptions& opts);

struct ExportOptions {
    std::string format = "dot";  // dot, svg, png or jsonld
    std::string output;          // a file, or "" / "-" for standard output
};

// The whole graph in `opts.format`; a file is written atomically.
void write_export(const Store& store, const ExportOptions& opts);

}  // namespace kg::cli
