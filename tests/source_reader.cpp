#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "kg/source/leftovers.hpp"
#include "kg/source/reader.hpp"
#include "kg/source/sha256.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed again at scope exit.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("kg-source-test-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    std::string write(const std::string& relative, const std::string& bytes) const {
        fs::path p = path_ / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }

  private:
    fs::path path_;
};

}  // namespace

TEST_CASE("expand_inputs walks directories in sorted order and skips hidden files", "[source]") {
    TempDir dir;
    dir.write("b.txt", "b");
    dir.write("a.md", "a");
    dir.write("sub/c.html", "<p>c</p>");
    dir.write("sub/deeper/d.txt", "d");
    dir.write(".hidden.txt", "h");
    dir.write(".git/config", "x");
    dir.write("sub/.cache/e.txt", "e");
    fs::create_directories(dir.path() / "empty");
    std::error_code ec;
    fs::create_directory_symlink(dir.path() / "sub", dir.path() / "loop", ec);  // not followed

    std::vector<std::string> errors;
    std::string missing = (dir.path() / "nope.txt").string();
    std::string root = dir.path().string();
    auto inputs = kg::expand_inputs({"-", root, missing, root + "/b.txt"}, errors);

    std::vector<std::string> expected = {"-",
                                         (dir.path() / "a.md").string(),
                                         (dir.path() / "b.txt").string(),
                                         (dir.path() / "sub/c.html").string(),
                                         (dir.path() / "sub/deeper/d.txt").string(),
                                         root + "/b.txt"};
    CHECK(inputs == expected);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "no such file or directory: " + missing);

    // Same call, same order.
    std::vector<std::string> errors2;
    CHECK(kg::expand_inputs({root}, errors2) == kg::expand_inputs({root}, errors2));
}

TEST_CASE("read_document reads text files with title, date and hash", "[source]") {
    TempDir dir;
    std::string bytes =
        "\xEF\xBB\xBF"
        "Acme buys Widget Co\r\n"
        "Published: March 5, 2024\r\n"
        "\r\n"
        "Acme Corp. said on Tuesday it bought Widget Co for $2 billion.\r\n";
    std::string path = dir.write("story.txt", bytes);
    kg::Document doc = kg::read_document(path);
    CHECK(doc.uri == path);
    CHECK(doc.title == "Acme buys Widget Co");
    CHECK(doc.published == "2024-03-05");
    CHECK(doc.text ==
          "Acme buys Widget Co\nAcme Corp. said on Tuesday it bought Widget Co for $2 billion.\n");
    CHECK(doc.content_hash == kg::sha256_hex(bytes));
    CHECK(doc.warnings.empty());
}

TEST_CASE("read_document reads HTML by extension and by content", "[source]") {
    TempDir dir;
    std::string page =
        "<!DOCTYPE html><html><head><title>Acme buys Widget Co</title>"
        "<meta property=\"article:published_time\" content=\"2024-03-05\"></head>"
        "<body><script>x()</script><p>Acme Corp. bought Widget Co.</p>"
        "<p>Related Stories</p><p>Some other headline</p></body></html>";
    for (const char* name : {"page.html", "page.txt"}) {
        INFO(name);
        kg::Document doc = kg::read_document(dir.write(name, page));
        CHECK(doc.title == "Acme buys Widget Co");
        CHECK(doc.published == "2024-03-05");
        CHECK(doc.text == "Acme Corp. bought Widget Co.\n");
    }
}

TEST_CASE("read_document repairs invalid UTF-8 with a warning", "[source]") {
    TempDir dir;
    kg::Document doc = kg::read_document(dir.write("latin1.txt", "Caf\xE9 opens today\n"));
    CHECK(doc.text == "Caf\xEF\xBF\xBD opens today\n");
    REQUIRE(doc.warnings.size() == 1);
    CHECK(doc.warnings[0] == "invalid UTF-8 repaired");
}

