#include "kg/export/render.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include "kg/error.hpp"
#include "kg/process.hpp"

namespace kg {
namespace {

std::string first_line(std::string_view text) {
    while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
    std::string_view line = text.substr(0, text.find_first_of("\r\n"));
    return std::string(line);
}

}  // namespace

std::string render_graphviz(std::string_view dot, std::string_view format) {
    const std::string fmt(format);
    if (fmt != "svg" && fmt != "png") {
        throw Error("kg: cannot render '" + fmt + "': supported formats are svg and png");
    }
    RunResult run = run_process({"dot", "-T" + fmt}, dot);
    if (run.spawn_error == ENOENT) {
        throw Error("kg: cannot render " + fmt +
                    ": the 'dot' program (Debian package graphviz) was not found");
    }
    if (!run.started()) {
        throw Error("kg: cannot render " + fmt +
                    ": cannot run 'dot': " + std::strerror(run.spawn_error));
    }
    if (!run.ok()) {
        std::string why = first_line(run.err);
        if (why.empty()) {
            why = run.term_signal != 0 ? "killed by signal " + std::to_string(run.term_signal)
                                       : "exit status " + std::to_string(run.exit_status);
        }
        throw Error("kg: cannot render " + fmt + ": dot failed: " + why);
    }
    return std::move(run.out);
}

}  // namespace kg
