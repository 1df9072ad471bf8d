// kg parse [--input-format text|conllu] [FILE...|-]
// Runs the nlp stage and prints CoNLL-U: from raw text (tokenize, split,
// tag, lemmatize, parse) or from CoNLL-U, keeping its tokens and sentences
// and predicting UPOS, XPOS, LEMMA, HEAD and DEPREL.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/nlp/conllu.hpp"
#include "kg/nlp/pipeline.hpp"

namespace kg::cli {
namespace {

struct ParseOptions {
    std::vector<std::string> paths;
    std::string input_format = "text";
};

std::string read_all(std::istream& in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void parse_input(const Pipeline& pipeline, const std::string& path, const ParseOptions& opts,
                 std::size_t& sentence_no) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) throw Error(path + ": cannot open");
        in = &file;
    }
    const std::string name = path == "-" ? "<stdin>" : path;
    if (opts.input_format == "conllu") {
        for (ConlluSentence& cs : read_conllu(*in, name)) {
            pipeline.annotate(cs.sentence);
            ++sentence_no;
            write_conllu(std::cout, cs.sentence,
                         cs.id.empty() ? std::to_string(sentence_no) : cs.id);
        }
        return;
    }
    const std::string text = read_all(*in);
    for (const Sentence& s : pipeline.analyze(text))
        write_conllu(std::cout, s, std::to_string(++sentence_no));
}

void run_parse(ParseOptions opts) {
    if (opts.paths.empty()) opts.paths.push_back("-");
    const Pipeline pipeline = Pipeline::load();  // kg::Error -> exit 1 in main
    bool failed = false;
    std::size_t sentence_no = 0;
    for (const auto& path : opts.paths) {
        try {
            parse_input(pipeline, path, opts, sentence_no);
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
    cmd->add_option("paths", opts->paths, "files or - for stdin")->type_name("FILE");
    cmd->add_option("--input-format", opts->input_format, "text (default) or conllu")
        ->check(CLI::IsMember({"text", "conllu"}));
    cmd->callback([opts] { run_parse(*opts); });
}

}  // namespace kg::cli
