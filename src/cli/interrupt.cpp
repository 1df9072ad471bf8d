#include "interrupt.hpp"

namespace kg::cli {
namespace {

std::atomic<bool> cancel_requested{false};

extern "C" void on_cancel_signal(int) {
    cancel_requested.store(true);
}

}  // namespace

CancelOnSignal::CancelOnSignal(bool active, bool also_terminate)
    : active_(active), terminate_(also_terminate) {
    if (!active_) return;
    cancel_requested.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_cancel_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &previous_int_);
    if (terminate_) {
        sigaction(SIGTERM, &sa, &previous_term_);
        sigaction(SIGHUP, &sa, &previous_hup_);
    }
}

CancelOnSignal::~CancelOnSignal() {
    if (!active_) return;
    sigaction(SIGINT, &previous_int_, nullptr);
    if (terminate_) {
        sigaction(SIGTERM, &previous_term_, nullptr);
        sigaction(SIGHUP, &previous_hup_, nullptr);
    }
}

const std::atomic<bool>* CancelOnSignal::flag() const {
    return active_ ? &cancel_requested : nullptr;
}

}  // namespace kg::cli