TEST_CASE("read_document accepts an empty file", "[source]") {
    TempDir dir;
    kg::Document doc = kg::read_document(dir.write("empty.txt", ""));
    CHECK(doc.text.empty());
    CHECK(doc.title.empty());
    CHECK(doc.content_hash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("binary input throws BinaryInput, unreadable input kg::Error", "[source]") {
    TempDir dir;
    std::string with_nul = dir.write("image.png", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
    CHECK_THROWS_AS(kg::read_document(with_nul), kg::BinaryInput);

    std::string controls;
    for (int i = 0; i < 1000; ++i) controls += (i % 3 == 0) ? '\x01' : 'a';
    CHECK(kg::looks_binary(controls));
    CHECK_THROWS_AS(kg::document_from_bytes("-", controls), kg::BinaryInput);
    CHECK_FALSE(kg::looks_binary("Tabs\tand\fform feeds\r\nare text\x1B[0m"));
    CHECK_FALSE(kg::looks_binary(""));

    std::string missing = (dir.path() / "missing.txt").string();
    try {
        kg::read_document(missing);
        FAIL("no exception");
    } catch (const kg::BinaryInput&) {
        FAIL("wrong exception type");
    } catch (const kg::Error& e) {
        CHECK(std::string(e.what()) == missing + ": No such file or directory");
    }
    CHECK_THROWS_AS(kg::read_document(dir.path().string()), kg::Error);
}

TEST_CASE("detect_format uses the extension, then the content", "[source]") {
    CHECK(kg::detect_format("a.HTM", "") == kg::Format::Html);
    CHECK(kg::detect_format("notes.md", "<html>") == kg::Format::Markdown);
    CHECK(kg::detect_format("x.txt", "\n  <!doctype HTML><p>") == kg::Format::Html);
    CHECK(kg::detect_format("-", "<html lang=en>") == kg::Format::Html);
    CHECK(kg::detect_format("-", "Plain <html> later") == kg::Format::Text);
    CHECK(kg::detect_format("https://example.com/a.html?x=1.txt", "") == kg::Format::Html);
    CHECK(kg::detect_format("dir.v2/README", "text") == kg::Format::Text);
}

TEST_CASE("document_from_bytes honours an explicit format", "[source]") {
    kg::Document md =
        kg::document_from_bytes("notes", "# Heading\n\nSome *text* here.\n", kg::Format::Markdown);
    CHECK(md.title == "Heading");
    CHECK(md.text == "Heading\nSome text here.\n");
    kg::Document html = kg::document_from_bytes("page", "<p>one</p><p>two</p>", kg::Format::Html);
    CHECK(html.text == "one\ntwo\n");
    CHECK(html.uri == "page");
}

TEST_CASE("the cleaning pipeline is linear on one huge line", "[source]") {
#ifdef NDEBUG
    constexpr std::size_t kSize = 20 * 1024 * 1024;
#else
    constexpr std::size_t kSize = 5 * 1024 * 1024;  // Debug and sanitizer builds are slow
#endif
    // Words, escapes, brackets, markup characters and no newline at all.
    const std::string unit = "Acme said \\'no\\' [to \\u2019 *the* deal] <b>& more... and. ";
    std::string line;
    line.reserve(kSize + unit.size());
    while (line.size() < kSize) line += unit;

    auto start = std::chrono::steady_clock::now();
    std::string cleaned = kg::remove_page_leftovers(line);
    kg::Document text = kg::document_from_bytes("big.txt", line);
    kg::Document md = kg::document_from_bytes("big.md", line);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    CHECK(cleaned.size() > kSize / 2);
    CHECK(text.title.empty());
    CHECK(text.text.size() > kSize / 2);
    CHECK(md.text.size() > kSize / 2);
    // Not a benchmark (tools/bench_ingest measures speed): a guard that would
    // only trip on quadratic work, which takes hours at this size, so that a
    // loaded machine running tests in parallel cannot make it flaky.
    CHECK(seconds < 300.0);
}
