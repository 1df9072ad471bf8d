// kg ingest PATH... | URL... | -
// Reads each source (a news feed adds the articles it lists), extracts its
// facts and merges them into the graph, one transaction per source, printing
// one line per source.
#include <algorithm>
#include <deque>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_set>

#include "commands.hpp"
#include "kg/error.hpp"
#include "kg/extract/extractor.hpp"
#include "kg/graph/store.hpp"
#include "kg/source/date.hpp"
#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"
#include "output.hpp"

namespace kg::cli {
namespace {

struct IngestOptions {
    std::vector<std::string> paths;
    std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
    FetchOptions fetch;
};

struct Totals {
    std::size_t sources = 0, duplicates = 0, skipped = 0, failed = 0;
    std::size_t facts_added = 0, facts_merged = 0, entities_added = 0;
};

// A progress line that rewrites itself, on a terminal only.
class Progress {
  public:
    Progress(std::size_t total, bool enabled) : total_(total), enabled_(enabled) {}
    void set_total(std::size_t total) { total_ = total; }
    void show(std::size_t done, const std::string& name) {
        if (!enabled_ || total_ < 2) return;
        std::cerr << "\r\033[K[" << done << "/" << total_ << "] " << name << std::flush;
    }
    void clear() {
        if (enabled_) std::cerr << "\r\033[K" << std::flush;
    }

