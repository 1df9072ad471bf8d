#include <catch2/catch.hpp>

#include <cerrno>
#include <string>

#include "kg/process.hpp"

TEST_CASE("run_process passes large stdin through without deadlock", "[process][export]") {
    // Larger than any pipe buffer in both directions at once.
    std::string data;
    for (int i = 0; data.size() < 3 * 1024 * 1024; ++i) data += "line " + std::to_string(i) + "\n";
    kg::RunResult r = kg::run_process({"cat"}, data);
    REQUIRE(r.ok());
    CHECK(r.out == data);
    CHECK(r.err.empty());
}

TEST_CASE("run_process reports exit status and stderr", "[process][export]") {
    kg::RunResult r = kg::run_process({"sh", "-c", "echo out; echo 'it broke' >&2; exit 3"});
    REQUIRE(r.started());
    CHECK_FALSE(r.ok());
    CHECK(r.exit_status == 3);
    CHECK(r.out == "out\n");
    CHECK(r.err == "it broke\n");
}

TEST_CASE("run_process passes arguments verbatim, without a shell", "[process][export]") {
    kg::RunResult r = kg::run_process({"printf", "%s|", "a b", "$HOME", "'q'"});
    REQUIRE(r.ok());
    CHECK(r.out == "a b|$HOME|'q'|");
}

TEST_CASE("run_process survives a child that ignores its stdin", "[process][export]") {
    std::string data(4 * 1024 * 1024, 'x');
    kg::RunResult r = kg::run_process({"true"}, data);  // would raise SIGPIPE in the caller
    REQUIRE(r.ok());
    CHECK(r.out.empty());
}

TEST_CASE("run_process reports a missing program instead of throwing", "[process][export]") {
    kg::RunResult r = kg::run_process({"kg-no-such-program-xyz"}, "input");
    CHECK_FALSE(r.started());
    CHECK(r.spawn_error == ENOENT);
}
