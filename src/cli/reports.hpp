// The printing halves of `kg show`, `kg path` and `kg export`, and the
// storing half of `kg query`: given an open store they print (or write)
// exactly what the commands do. The commands open the graph and call them;
// kg shell's :show, :path, :export and CREATE queries call them on the
// graph it opened at startup.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {
class Store;
class GraphView;
}  // namespace kg
namespace kg::query {
struct Query;
class MemoryGraph;
}  // namespace kg::query

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
    std::string format;  // one of export_formats(); "": from the file name, else dot
    std::string output;  // a file (a directory for neo4j), or "" / "-" for standard output
    std::vector<std::string> around;  // names: only the facts within `depth` hops of them
    unsigned depth = 1;
};

// The formats kg export writes, by name: dot svg png jsonld nt graphml neo4j.
const std::vector<std::string>& export_formats();

// The graph (or the neighbourhood `opts.around` names) in `opts.format`;
// files are written atomically.
void write_export(const Store& store, const ExportOptions& opts);

// Whether the query writes (CREATE). Throws kg::Error for MERGE, SET,
// DELETE and REMOVE, which kg does not store.
bool query_creates(const query::Query& q);

// Stores what a CREATE query added to `graph` (filled from `store`) as facts
// of the source 'manual', and says on standard error what it stored.
void store_created(query::MemoryGraph& graph, Store& store, std::string_view query_text,
                   bool quiet);

}  // namespace kg::cli
