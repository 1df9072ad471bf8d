// kg ingest PATH... | -
// Reads each source, extracts its facts and merges them into the graph, one
// transaction per source, printing one line per source.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct IngestOptions {
    std::vector<std::string> paths;
};

struct Totals {
    std::size_t sources = 0, duplicates = 0, skipped = 0, failed = 0;
    std::size_t facts_added = 0, facts_merged = 0, entities_added = 0;
};

// A progress line that rewrites itself, on a terminal only.
class Progress {
public:
    Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled && total > 1) {}
    void show(std::size_t done, const std::string& name) {
        if (!enabled_) return;
        std::cerr << "\r\033[K[" << done << "/" << total_ << "] " << name << std::flush;
    }
    void clear() {
        if (enabled_) std::cerr << "\r\033[K" << std::flush;
    }

private:
    std::size_t total_;
    bool enabled_;
};

void run_ingest(const IngestOptions& opts, const GlobalOptions& global) {
    std::vector<std::string> errors;
    const auto inputs = expand_inputs(opts.paths, errors);
    for (const auto& e : errors) std::cerr << "kg: " << e << '\n';

    auto store = Store::open(default_graph_path(global.graph));
    const auto extractor = make_default_extractor();
    const auto leftovers = read_leftover_lexicon();
    Totals totals;
    Progress progress(inputs.size(), stderr_is_terminal() && !global.quiet);

    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto& input = inputs[i];
        const std::string name = input == "-" ? "<stdin>" : input;
        progress.show(i, name);
        try {
            Document doc = read_document(input, leftovers);
            for (const auto& w : doc.warnings) {
                progress.clear();
                std::cerr << "kg: warning: " << name << ": " << w << '\n';
            }
            if (auto seen = store.source_by_hash(doc.content_hash)) {
                progress.clear();
                ++totals.duplicates;
                if (!global.quiet)
                    std::cout << name << ": already ingested (same content as " << seen->uri
                              << "), nothing added\n";
                continue;
            }
            const Extraction extraction = extractor->extract(doc);
            const IngestReport r = store.ingest(doc, extraction, extractor->version());
            progress.clear();
            if (r.duplicate) {
                ++totals.duplicates;
                if (!global.quiet) std::cout << name << ": already ingested, nothing added\n";
                continue;
            }
            ++totals.sources;
            totals.facts_added += r.facts_added;
            totals.facts_merged += r.facts_merged;
            totals.entities_added += r.entities_added;
            if (!global.quiet)
                std::cout << name << ": " << r.sentences << " sentences, " << r.facts_added
                          << " facts added, " << r.facts_merged << " merged, "
                          << r.entities_added << " new entities\n";
        } catch (const BinaryInput& e) {
            progress.clear();
            ++totals.skipped;
            std::cerr << "kg: warning: " << e.what() << '\n';
        } catch (const Error& e) {
            progress.clear();
            ++totals.failed;
            std::cerr << "kg: " << e.what() << '\n';
        }
    }
    progress.clear();
    if (!global.quiet && inputs.size() > 1) {
        const auto stats = store.stats();
        std::cout << "ingested " << totals.sources << " sources (" << totals.duplicates
                  << " already known, " << totals.skipped + totals.failed << " skipped): "
                  << totals.facts_added << " facts added, " << totals.facts_merged
                  << " merged, " << totals.entities_added << " new entities; " << store.path()
                  << " now holds " << stats.entities << " entities and " << stats.facts
                  << " facts\n";
    }
    if (!errors.empty() || totals.failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void add_ingest_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<IngestOptions>();
    auto* cmd = app.add_subcommand(
        "ingest", "Extract facts from articles (files, directories, or - for stdin) into the graph");
    cmd->add_option("paths", opts->paths, "files, directories (recursive) or - for stdin")
        ->required()
        ->type_name("PATH");
    cmd->callback([opts, &global] { run_ingest(*opts, global); });
}

}  // namespace kg::cli
