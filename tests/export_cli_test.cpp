// kg export's files: all or nothing, written where the user meant (through
// symlinks and pipes, keeping permissions), and clean after a failure or a
// Ctrl-C.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <thread>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using kg::test::contains;
using kg::test::run_kg;
using kg::test::TempDir;
using kg::test::write_file;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Files in `dir` whose name holds ".tmp": what an export must not leave.
int temporaries(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().find(".tmp") != std::string::npos;
    return n;
}

// A graph of `n` synthetic facts, imported as triples.
std::string triples_graph(TempDir& dir, int n) {
    std::string tsv;
    for (int i = 0; i < n; ++i)
        tsv += "Firm " + std::to_string(i) + "\tacquired\tShop " + std::to_string(i % 997) + "\n";
    write_file(dir.file("t.tsv"), tsv);
    const auto graph = dir.file("t.db");
    REQUIRE(
        run_kg({"--graph", graph, "--quiet", "import", "--tsv", dir.file("t.tsv")}).exit_status ==
        0);
    return graph;
}

}  // namespace

TEST_CASE("export writes through symlinks and pipes and keeps permissions", "[cli][export]") {
    TempDir dir;
    const auto graph = triples_graph(dir, 3);

    // A symlink stays a link; the file it points to gets the export.
    write_file(dir.file("target.dot"), "old");
    fs::create_symlink(dir.file("target.dot"), dir.file("link.dot"));
    REQUIRE(run_kg({"--graph", graph, "export", "-o", dir.file("link.dot")}).exit_status == 0);
    CHECK(fs::is_symlink(dir.file("link.dot")));
    CHECK(read_all(dir.file("target.dot")).starts_with("digraph"));

    // A replaced file keeps its permissions.
    write_file(dir.file("private.nt"), "old");
    fs::permissions(dir.file("private.nt"), fs::perms::owner_read | fs::perms::owner_write);
    REQUIRE(run_kg({"--graph", graph, "export", "-o", dir.file("private.nt")}).exit_status == 0);
    CHECK(fs::status(dir.file("private.nt")).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(contains(read_all(dir.file("private.nt")), "<urn:kg:relation:acquired>"));

    // A FIFO is written to, not replaced by a file.
    const auto fifo = dir.file("pipe.graphml");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto reader = std::async(std::launch::async, [&] { return read_all(fifo); });
    REQUIRE(run_kg({"--graph", graph, "export", "-o", fifo}).exit_status == 0);
    CHECK(contains(reader.get(), "<graphml"));
    CHECK(fs::is_fifo(fifo));
    CHECK(temporaries(dir.path()) == 0);
}

TEST_CASE("export says what it cannot do, in one line, and writes nothing", "[cli][export]") {
    TempDir dir;
    const auto graph = triples_graph(dir, 3);
    auto unknown = run_kg({"--graph", graph, "export", "-o", dir.file("graph.json")});
    CHECK(unknown.exit_status == 1);
    CHECK(contains(unknown.err,
                   "graph.json: cannot tell the export format from the file name; "
                   "name one with --format (dot, svg, png, jsonld, nt, graphml, "
                   "neo4j)"));
    CHECK_FALSE(fs::exists(dir.file("graph.json")));
    CHECK(run_kg({"--graph", graph, "export", "--format", "JSONLD", "-o", dir.file("graph.json")})
              .exit_status == 0);

    fs::create_directory(dir.file("out"));
    auto directory = run_kg({"--graph", graph, "export", "-f", "dot", "-o", dir.file("out")});
    CHECK(directory.exit_status == 1);
    CHECK(contains(directory.err, "out: is a directory"));

    // No room: the old file stays and no temporary is left behind.
    write_file(dir.file("full.nt"), "old");
    const auto big = triples_graph(dir, 2000);
    auto full = kg::run_process({"bash", "-c",
                                 "ulimit -f 1024; trap '' XFSZ; exec \"$0\" --graph \"$1\" export "
                                 "-o \"$2\"",
                                 KG_BINARY, big, dir.file("full.nt")});
    INFO(full.err);
    CHECK(full.exit_status == 1);
    CHECK(contains(full.err, "full.nt: cannot write export: File too large"));
    CHECK(read_all(dir.file("full.nt")) == "old");
    CHECK(temporaries(dir.path()) == 0);
}

TEST_CASE("Ctrl-C during an export leaves the old file and no temporary", "[cli][export]") {
    TempDir dir;
    const auto graph = triples_graph(dir, 40000);
    write_file(dir.file("g.nt"), "old");
    int err_pipe[2];
    REQUIRE(pipe(err_pipe) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        dup2(err_pipe[1], 2);
        close(err_pipe[0]);
        execl(KG_BINARY, KG_BINARY, "--graph", graph.c_str(), "export", "-o",
              dir.file("g.nt").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(err_pipe[1]);
    // Interrupt once the export has started writing its temporary file.
    bool writing = false;
    for (int tries = 0; tries < 20000 && !writing; ++tries) {
        writing = temporaries(dir.path()) > 0;
        if (!writing) std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    kill(child, SIGINT);
    int status = 0;
    waitpid(child, &status, 0);
    std::string err;
    char buf[512];
    for (ssize_t n; (n = read(err_pipe[0], buf, sizeof buf)) > 0;) err.append(buf, n);
    close(err_pipe[0]);
    INFO("stderr: " << err);
    REQUIRE(writing);  // else the machine was too fast for this graph: make it bigger
    // Stopped cleanly (or finished just before the signal landed).
    REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 1) {
        CHECK(contains(err, "g.nt: export interrupted; the file was left as it was"));
        CHECK(read_all(dir.file("g.nt")) == "old");
    } else {
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(contains(read_all(dir.file("g.nt")), "<urn:kg:relation:acquired>"));
    }
    CHECK(temporaries(dir.path()) == 0);
}
