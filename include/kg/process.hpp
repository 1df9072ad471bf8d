// Runs another program without a shell and collects what it prints. It
// promises: argv is passed as-is (no word splitting, no quoting pitfalls);
// stdin is fed while stdout and stderr are drained, so no amount of data in
// either direction can deadlock; no file descriptor leaks into the child or
// survives the call; a child that exits early without reading stdin does not
// kill the caller with SIGPIPE.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct RunResult {
    // errno from starting the program (ENOENT: not on PATH); 0 when it ran.
    // When non-zero, nothing else below is meaningful.
    int spawn_error = 0;
    int exit_status = -1;  // the exit code; -1 when killed by a signal
    int term_signal = 0;   // the signal that killed it, 0 otherwise
    std::string out;       // everything written to stdout (bytes, may be binary)
    std::string err;       // everything written to stderr

    bool started() const { return spawn_error == 0; }
    bool ok() const { return spawn_error == 0 && exit_status == 0; }
};

// Runs argv[0] (looked up on $PATH as execvp would, when it has no '/')
// with argv as its arguments and the caller's environment, writes
// `stdin_data` to its stdin then closes it, and waits for it to exit. A
// program that cannot be started is reported through RunResult::spawn_error,
// not thrown, so callers can word their own "not installed" message. Throws
// kg::Error only when the system itself fails (no pipes) or argv is empty.
RunResult run_process(const std::vector<std::string>& argv, std::string_view stdin_data = {});

}  // namespace kg
