// End-to-end tests of the kg command as a user runs it.
#include <sys/resource.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support.hpp"

using kg::test::contains;
using kg::test::json_lines;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

namespace {

const char* kArticleA =
    "A landmark deal for OpenAI\n\n"
    "Microsoft invested $1 billion in OpenAI in 2019, the companies said.\n";
const char* kArticleB =
    "A second look at the deal\n\n"
    "Microsoft Corp. invested in OpenAI, according to people familiar with the matter.\n";

}  // namespace

TEST_CASE("kg --help and usage errors", "[cli]") {
    auto help = run_kg({"--help"});
    CHECK(help.exit_status == 0);
    CHECK(contains(help.out, "ingest"));
    CHECK(run_kg({"ingest", "--help"}).exit_status == 0);
    auto unknown = run_kg({"no-such-command"});
    CHECK(unknown.exit_status == 2);
    CHECK(contains(unknown.err, "kg: unknown command 'no-such-command'\nRun 'kg --help'"));
    auto format = run_kg({"query", "--format", "xml", "RETURN 1"});
    CHECK(format.exit_status == 2);
    CHECK(contains(format.err,
                   "kg: --format: must be table, json, csv or tsv, not 'xml'\n"
                   "Run 'kg query --help'"));
    CHECK(run_kg({"export", "--format", "bmp"}).exit_status == 2);
    CHECK(run_kg({}).exit_status == 2);
}

TEST_CASE("ingest, show, stats and sources on a small article", "[cli]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("a.txt"), kArticleA);
    auto r = run_kg({"--graph", graph, "ingest", dir.file("a.txt")});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "a.txt: "));
    CHECK(contains(r.out, "1 facts added"));

    auto show = run_kg({"--graph", graph, "show", "Microsoft", "--format", "json"});
    REQUIRE(show.exit_status == 0);
    auto rows = json_lines(show.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["subject"] == "Microsoft");
    CHECK(rows[0]["relation"] == "invested-in");
    CHECK(rows[0]["object"] == "OpenAI");
    CHECK(rows[0]["qualifiers"]["amount"]["display"] == "$1B");
    CHECK(rows[0]["qualifiers"]["date"]["display"] == "2019");
    CHECK(rows[0]["provenance"][0]["sentence"] ==
          "Microsoft invested $1 billion in OpenAI in 2019, the companies said.");

    auto stats = run_kg({"--graph", graph, "stats", "--format", "json"});
    REQUIRE(stats.exit_status == 0);
    auto s = nlohmann::json::parse(stats.out);
    CHECK(s["facts"] == 1);
    CHECK(s["sources"] == 1);

    auto sources = run_kg({"--graph", graph, "sources", "--format", "tsv"});
    CHECK(contains(sources.out, "a.txt"));
    CHECK(run_kg({"--graph", graph, "show", "Nobody"}).exit_status == 1);
    CHECK(run_kg({"--graph", dir.file("missing.db"), "stats"}).exit_status == 1);
}

TEST_CASE("re-ingesting the same content adds nothing and says so", "[cli]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("a.txt"), kArticleA);
    write_file(dir.file("copy.txt"), kArticleA);
    REQUIRE(run_kg({"--graph", graph, "ingest", dir.file("a.txt")}).exit_status == 0);
    auto again = run_kg({"--graph", graph, "ingest", dir.file("a.txt"), dir.file("copy.txt")});
    CHECK(again.exit_status == 0);
    CHECK(contains(again.out, "already ingested"));
    auto s = nlohmann::json::parse(run_kg({"--graph", graph, "stats", "--format", "json"}).out);
    CHECK(s["sources"] == 1);
    CHECK(s["facts"] == 1);
    CHECK(s["provenance"] == 1);
}

TEST_CASE("one fact from two sources is merged with both kept as provenance", "[cli]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("a.txt"), kArticleA);
    write_file(dir.file("b.txt"), kArticleB);
    auto r = run_kg({"--graph", graph, "ingest", dir.file("a.txt"), dir.file("b.txt")});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "b.txt: "));
    CHECK(contains(r.out, "1 merged"));
    auto facts = json_lines(run_kg({"--graph", graph, "facts", "--format", "json"}).out);
    REQUIRE(facts.size() == 1);
    CHECK(facts[0]["subject"] == "Microsoft");
    CHECK(facts[0]["sources"] == 2);
    auto show = json_lines(run_kg({"--graph", graph, "show", "Microsoft Corp.", "-f", "json"}).out);
    REQUIRE(show.size() == 1);
    CHECK(show[0]["provenance"].size() == 2);
}

