#include <filesystem>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/store.hpp"

namespace kg::cli {
namespace {

std::string existing_graph(const GlobalOptions& global) {
    const auto path = default_graph_path(global.graph);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(path +
                    ": no graph here (build one with 'kg ingest FILE...', or name one "
                    "with --graph FILE or $KG_GRAPH)");
    return path;
}

}  // namespace

Store open_graph_for_reading(const GlobalOptions& global) {
    return Store::open(existing_graph(global), OpenMode::ReadOnly);
}

Store open_graph_for_writing(const GlobalOptions& global) {
    return Store::open(existing_graph(global), OpenMode::ReadWrite);
}

Entity entity_named(const Store& store, const std::string& name) {
    if (name.size() > 1 && name[0] == '#') {
        try {
            if (auto e = store.entity(std::stoll(name.substr(1)))) return *e;
        } catch (const std::exception&) {
            // not a number: fall through to a name lookup
        }
    }
    const auto found = store.find_entities(name);
    if (found.empty()) throw Error("no entity named '" + name + "' in " + store.path());
    if (found.size() > 1) {
        std::string list;
        for (const auto& e : found)
            list += (list.empty() ? "" : ", ") + ("#" + std::to_string(e.id)) + " " + e.name +
                    " (" + std::string(to_string(e.type)) + ")";
        throw Error("'" + name + "' names " + std::to_string(found.size()) + " entities: " + list +
                    "; say which with #ID");
    }
    return found.front();
}

}  // namespace kg::cli
