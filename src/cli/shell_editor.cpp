#include "shell_editor.hpp"

#include <histedit.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <iostream>

#include "kg/error.hpp"

namespace kg::cli {
namespace {

volatile sig_atomic_t g_interrupted = 0;

extern "C" void note_interrupt(int) {
    g_interrupted = 1;
}

// Ctrl-C while a line is read abandons the line instead of ending kg: the
// handler is installed without SA_RESTART so the read returns EINTR.
class InterruptGuard {
  public:
    InterruptGuard() {
        struct sigaction sa {};
        sa.sa_handler = note_interrupt;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_);
        g_interrupted = 0;
    }
    ~InterruptGuard() { sigaction(SIGINT, &old_, nullptr); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

  private:
    struct sigaction old_ {};
};

LineEditor* owner(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return static_cast<LineEditor*>(data);
}

}  // namespace

LineEditor::LineEditor(const char* program, std::string history_file,
                       std::function<Completion(std::string_view)> complete)
    : history_file_(std::move(history_file)), complete_(std::move(complete)) {
    el_ = el_init(program, stdin, stdout, stderr);
    if (!el_) throw Error("cannot start the line editor (libedit)");
    history_ = history_init();
    HistEvent ev;
    history(history_, &ev, H_SETSIZE, 1000);
    history(history_, &ev, H_SETUNIQUE, 1);
    if (!history_file_.empty()) history(history_, &ev, H_LOAD, history_file_.c_str());
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_HIST, history, history_);
    el_set(el_, EL_PROMPT, &LineEditor::prompt_of);
    // The wide call keeps pointers to these literals; the narrow one copies
    // them and never frees the copies.
    el_wset(el_, EL_ADDFN, L"kg-complete", L"complete a keyword, name or type",
            &LineEditor::on_tab);
    el_set(el_, EL_BIND, "^I", "kg-complete", nullptr);
}

LineEditor::~LineEditor() {
    if (history_) {
        if (!history_file_.empty()) {
            HistEvent ev;
            history(history_, &ev, H_SAVE, history_file_.c_str());
        }
        history_end(history_);
    }
    if (el_) el_end(el_);
}

char* LineEditor::prompt_of(EditLine* el) {
    return owner(el)->prompt_.data();
}

unsigned char LineEditor::on_tab(EditLine* el, int) {
    LineEditor* self = owner(el);
    const LineInfo* info = el_line(el);
    const std::string_view line(info->buffer,
                                static_cast<std::size_t>(info->cursor - info->buffer));
    const Completion c = self->complete_(line);
    if (c.candidates.empty()) return CC_REFRESH_BEEP;
    const std::string_view typed = line.substr(c.replace_from);
    std::string replacement = c.candidates.size() == 1 && c.total == 1
                                  ? c.candidates.front() + c.suffix
                                  : common_prefix(c.candidates);
    if (replacement.size() > typed.size() || (c.total == 1 && replacement != typed)) {
        el_deletestr(el, static_cast<int>(typed.size()));
        el_insertstr(el, replacement.c_str());
        return CC_REFRESH;
    }
    // Nothing more to add: list the choices under the line.
    std::fputc('\n', stdout);
    for (const auto& candidate : c.candidates) std::fprintf(stdout, "  %s\n", candidate.c_str());
    if (c.total > c.candidates.size())
        std::fprintf(stdout, "  ... and %zu more\n", c.total - c.candidates.size());
    std::fflush(stdout);
    return CC_REDISPLAY;
}

std::optional<std::string> LineEditor::read_line(const std::string& prompt) {
    prompt_ = prompt;
    interrupted_ = false;
    InterruptGuard guard;
    int count = 0;
    const char* line = el_gets(el_, &count);
    if (g_interrupted) {
        // libedit keeps what was typed; start the next line afresh.
        interrupted_ = true;
        el_reset(el_);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        return std::string();
    }
    if (!line || count <= 0) return std::nullopt;
    std::string text(line, static_cast<std::size_t>(count));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

void LineEditor::remember(const std::string& entry) {
    if (entry.find_first_not_of(" \t") == std::string::npos) return;
    HistEvent ev;
    history(history_, &ev, H_ENTER, entry.c_str());
    if (!history_file_.empty()) history(history_, &ev, H_SAVE, history_file_.c_str());
}

}  // namespace kg::cli
