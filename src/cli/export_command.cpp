// kg export [--format F] [--output FILE] [--around NAME... [--depth N]]
// Writes the whole graph, or the neighbourhood of some entities, to standard
// output or to a file (through OutputFile: all or nothing).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "interrupt.hpp"
#include "kg/error.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/graphml.hpp"
#include "kg/export/jsonld.hpp"
#include "kg/export/neo4j_csv.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/export/render.hpp"
#include "kg/export/snapshot.hpp"
#include "kg/graph/algorithms.hpp"
#include "kg/graph/store.hpp"
#include "kg/graph/view.hpp"
#include "kg/strings.hpp"
#include "output.hpp"
#include "output_file.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

namespace fs = std::filesystem;

// The format a file name asks for, or "" when its extension names none.
std::string format_of_file(const std::string& path) {
    const std::string ext = to_lower_ascii(fs::path(path).extension().string());
    if (ext == ".dot" || ext == ".gv") return "dot";
    if (ext == ".svg" || ext == ".png" || ext == ".nt" || ext == ".graphml") return ext.substr(1);
    if (ext == ".jsonld") return "jsonld";
    return "";
}

// Writes `graph` in a one-file format to `out`.
void render(const GraphSnapshot& graph, const std::string& format, std::ostream& out) {
    if (format == "jsonld") return write_jsonld(graph, out);
    if (format == "nt") return write_ntriples(graph, out);
    if (format == "graphml") return write_graphml(graph, out);
    if (format == "dot") return write_dot(graph, out);
    std::ostringstream dot;
    write_dot(graph, dot);
    const std::string image = render_graphviz(dot.str(), format);
    out.write(image.data(), static_cast<std::streamsize>(image.size()));
}

// Neo4j's importer reads two files: they go into directory `dir`, both
// renamed into place only once both are written.
void write_neo4j(const GraphSnapshot& graph, const std::string& dir,
                 const std::atomic<bool>* cancel) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw Error(dir + ": the neo4j format writes two files: name a directory, not a file");
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir + ": cannot create the export directory: " + ec.message());
    OutputFile nodes((fs::path(dir) / "nodes.csv").string(), cancel);
    OutputFile relationships((fs::path(dir) / "relationships.csv").string(), cancel);
    write_neo4j_csv(graph, nodes.stream(), relationships.stream());
    nodes.finish();  // a late write error (disk full) must stop both files
    relationships.finish();
    nodes.commit();
    relationships.commit();
}

// The entities `names` name, everything within `depth` hops of them (both
// directions, through denials too), and every fact among those: one
// picture of a corner of a big graph.
GraphSnapshot neighbourhood_snapshot(const Store& store, const std::vector<std::string>& names,
                                     unsigned depth) {
    const GraphView view = GraphView::build(store);
    std::set<EntityId> entities;
    std::vector<bool> inside(view.num_vertices(), false);
    for (const auto& name : names) {
        const auto found = store.find_entities(name);
        if (found.empty()) throw Error("no entity named '" + name + "' in " + store.path());
        for (const auto& e : found) {
            entities.insert(e.id);
            const auto v = view.vertex_of(e.id);
            if (!v) continue;
            for (VertexId u : neighbourhood(view, *v, depth, 0, true).vertices) {
                inside[u] = true;
                if (!view.is_value(u)) entities.insert(view.entity_id(u));
            }
        }
    }
    // Every fact among the vertices found, also between two names' neighbourhoods.
    std::set<FactId> facts;
    for (VertexId v = 0; v < view.num_vertices(); ++v) {
        if (!inside[v]) continue;
        for (const auto& e : view.out_edges(v, true))
            if (inside[e.neighbour]) facts.insert(view.fact_id(e.fact));
    }
    GraphSnapshot out;
    // A few records are read one by one; many (a deep walk from a hub) in
    // one scan of the whole graph, which is far cheaper than a query each.
    constexpr std::size_t kReadOneByOne = 2000;
    if (facts.size() > kReadOneByOne) {
        for (auto& f : store.all_facts())
            if (facts.count(f.id)) out.facts.push_back(std::move(f));
        for (auto& e : store.all_entities())
            if (entities.count(e.id)) out.entities.push_back(std::move(e));
        return out;
    }
    for (EntityId id : entities)
        if (auto e = store.entity(id)) out.entities.push_back(std::move(*e));
    for (FactId id : facts)
        if (auto f = store.fact(id)) out.facts.push_back(std::move(*f));
    return out;
}

