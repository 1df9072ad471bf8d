#include <filesystem>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/store.hpp"

namespace kg::cli {

Store open_graph_for_reading(const GlobalOptions& global) {
    const auto path = default_graph_path(global.graph);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error(path + ": no graph here (build one with 'kg ingest FILE...', or name one "
                           "with --graph FILE or $KG_GRAPH)");
    return Store::open(path, OpenMode::ReadOnly);
}

}  // namespace kg::cli
