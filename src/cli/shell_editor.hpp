// The line editor kg shell reads a terminal with: libedit (BSD-licensed)
// with emacs key bindings, a history kept in a file across sessions, and
// Tab bound to a completion function. One per process (libedit keeps the
// terminal in its own mode while reading a line).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "shell_completion.hpp"

struct editline;
struct history;

namespace kg::cli {

class LineEditor {
  public:
    // `history_file` may be empty (no history kept). `complete` gets the
    // current line up to the cursor.
    LineEditor(const char* program, std::string history_file,
               std::function<Completion(std::string_view)> complete);
    ~LineEditor();
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    // One line without its newline; nullopt at end of input (Ctrl-D on an
    // empty line). Ctrl-C abandons the line and returns "" with
    // `interrupted()` true.
    std::optional<std::string> read_line(const std::string& prompt);
    bool interrupted() const { return interrupted_; }

    // Adds an entry to the history and saves the history file.
    void remember(const std::string& entry);

  private:
    static char* prompt_of(editline* el);
    static unsigned char on_tab(editline* el, int key);

    editline* el_ = nullptr;
    history* history_ = nullptr;
    std::string history_file_;
    std::string prompt_;
    std::function<Completion(std::string_view)> complete_;
    bool interrupted_ = false;
};

}  // namespace kg::cli