TEST_CASE("bad inputs: missing, binary, invalid UTF-8, empty", "[cli]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("good.txt"), kArticleA);
    write_file(dir.file("binary.bin"), std::string("\x7f"
                                                   "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                                   16) +
                                           std::string(4096, '\0'));
    write_file(dir.file("bad-utf8.txt"),
               "Nvidia acquired Mellanox in 2019 \xff\xfe for $6.9 billion.\n");
    write_file(dir.file("empty.txt"), "");
    auto r = run_kg({"--graph", graph, "ingest", dir.file("missing.txt"), dir.file("good.txt"),
                     dir.file("binary.bin"), dir.file("bad-utf8.txt"), dir.file("empty.txt"),
                     "http://127.0.0.1:9/news"});
    CHECK(r.exit_status == 1);  // the missing path
    CHECK(contains(r.err, "kg: no such file or directory: " + dir.file("missing.txt") + "\n"));
    CHECK(contains(r.err, "kg: http://127.0.0.1:9/news: cannot fetch: "));
    CHECK(contains(r.err, "binary.bin"));
    CHECK(contains(r.err, "bad-utf8.txt"));
    CHECK(contains(r.out, "good.txt: "));
    CHECK(contains(r.out, "empty.txt: 0 sentences"));
    // The missing path, the URL and the binary file are the skipped ones.
    CHECK(contains(r.out, "ingested 3 sources (0 already known, 3 skipped)"));
    // every error or warning is one line naming its input
    std::size_t lines = 0;
    for (char c : r.err) lines += c == '\n';
    CHECK(lines == 4);
    auto facts = run_kg({"--graph", graph, "facts", "--format", "tsv"}).out;
    CHECK(contains(facts, "Nvidia\tacquired\tMellanox"));
    CHECK(contains(facts, "Microsoft\tinvested-in\tOpenAI"));
}

TEST_CASE("kg extract prints facts as JSON Lines and TSV without a graph", "[cli]") {
    auto r = run_kg({"extract"}, kArticleA);
    REQUIRE(r.exit_status == 0);
    auto rows = json_lines(r.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["subject"] == "Microsoft");
    CHECK(rows[0]["relation"] == "invested-in");
    CHECK(rows[0]["object"] == "OpenAI");
    CHECK(rows[0]["source"] == "-");
    CHECK(contains(rows[0]["sentence"].get<std::string>(), "$1 billion"));
    auto tsv = run_kg({"extract", "--format", "tsv", "-"}, kArticleA);
    CHECK(contains(tsv.out, "subject\trelation\tobject"));
    CHECK(contains(tsv.out, "Microsoft\tinvested-in\tOpenAI\tamount $1B, date 2019"));
}

TEST_CASE("kg parse reads inputs as extract does and keeps CoNLL-U it is given", "[cli][nlp]") {
    TempDir dir;
    std::filesystem::create_directories(dir.file("docs"));
    write_file(dir.file("docs/page.html"),
               "<html><head><title>Deal</title><script>var x = 'Apple bought nothing.';"
               "</script></head><body><p>Zenith Labs bought Orbit.</p></body></html>");
    write_file(dir.file("docs/bad-utf8.txt"), "Nova hired Kim \xff\xfe in May.\n");
    write_file(dir.file("docs/binary.bin"), std::string("\0\x01\x02", 3) + std::string(4096, '\0'));
    auto r = run_kg({"parse", dir.file("docs")});
    CHECK(r.exit_status == 0);
    CHECK(contains(r.err, "bad-utf8.txt: invalid UTF-8 repaired"));
    CHECK(contains(r.err, "binary.bin"));
    CHECK(contains(r.out, "# text = Zenith Labs bought Orbit."));
    CHECK_FALSE(contains(r.out, "script"));
    CHECK_FALSE(contains(r.out, "\xff"));
    CHECK(contains(r.out, "# text = Nova hired Kim \xef\xbf\xbd"));  // U+FFFD
    // Given CoNLL-U, the tokens, sentences, ranges and comments stay as given.
    const std::string given =
        "# newdoc id = d1\n"
        "# sent_id = s1\n"
        "# text = It's done.\n"
        "1-2\tIt's\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tIt\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "2\t's\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "3\tdone\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
        "4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    auto c = run_kg({"parse", "--input-format", "conllu"}, given);
    REQUIRE(c.exit_status == 0);
    CHECK(contains(c.out, "# newdoc id = d1\n# sent_id = s1\n# text = It's done.\n1-2\tIt's\t"));
    CHECK(contains(c.out, "\n1\tIt\tit\tPRON\t"));
    CHECK(contains(c.out, "\n4\t.\t.\tPUNCT\t"));
    CHECK(run_kg({"parse", dir.file("missing.txt")}).exit_status == 1);
}

TEST_CASE("the seed article gives the product's two facts and nothing from its leftovers",
          "[cli][seed]") {
    if (!kg::test::have_shared()) {
        WARN("skipped: ../shared/articles is not here (a user's fresh clone has no shared data)");
        return;
    }
    TempDir dir;
    const auto graph = dir.file("g.db");
    const auto article = kg::test::shared_dir() + "/articles/openai-microsoft-partnership.txt";
    REQUIRE(run_kg({"--graph", graph, "ingest", article}).exit_status == 0);
    auto facts = json_lines(run_kg({"--graph", graph, "facts", "--format", "json"}).out);
    std::vector<std::string> shown;
    for (const auto& f : facts)
        shown.push_back(f["subject"].get<std::string>() + " " + f["relation"].get<std::string>() +
                        " " + f["object"].get<std::string>());
    CAPTURE(shown);
    CHECK(std::count(shown.begin(), shown.end(), "Microsoft invested-in OpenAI") == 1);
    CHECK(std::count(shown.begin(), shown.end(), "OpenAI valued-at $150B") == 1);
    const std::vector<std::string> leftovers{"Amazon",   "KRAFTON", "BlackRock",
                                             "HTTPS",    "CAPTCHA", "Related",
                                             "Security", "Browser", "Tech Deals"};
    for (const auto& f : facts)
        for (const auto& word : leftovers) {
            CHECK_FALSE(contains(f["subject"].get<std::string>(), word));
            CHECK_FALSE(contains(f["object"].get<std::string>(), word));
        }
}

TEST_CASE("export writes DOT and JSON-LD", "[cli][export]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("a.txt"), kArticleA);
    REQUIRE(run_kg({"--graph", graph, "ingest", dir.file("a.txt")}).exit_status == 0);
    auto dot = run_kg({"--graph", graph, "export", "--format", "dot"});
    REQUIRE(dot.exit_status == 0);
    CHECK(contains(dot.out, "digraph"));
    CHECK(contains(dot.out, "invested-in"));
    REQUIRE(run_kg({"--graph", graph, "export", "--format", "jsonld", "-o", dir.file("g.jsonld")})
                .exit_status == 0);
    std::ifstream in(dir.file("g.jsonld"));
    auto doc = nlohmann::json::parse(in);
    CHECK(doc.contains("@context"));
    CHECK(doc.contains("@graph"));
    // A file in a directory that does not exist: said so, and nothing written.
    auto nowhere = run_kg({"--graph", graph, "export", "-o", dir.file("no/such/dir/g.dot")});
    CHECK(nowhere.exit_status == 1);
    CHECK(contains(nowhere.err, "cannot write export: no directory "));
}

TEST_CASE("export writes GraphML, Neo4j CSV and neighbourhoods", "[cli][export]") {
    TempDir dir;
    const auto graph = dir.file("g.db");
    write_file(dir.file("a.txt"), kArticleA);
    write_file(dir.file("c.txt"),
               "Other news\n\nAmazon invested $4 billion in Anthropic in 2023.\n");
    write_file(dir.file("d.txt"),
               "A denial\n\nPfizer did not acquire Zenith Labs, the companies said.\n");
    REQUIRE(run_kg({"--graph", graph, "ingest", dir.file("a.txt"), dir.file("c.txt"),
                    dir.file("d.txt")})
                .exit_status == 0);

    // The format follows the file's extension unless --format names one.
    REQUIRE(run_kg({"--graph", graph, "export", "-o", dir.file("g.graphml")}).exit_status == 0);
    std::ifstream graphml_in(dir.file("g.graphml"));
    const std::string graphml((std::istreambuf_iterator<char>(graphml_in)), {});
    CHECK(contains(graphml, "<graphml "));
    CHECK(contains(graphml, ">invested-in</data>"));
    CHECK(contains(graphml, ">Anthropic</data>"));
    REQUIRE(run_kg({"--graph", graph, "export", "-f", "dot", "-o", dir.file("g.graphml")})
                .exit_status == 0);
    std::ifstream dot_in(dir.file("g.graphml"));
    CHECK(std::string((std::istreambuf_iterator<char>(dot_in)), {}).starts_with("digraph"));

    // Neo4j: two files in a directory, which is created.
    REQUIRE(run_kg({"--graph", graph, "export", "-f", "neo4j", "-o", dir.file("neo/import")})
                .exit_status == 0);
    std::ifstream nodes_in(dir.file("neo/import/nodes.csv"));
    std::ifstream rels_in(dir.file("neo/import/relationships.csv"));
    const std::string nodes((std::istreambuf_iterator<char>(nodes_in)), {});
    const std::string rels((std::istreambuf_iterator<char>(rels_in)), {});
    CHECK(nodes.starts_with("id:ID,:LABEL,name,"));
    CHECK(contains(nodes, ",Organization,Microsoft,"));
    CHECK(rels.starts_with(":START_ID,:END_ID,:TYPE,"));
    CHECK(contains(rels, ",invested-in,"));
    auto to_stdout = run_kg({"--graph", graph, "export", "-f", "neo4j"});
    CHECK(to_stdout.exit_status == 1);
    CHECK(contains(to_stdout.err, "name a directory with -o DIR"));
    auto onto_file = run_kg({"--graph", graph, "export", "-f", "neo4j", "-o", dir.file("a.txt")});
    CHECK(onto_file.exit_status == 1);
    CHECK(contains(onto_file.err, "name a directory, not a file"));

    // --around: only Microsoft's corner of the graph.
    auto around = run_kg({"--graph", graph, "export", "-f", "graphml", "--around", "Microsoft"});
    REQUIRE(around.exit_status == 0);
    CHECK(contains(around.out, ">Microsoft</data>"));
    CHECK(contains(around.out, ">OpenAI</data>"));
    CHECK_FALSE(contains(around.out, "Anthropic"));
    auto both = run_kg({"--graph", graph, "export", "--around", "Microsoft", "--around",
                        "Anthropic", "--depth", "2"});
    REQUIRE(both.exit_status == 0);
    CHECK(contains(both.out, "Anthropic"));
    CHECK(contains(both.out, "OpenAI"));
    // Two names: the facts between their neighbourhoods come along.
    write_file(dir.file("e.txt"), "Supply\n\nOpenAI supplies Anthropic, the companies said.\n");
    REQUIRE(run_kg({"--graph", graph, "ingest", dir.file("e.txt")}).exit_status == 0);
    auto linked = run_kg({"--graph", graph, "export", "-f", "graphml", "--around", "Microsoft",
                          "--around", "Amazon"});
    REQUIRE(linked.exit_status == 0);
    CHECK(contains(linked.out, ">supplied</data>"));

    // A denial is part of what is known about an entity.
    auto denial = run_kg({"--graph", graph, "export", "-f", "graphml", "--around", "Pfizer"});
    REQUIRE(denial.exit_status == 0);
    CHECK(contains(denial.out, ">Zenith Labs</data>"));
    CHECK(contains(denial.out, ">not-acquired</data>"));
    auto nobody = run_kg({"--graph", graph, "export", "--around", "Nobody Inc"});
    CHECK(nobody.exit_status == 1);
    CHECK(contains(nobody.err, "no entity named 'Nobody Inc'"));
    CHECK(run_kg({"--graph", graph, "export", "--depth", "2"}).exit_status == 2);  // needs --around
}

TEST_CASE("a huge file with no newline neither crashes nor runs out of memory", "[cli][big]") {
    // Every sentence is tagged and parsed (~100k tokens/s in Release), so the
    // size is what shows streaming without making the suite slow: memory
    // must stay flat whatever the size.
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
    constexpr std::size_t kMegabytes = 1;  // sanitized and debug builds are many times slower
#else
    constexpr std::size_t kMegabytes = 16;
#endif
    TempDir dir;
    const std::string phrase =
        "Acme acquired Widget for $5 million while the market shrugged and analysts argued ";
    std::string text;
    text.reserve(kMegabytes << 20);
    while (text.size() < (kMegabytes << 20)) text += phrase;
    write_file(dir.file("huge.txt"), text);
    text = std::string();

    auto r = run_kg({"--graph", dir.file("g.db"), "ingest", dir.file("huge.txt")});
    REQUIRE(r.exit_status == 0);
    CHECK(contains(r.out, "huge.txt: "));
    CHECK(contains(r.out, "1 facts added"));
    struct rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    INFO("largest child resident set: " << usage.ru_maxrss / 1024 << " MiB");
    CHECK(usage.ru_maxrss < 1L * 1024 * 1024);  // KiB: under 1 GiB
}
