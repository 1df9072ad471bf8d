// Ctrl-C (and, for commands that write files, kill's SIGTERM and a closed
// terminal's SIGHUP) as a request to stop cleanly instead of the end of kg:
// while a CancelOnSignal lives, those signals set a flag that long work
// polls (query limits, export streams), so it can stop, clean up and say so.
// A signal handler can reach nothing but a global flag: this is the one.
#pragma once

#include <atomic>
#include <csignal>

namespace kg::cli {

class CancelOnSignal {
  public:
    // `active` false: does nothing (kg shell reading a script, not a person).
    explicit CancelOnSignal(bool active = true, bool also_terminate = false);
    ~CancelOnSignal();
    CancelOnSignal(const CancelOnSignal&) = delete;
    CancelOnSignal& operator=(const CancelOnSignal&) = delete;

    // The flag the signals set; null when inactive.
    const std::atomic<bool>* flag() const;

  private:
    bool active_, terminate_;
    struct sigaction previous_int_ {
    }, previous_term_{}, previous_hup_{};
};

}  // namespace kg::cli
