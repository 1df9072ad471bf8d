// kg import --tsv FILE: facts that are already triples
// (subject<TAB>relation<TAB>object lines, extra columns ignored), added as one
// source in one transaction, with the file as their provenance: the line a
// fact came from is its supporting "sentence". Entities get type Other, facts
// confidence 1.0; the same file imported twice adds nothing. Invalid UTF-8
// is repaired (U+FFFD), with a warning, as kg ingest does.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/sha256.hpp"
#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"

namespace kg::cli {
namespace {

constexpr std::string_view kImporterVersion = "tsv-import-1";

struct ImportOptions {
    std::string tsv;
};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot read");
    std::ostringstream buf;
    buf << in.rdbuf();
    return std::move(buf).str();
}

Argument entity_argument(std::string_view name) {
    Argument a;
    a.text = std::string(name);
    a.type = EntityType::Other;
    return a;
}

// Lines that are empty or start with '#' are skipped; any other line needs
// three non-empty fields.
Extraction parse_tsv(const std::string& path, std::string_view text) {
    Extraction ex;
    std::size_t line_no = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const auto nl = text.find('\n', pos);
        const std::size_t begin = pos;
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t end = begin + line.size();
        std::string_view fields[3];
        for (int i = 0; i < 3; ++i) {
            const auto tab = line.find('\t');
            if (tab == std::string_view::npos && i < 2)
                throw Error(path + ":" + std::to_string(line_no) +
                            ": expected subject<TAB>relation<TAB>object");
            fields[i] = trim(line.substr(0, tab));
            line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
        }
        if (fields[0].empty() || fields[1].empty() || fields[2].empty())
            throw Error(path + ":" + std::to_string(line_no) +
                        ": empty subject, relation or object");
        Triple t;
        t.subject = entity_argument(fields[0]);
        t.relation = std::string(fields[1]);
        t.object = entity_argument(fields[2]);
        t.confidence = 1.0;
        t.span_begin = begin;
        t.span_end = end;
        ex.triples.push_back(std::move(t));
    }
    return ex;
}

void run_import(const ImportOptions& opts, const GlobalOptions& global) {
    if (opts.tsv.empty()) throw Error("say what to import: kg import --tsv FILE");
    Document doc;
    doc.uri = opts.tsv;
    doc.text = read_all(opts.tsv);
    // Hashed as read, so the same file is recognised however it was repaired.
    doc.content_hash = sha256_hex(doc.text);
    // As kg ingest does: names must be text, and exports must stay valid.
    if (repair_utf8(doc.text))
        std::cerr << "kg: warning: " << opts.tsv << ": invalid UTF-8 repaired\n";
    Extraction ex = parse_tsv(opts.tsv, doc.text);
    ex.sentences = ex.triples.size();

    auto store = Store::open(default_graph_path(global.graph));
    const IngestReport r = store.ingest(doc, ex, kImporterVersion);
    if (global.quiet) return;
    if (r.duplicate) {
        std::cout << opts.tsv << ": already imported, nothing added\n";
        return;
    }
    std::cout << opts.tsv << ": " << ex.triples.size() << " triples, " << r.facts_added
              << " facts added, " << r.facts_merged << " merged, " << r.entities_added
              << " new entities\n";
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ImportOptions>();
    auto* cmd = app.add_subcommand(
        "import", "Add facts that are already triples (TSV: subject, relation, object)");
    cmd->add_option("--tsv", opts->tsv, "subject<TAB>relation<TAB>object lines")
        ->required()
        ->type_name("FILE");
    cmd->callback([opts, &global] { run_import(*opts, global); });
}

}  // namespace kg::cli
