// kg forget SOURCE: remove a source and every fact only it supported.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/fetch.hpp"
#include "kg/source/sha256.hpp"

namespace kg::cli {
namespace {

// The source as it was ingested (path or URL), "#ID", or a file with the same content.
SourceRecord find_source(const Store& store, const std::string& name) {
    const auto sources = store.sources();
    std::vector<SourceRecord> named;
    // URLs are stored in canonical form, without credentials ("HTTP://X/a#b" is "http://x/a").
    const std::string uri = is_web_url(name) ? url_without_credentials(canonical_url(name)) : name;
    for (const auto& s : sources)
        if (s.uri == uri) named.push_back(s);
    if (named.size() == 1) return named.front();
    if (named.size() > 1) {
        // Several stdin ingests are all "-": the user must say which.
        std::string ids;
        for (const auto& s : named) ids += (ids.empty() ? "#" : ", #") + std::to_string(s.id);
        throw Error(std::to_string(named.size()) + " sources are named '" + name + "' (" + ids +
                    "); name one by its #ID");
    }
    // "#6", or "6" as kg sources prints it.
    const std::string id = name.size() > 1 && name[0] == '#' ? name.substr(1) : name;
    if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos)
        for (const auto& s : sources)
            if (std::to_string(s.id) == id) return s;
    std::error_code ec;
    if (std::filesystem::is_regular_file(name, ec)) {
        std::ifstream in(name, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (auto s = store.source_by_hash(sha256_hex(bytes.str()))) return *s;
    }
    throw Error("no source '" + name + "' in " + store.path() + " (see kg sources)");
}

}  // namespace

void add_forget_command(CLI::App& app, const GlobalOptions& global) {
    auto source = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "forget", "Remove a source; facts only it supported go, others lose its provenance");
    cmd->add_option(
           "source", *source,
           "the path or URL it was ingested from, or its id (#ID or ID, as kg sources prints)")
        ->required();
    cmd->callback([source, &global] {
        Store store = open_graph_for_writing(global);
        const SourceRecord s = find_source(store, *source);
        const auto r = store.forget(s.id);
        std::cout << "forgot " << s.uri << ": " << r.facts_removed << " facts removed, "
                  << r.facts_kept << " kept with other sources, " << r.entities_removed
                  << " entities removed\n";
    });
}

}  // namespace kg::cli