std::string format_list() {
    std::string list;
    for (const auto& f : export_formats()) list += (list.empty() ? "" : ", ") + f;
    return list;
}

}  // namespace

const std::vector<std::string>& export_formats() {
    static const std::vector<std::string> formats = {"dot", "svg",     "png",  "jsonld",
                                                     "nt",  "graphml", "neo4j"};
    return formats;
}

void write_export(const Store& store, const ExportOptions& opts) {
    const bool to_stdout = opts.output.empty() || opts.output == "-";
    std::string format = to_lower_ascii(opts.format);
    if (format.empty() && !to_stdout) {
        format = format_of_file(opts.output);
        if (format.empty())
            throw Error(opts.output + ": cannot tell the export format from the file name; " +
                        "name one with --format (" + format_list() + ")");
    }
    if (format.empty()) format = "dot";
    // An image on a terminal is a screenful of noise (and can upset it).
    if (to_stdout && format == "png" && stdout_is_terminal())
        throw Error("a PNG is not for the terminal: name a file with -o FILE.png, or pipe it");
    if (to_stdout && format == "neo4j")
        throw Error(
            "the neo4j format writes two files (nodes.csv, relationships.csv): "
            "name a directory with -o DIR");
    // Ctrl-C, kill or a closed terminal stop a file export cleanly: the file
    // is left as it was and no temporary stays behind.
    const CancelOnSignal cancel(!to_stdout, true);
    const GraphSnapshot graph = opts.around.empty()
                                    ? GraphSnapshot{store.all_entities(), store.all_facts()}
                                    : neighbourhood_snapshot(store, opts.around, opts.depth);
    if (format == "neo4j") return write_neo4j(graph, opts.output, cancel.flag());
    // GraphViz's layout grows much faster than the graph: 200,000 facts ran
    // for minutes without an end in sight.
    constexpr std::size_t kSlowLayout = 2000;
    if ((format == "svg" || format == "png") && graph.facts.size() > kSlowLayout)
        std::cerr << "kg: warning: laying out " << graph.facts.size()
                  << " facts takes GraphViz long (minutes to hours); --around NAME draws one "
                     "corner of the graph\n";
    if (to_stdout) {
        render(graph, format, std::cout);
        std::cout.flush();
        if (!std::cout) throw Error("cannot write export to standard output");
        return;
    }
    OutputFile file(opts.output, cancel.flag());
    try {
        render(graph, format, file.stream());
    } catch (const Error&) {
        // dot stopped by the same Ctrl-C says so in its own words: say ours.
        if (cancel.flag()->load())
            throw Error(opts.output + ": export interrupted; the file was left as it was");
        throw;
    }
    file.commit();
}

void add_export_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ExportOptions>();
    auto* cmd = app.add_subcommand(
        "export",
        "Write the graph as GraphViz DOT, SVG, PNG, JSON-LD, N-Triples, GraphML or Neo4j CSV");
    cmd->add_option("--format,-f", opts->format,
                    "dot, svg, png (GraphViz), jsonld, nt (RDF), graphml, or neo4j (nodes.csv "
                    "and relationships.csv for neo4j-admin import, into the -o directory); "
                    "default: from the -o file's extension (.dot .gv .svg .png .jsonld .nt "
                    ".graphml), dot on standard output")
        ->check(CLI::IsMember(export_formats(), CLI::ignore_case));
    cmd->add_option("--output,-o", opts->output,
                    "file to write (a directory for neo4j; default: standard output)")
        ->type_name("FILE");
    auto* around =
        cmd->add_option("--around,-a", opts->around,
                        "only the entities within --depth hops of this one (repeatable), and the "
                        "facts among them")
            ->type_name("NAME");
    cmd->add_option("--depth,-d", opts->depth, "hops from the --around entities (default 1)")
        ->check(CLI::Range(1u, 100u))
        ->needs(around);
    cmd->callback([opts, &global] { write_export(open_graph_for_reading(global), *opts); });
}

}  // namespace kg::cli