  private:
    std::size_t total_;
    bool enabled_;
};

// What a worker hands the writer for one input: the document and its facts,
// or why there are none.
struct Prepared {
    std::string name;
    Document doc;
    Extraction extraction;
    std::optional<FeedSource> feed;  // a feed: its articles are read next
    bool known = false;              // the same content was in the graph before this run
    bool binary = false;             // skipped with a warning
    std::string error;               // failed with this message
};

// A path or URL to read; an article a feed listed keeps the feed's entry.
struct Input {
    std::string path;
    std::optional<FeedItem> listed;
    bool named = true;  // given by the user, not found in a directory
};

Prepared prepare(const Input& input, const Extractor& extractor,
                 const std::vector<std::string>& leftovers, const FetchOptions& fetch_options,
                 const std::unordered_set<std::string>& known_hashes) {
    Prepared p;
    p.name = input.path == "-" ? "<stdin>" : url_without_credentials(input.path);
    try {
        auto source = read_source(input.path, leftovers, fetch_options);
        if (auto* feed = std::get_if<FeedSource>(&source)) {
            p.feed = std::move(*feed);
            return p;
        }
        p.doc = std::get<Document>(std::move(source));
        // Pages often carry their date only in scripts; the feed states it.
        if (input.listed) {
            if (p.doc.published.empty()) p.doc.published = normalize_date(input.listed->published);
            if (p.doc.title.empty()) p.doc.title = input.listed->title;
        }
        p.known = known_hashes.count(p.doc.content_hash) > 0;
        if (!p.known) p.extraction = extractor.extract(p.doc);
    } catch (const BinaryInput& e) {
        p.binary = true;
        p.error = e.what();
    } catch (const Error& e) {
        p.error = e.what();
    }
    return p;
}

void run_ingest(const IngestOptions& opts, const GlobalOptions& global) {
    std::vector<std::string> errors;
    // A deque: feeds append their articles while workers hold references.
    std::deque<Input> inputs;
    std::unordered_set<std::string> queued;
    const std::unordered_set<std::string> named(opts.paths.begin(), opts.paths.end());
    for (auto& path : expand_inputs(opts.paths, errors)) {
        const bool given = named.count(path) > 0;
        if (is_web_url(path)) path = canonical_url(path);
        queued.insert(path);
        inputs.push_back({std::move(path), std::nullopt, given});
    }
    for (const auto& e : errors) std::cerr << "kg: " << e << '\n';

    auto store = Store::open(default_graph_path(global.graph));
    const auto extractor = make_default_extractor();
    const auto leftovers = read_leftover_lexicon();
    std::unordered_set<std::string> known_hashes;
    std::unordered_set<std::string> known_uris;
    for (const auto& s : store.sources()) {
        known_hashes.insert(s.content_hash);
        known_uris.insert(s.uri);
    }
    Totals totals;
    totals.failed = errors.size();  // paths that are not there count as skipped
    Progress progress(inputs.size(), stderr_is_terminal() && !global.quiet);

    // Workers read and extract in parallel; this thread is the one writer and
    // commits sources in input order, one transaction each.
    const std::size_t jobs = std::max<std::size_t>(1, opts.jobs);
    std::deque<std::future<Prepared>> in_flight;
    std::size_t next = 0;
    auto launch = [&] {
        while (next < inputs.size() && in_flight.size() < 2 * jobs) {
            in_flight.push_back(std::async(jobs == 1 ? std::launch::deferred : std::launch::async,
                                           prepare, std::cref(inputs[next]), std::cref(*extractor),
                                           std::cref(leftovers), std::cref(opts.fetch),
                                           std::cref(known_hashes)));
            ++next;
        }
    };
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        launch();
        // What is committed is said before waiting on the next source, so a
        // Ctrl-C or kill leaves no committed source unreported, even when piped.
        std::cout.flush();
        Prepared p = in_flight.front().get();
        in_flight.pop_front();
        progress.show(i, p.name);
        if (!p.error.empty()) {
            progress.clear();
            ++(p.binary ? totals.skipped : totals.failed);
            std::cerr << "kg: " << (p.binary ? "warning: " : "") << p.error << '\n';
            continue;
        }
        if (p.feed && (!inputs[i].named || inputs[i].listed)) {
            // A feed saved among articles, or listed by a feed, is not a
            // request to fetch what it lists (feeds of feeds could go on forever).
            progress.clear();
            ++totals.skipped;
            std::cerr << "kg: warning: " << p.name << ": a news feed"
                      << (inputs[i].listed ? " listed by a feed" : "")
                      << "; name it to kg ingest to read the articles it lists\n";
            continue;
        }
        if (p.feed) {
            progress.clear();
            std::size_t known = 0, repeated = 0;
            for (const FeedItem& item : p.feed->items) {
                // parse_feed keeps http(s) links only; a feed may never make kg
                // read a local file. Checked again here, where it matters.
                if (!is_web_url(item.link)) continue;
                const std::string link = canonical_url(item.link);
                if (known_uris.count(url_without_credentials(link))) {
                    ++known;  // a feed run again adds what is new, fetching nothing twice
                } else if (!queued.insert(link).second) {
                    ++repeated;
                } else {
                    inputs.push_back({link, item, false});
                }
            }
            progress.set_total(inputs.size());
            if (!global.quiet) {
                const std::size_t n = p.feed->items.size();
                std::vector<std::string> notes;
                if (known) notes.push_back(std::to_string(known) + " already ingested");
                if (repeated)
                    notes.push_back(std::to_string(repeated) + " listed twice or given already");
                std::cout << p.name << ": news feed, " << n << (n == 1 ? " article" : " articles");
                for (std::size_t k = 0; k < notes.size(); ++k)
                    std::cout << (k == 0 ? " (" : ", ") << notes[k];
                std::cout << (notes.empty() ? "" : ")") << '\n';
            }
            continue;
        }
        for (const auto& w : p.doc.warnings) {
            progress.clear();
            std::cerr << "kg: warning: " << p.name << ": " << w << '\n';
        }
        try {
            if (p.known) {
                progress.clear();
                ++totals.duplicates;
                const auto seen = store.source_by_hash(p.doc.content_hash);
                if (!global.quiet) {
                    std::cout << p.name << ": already ingested";
                    if (!seen || seen->uri != p.doc.uri)
                        std::cout << " (same content as "
                                  << (seen ? seen->uri : std::string("an earlier source")) << ")";
                    std::cout << ", nothing added\n";
                }
                continue;
            }
            const IngestReport r = store.ingest(p.doc, p.extraction, extractor->version());
            progress.clear();
            if (r.duplicate) {
                ++totals.duplicates;
                if (!global.quiet) std::cout << p.name << ": already ingested, nothing added\n";
                continue;
            }
            ++totals.sources;
            totals.facts_added += r.facts_added;
            totals.facts_merged += r.facts_merged;
            totals.entities_added += r.entities_added;
            if (!global.quiet)
                std::cout << p.name << ": " << r.sentences << " sentences, " << r.facts_added
                          << " facts added, " << r.facts_merged << " merged, " << r.entities_added
                          << " new entities"
                          << (r.replaced ? " (replaces the version ingested before)" : "") << '\n';
        } catch (const Error& e) {
            progress.clear();
            ++totals.failed;
            std::cerr << "kg: " << e.what() << '\n';
        }
    }
    progress.clear();
    if (!global.quiet && inputs.size() + errors.size() > 1) {
        const auto stats = store.stats();
        std::cout << "ingested " << totals.sources << " sources (" << totals.duplicates
                  << " already known, " << totals.skipped + totals.failed
                  << " skipped): " << totals.facts_added << " facts added, " << totals.facts_merged
                  << " merged, " << totals.entities_added << " new entities; " << store.path()
                  << " now holds " << stats.entities << " entities and " << stats.facts
                  << " facts\n";
    }
    if (!errors.empty() || totals.failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void add_fetch_options(CLI::App& cmd, FetchOptions& fetch) {
    cmd.add_option("--fetch-timeout", fetch.timeout_seconds,
                   "give up on a URL that has not answered in full after this many seconds "
                   "(pages over 32 MB are not read either)")
        ->default_val(fetch.timeout_seconds)
        ->check(CLI::Range(1L, 86400L));
}

void add_ingest_command(CLI::App& app, const GlobalOptions& global) {
    auto opts = std::make_shared<IngestOptions>();
    auto* cmd = app.add_subcommand(
        "ingest",
        "Extract facts from articles (files, directories, http(s) URLs, RSS/Atom feeds, or - for "
        "stdin) into the graph");
    cmd->add_option("paths", opts->paths,
                    "files, directories (recursive), http(s) URLs of articles or feeds, or - for "
                    "stdin")
        ->required()
        ->type_name("PATH|URL");
    cmd->add_option("--jobs,-j", opts->jobs,
                    "read and extract this many sources at once (default: every core)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
    add_fetch_options(*cmd, opts->fetch);
    cmd->callback([opts, &global] { run_ingest(*opts, global); });
}

}  // namespace kg::cli
