// kg extract [--format jsonl|tsv|carb] [FILE...|-]
// A pure stream filter: articles in, facts out; no graph is touched, so it
// scales out under any runner that pipes partitions through a command.
// --format carb reads one sentence per line and prints Open IE tuples in the
// words of the sentence, as the CaRB benchmark scores them.
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/clause_extractor.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/extract/value_json.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"
#include "kg/strings.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct ExtractOptions {
    std::vector<std::string> paths;
    std::string format = "jsonl";
    FetchOptions fetch;
};

void print_tsv_header() {
    std::cout << "subject\trelation\tobject\tqualifiers\tpolarity\tconfidence\tsource\tsentence\n";
}

void print_tsv(const Triple& t, const Document& doc) {
    std::cout << tsv_escape(t.subject.is_value ? t.subject.value.display() : t.subject.text) << '\t'
              << t.relation << '\t'
              << tsv_escape(t.object.is_value ? t.object.value.display() : t.object.text) << '\t'
              << tsv_escape(display_qualifiers(t.qualifiers)) << '\t'
              << (t.negated ? "negative" : "positive") << '\t' << t.confidence << '\t'
              << tsv_escape(doc.uri) << '\t' << tsv_escape(std::string(t.sentence_in(doc.text)))
              << '\n';
}

// One line per tuple: sentence, confidence, relation, arg1, arg2, more args.
void run_carb(const ExtractOptions& opts) {
    const auto extractor = ClauseExtractor::load_default();
    auto emit_line = [&](const std::string& line) {
        if (trim(line).empty()) return;
        for (const auto& t : extractor->surface_tuples(line)) {
            std::cout << line << '\t' << t.confidence << '\t' << t.relation;
            for (const auto& a : t.arguments) std::cout << '\t' << a;
            std::cout << '\n';
        }
    };
    if (opts.paths.empty() || (opts.paths.size() == 1 && opts.paths[0] == "-")) {
        for (std::string line; std::getline(std::cin, line);) emit_line(line);
        return;
    }
    for (const auto& path : opts.paths) {
        std::ifstream in(path);
        if (!in) throw Error(path + ": cannot read");
        for (std::string line; std::getline(in, line);) emit_line(line);
    }
}

void run_extract(ExtractOptions opts) {
    if (opts.format == "carb") {
        run_carb(opts);
        return;
    }
    if (opts.paths.empty()) opts.paths.push_back("-");
    std::vector<std::string> errors;
    const auto inputs = expand_inputs(opts.paths, errors);
    for (const auto& e : errors) std::cerr << "kg: " << e << '\n';
    const auto extractor = make_default_extractor();
    const auto leftovers = read_leftover_lexicon();
    bool failed = !errors.empty();
    if (opts.format == "tsv") print_tsv_header();
    for (const auto& input : inputs) {
        try {
            const Document doc = read_document(input, leftovers, opts.fetch);
            for (const auto& w : doc.warnings)
                std::cerr << "kg: warning: " << input << ": " << w << '\n';
            for (const auto& t : extractor->extract(doc).triples) {
                if (opts.format == "tsv") {
                    print_tsv(t, doc);
                } else {
                    std::cout << triple_to_json(t, doc).dump(
                                     -1, ' ', false, nlohmann::json::error_handler_t::replace)
                              << '\n';
                }
            }
        } catch (const BinaryInput& e) {
            std::cerr << "kg: warning: " << e.what() << '\n';
        } catch (const Error& e) {
            std::cerr << "kg: " << e.what() << '\n';
            failed = true;
        }
    }
    std::cout.flush();
    if (failed) throw CLI::RuntimeError(1);
}

}  // namespace

void add_extract_command(CLI::App& app) {
    auto opts = std::make_shared<ExtractOptions>();
    auto* cmd = app.add_subcommand(
        "extract", "Print the facts found in articles (no graph is touched); stdin by default");
    cmd->add_option("paths", opts->paths, "files, directories, http(s) URLs, or - for stdin")
        ->type_name("FILE|URL");
    cmd->add_option("--format,-f", opts->format,
                    "jsonl (default), tsv, or carb (one sentence per line in, Open IE tuples out)")
        ->check(CLI::IsMember({"jsonl", "tsv", "carb"}));
    add_fetch_options(*cmd, opts->fetch);
    cmd->callback([opts] { run_extract(*opts); });
}

}  // namespace kg::cli
