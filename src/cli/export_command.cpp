// kg export --format dot|svg|png|jsonld [--output FILE]
// Writes the whole graph; to a file atomically (a temporary file renamed into
// place), so an interrupted export never leaves half a file behind.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/jsonld.hpp"
#include "kg/export/render.hpp"
#include "kg/export/snapshot.hpp"
#include "kg/graph/store.hpp"
#include "output.hpp"
#include "reports.hpp"

namespace kg::cli {
namespace {

std::string render(const GraphSnapshot& graph, const std::string& format) {
    std::ostringstream out;
    if (format == "jsonld") {
        write_jsonld(graph, out);
        return out.str();
    }
    write_dot(graph, out);
    if (format == "dot") return out.str();
    return render_graphviz(out.str(), format);
}

void write_atomically(const std::string& path, const std::string& bytes) {
    std::error_code ec;
    const auto dir = std::filesystem::absolute(path, ec).parent_path();
    if (!ec && !std::filesystem::is_directory(dir, ec))
        throw Error(path + ": cannot write export: no directory " + dir.string());
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        f.flush();
        if (!f) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw Error(path + ": cannot write export (disk full or no permission?)");
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(path + ": cannot write export: " + ec.message());
}

}  // namespace

void write_export(const Store& store, const ExportOptions& opts) {
    const bool to_stdout = opts.output.empty() || opts.output == "-";
    // An image on a terminal is a screenful of noise (and can upset it).
    if (to_stdout && opts.format == "png" && stdout_is_terminal())
        throw Error("a PNG is not for the terminal: name a file with -o FILE.png, or pipe it");
    GraphSnapshot graph{store.all_entities(), store.all_facts()};
    const std::string bytes = render(graph, opts.format);
    if (to_stdout) {
        std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        std::cout.flush();
        if (!std::cout) throw Error("cannot write export to standard output");
    } else {
        write_atomically(opts.output, bytes);
    }
}

void add_export_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ExportOptions>();
    auto* cmd =
        app.add_subcommand("export", "Write the graph as GraphViz DOT, SVG, PNG or JSON-LD");
    cmd->add_option("--format,-f", opts->format, "dot (default), svg, png or jsonld")
        ->check(CLI::IsMember({"dot", "svg", "png", "jsonld"}));
    cmd->add_option("--output,-o", opts->output, "file to write (default: standard output)")
        ->type_name("FILE");
    cmd->callback([opts, &global] { write_export(open_graph_for_reading(global), *opts); });
}

}  // namespace kg::cli
