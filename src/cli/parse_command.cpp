// kg parse [--input-format text|conllu] [FILE...|-]
// Runs the nlp stage and prints CoNLL-U: from raw text (tokenize, split,
// tag, lemmatize, parse) or from CoNLL-U, keeping its tokens and sentences
// and predicting UPOS, XPOS, LEMMA, HEAD and DEPREL.
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/nlp/conllu.hpp"
#include "kg/nlp/pipeline.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"

namespace kg::cli {
namespace {

struct ParseOptions {
    std::vector<std::string> paths;
    std::string input_format = "text";
    FetchOptions fetch;
};

void parse_conllu(const Pipeline& pipeline, const std::string& path, std::size_t& sentence_no) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) throw Error(path + ": cannot open");
        in = &file;
    }
    for (ConlluSentence& cs : read_conllu(*in, path == "-" ? "<stdin>" : path)) {
        pipeline.annotate(cs.sentence);
        ++sentence_no;
        write_conllu(std::cout, cs, cs.id.empty() ? std::to_string(sentence_no) : cs.id);
    }
}

// Text is read as kg extract and kg ingest read it (HTML and Markdown to
// text, invalid UTF-8 repaired, page leftovers dropped), so this shows the
// analysis the extractor works from.
void parse_text(const Pipeline& pipeline, const std::string& path,
                const std::vector<std::string>& leftovers, const FetchOptions& fetch,
                std::size_t& sentence_no) {
    const Document doc = read_document(path, leftovers, fetch);
    for (const auto& w : doc.warnings) std::cerr << "kg: warning: " << path << ": " << w << '\n';
    for (const Sentence& s : pipeline.analyze(doc.text))
        write_conllu(std::cout, s, std::to_string(++sentence_no));
}

void run_parse(ParseOptions opts) {
    if (opts.paths.empty()) opts.paths.push_back("-");
    std::vector<std::string> errors;
    const auto inputs = expand_inputs(opts.paths, errors);
    for (const auto& e : errors) std::cerr << "kg: " << e << '\n';
    const Pipeline pipeline = Pipeline::load();  // kg::Error -> exit 1 in main
    const auto leftovers =
        opts.input_format == "text" ? read_leftover_lexicon() : std::vector<std::string>{};
    bool failed = !errors.empty();
    std::size_t sentence_no = 0;
    for (const auto& input : inputs) {
        try {
            if (opts.input_format == "conllu")
                parse_conllu(pipeline, input, sentence_no);
            else
                parse_text(pipeline, input, leftovers, opts.fetch, sentence_no);
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

void add_parse_command(CLI::App& app) {
    auto opts = std::make_shared<ParseOptions>();
    auto* cmd = app.add_subcommand(
        "parse", "Tag, lemmatize and parse text or CoNLL-U; prints CoNLL-U (stdin by default)");
    cmd->add_option("paths", opts->paths,
                    "files, directories, http(s) URLs, or - for stdin; text is read as kg "
                    "extract reads it (HTML and Markdown to text, page leftovers dropped)")
        ->type_name("FILE|URL");
    cmd->add_option("--input-format", opts->input_format, "text (default) or conllu")
        ->check(CLI::IsMember({"text", "conllu"}));
    add_fetch_options(*cmd, opts->fetch);
    cmd->callback([opts] { run_parse(*opts); });
}

}  // namespace kg::cli
