// kg import --tsv FILE | --nt FILE: facts that are already triples
// (subject<TAB>relation<TAB>object lines, extra columns ignored; or RDF as
// N-Triples, read as kg/export/ntriples_reader.hpp says), added as one
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
#include "kg/export/ntriples_reader.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/sha256.hpp"
#include "kg/source/utf8.hpp"
#include "kg/strings.hpp"

namespace kg::cli {
namespace {

constexpr std::string_view kTsvImporter = "tsv-import-1";
constexpr std::string_view kNtImporter = "nt-import-1";

struct ImportOptions {
    std::string tsv, nt;
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
    const std::string& path = opts.tsv.empty() ? opts.nt : opts.tsv;
    Document doc;
    doc.uri = path;
    doc.text = read_all(path);
    // Hashed as read, so the same file is recognised however it was repaired.
    doc.content_hash = sha256_hex(doc.text);
    // As kg ingest does: names must be text, and exports must stay valid.
    if (repair_utf8(doc.text)) std::cerr << "kg: warning: " << path << ": invalid UTF-8 repaired\n";
    Extraction ex;
    std::size_t read = 0;  // triples in the file
    if (opts.tsv.empty()) {
        const std::vector<RdfTriple> triples = parse_ntriples(doc.text, path);
        read = triples.size();
        ex = facts_from_rdf(triples);
    } else {
        ex = parse_tsv(path, doc.text);
        read = ex.triples.size();
    }
    ex.sentences = ex.triples.size();

    auto store = Store::open(default_graph_path(global.graph));
    const IngestReport r = store.ingest(doc, ex, opts.tsv.empty() ? kNtImporter : kTsvImporter);
    if (global.quiet) return;
    if (r.duplicate) {
        std::cout << path << ": already imported, nothing added\n";
        return;
    }
    std::cout << path << ": " << read << " triples, " << r.facts_added << " facts added, "
              << r.facts_merged << " merged, " << r.entities_added << " new entities\n";
}

}  // namespace

void add_import_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<ImportOptions>();
    auto* cmd =
        app.add_subcommand("import", "Add facts that are already triples (TSV or RDF N-Triples)");
    auto* tsv = cmd->add_option("--tsv", opts->tsv, "subject<TAB>relation<TAB>object lines")
                    ->type_name("FILE");
    cmd->add_option("--nt", opts->nt,
                    "RDF as N-Triples (kg export -f nt, or another store's): entities named by "
                    "schema:name or rdfs:label, else the IRI's last segment")
        ->type_name("FILE")
        ->excludes(tsv);
    cmd->require_option(1);  // --tsv or --nt: CLI11 says so when neither is given
    cmd->callback([opts, &global] { run_import(*opts, global); });
}

}  // namespace kg::cli
