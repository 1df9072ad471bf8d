// Timing for the benchmarks in tools/: wall-clock seconds since a start, and
// CPU time. On a shared machine wall time also counts the time other
// processes held the core; CPU time is what this thread (or process) used.
#pragma once

#include <time.h>

#include <chrono>

namespace kg::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double cpu_seconds(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
inline double thread_cpu_seconds() {
    return cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
}
inline double process_cpu_seconds() {
    return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

}  // namespace kg::bench
