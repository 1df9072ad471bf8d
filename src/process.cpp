#include "kg/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "kg/error.hpp"

extern char** environ;

namespace kg {
namespace {

[[noreturn]] void throw_system(const char* what) {
    throw Error(std::string("kg: cannot run a program: ") + what + ": " + std::strerror(errno));
}

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
};

// Keeps pipe ends off 0..2: dup2(fd, fd) in the child would leave close-on-exec
// set, and the child's stdio would vanish at exec when the caller has closed its own.
UniqueFd above_stdio(UniqueFd fd) {
    if (fd.get() > 2) return fd;
    int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0) throw_system("fcntl");
    return UniqueFd(moved);
}

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

// Close-on-exec so that a program started concurrently by another thread
// does not inherit our ends (it would hold stdout open and we would never see EOF).
Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw_system("pipe");
    UniqueFd r(fds[0]);
    UniqueFd w(fds[1]);
    return Pipe{above_stdio(std::move(r)), above_stdio(std::move(w))};
}

class FileActions {
  public:
    FileActions() {
        if (int rc = posix_spawn_file_actions_init(&actions_); rc != 0) {
            errno = rc;
            throw_system("posix_spawn_file_actions_init");
        }
    }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
    ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }

    void dup2(int from, int to) {
        if (int rc = posix_spawn_file_actions_adddup2(&actions_, from, to); rc != 0) {
            errno = rc;
            throw_system("posix_spawn_file_actions_adddup2");
        }
    }
    const posix_spawn_file_actions_t* get() const { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_;
};

class SpawnAttr {
  public:
    SpawnAttr() {
        if (int rc = posix_spawnattr_init(&attr_); rc != 0) {
            errno = rc;
            throw_system("posix_spawnattr_init");
        }
    }
    SpawnAttr(const SpawnAttr&) = delete;
    SpawnAttr& operator=(const SpawnAttr&) = delete;
    ~SpawnAttr() { posix_spawnattr_destroy(&attr_); }

    posix_spawnattr_t* get() { return &attr_; }

  private:
    posix_spawnattr_t attr_;
};

// Blocks SIGPIPE in this thread while we write to the child, so a child that
// exits without reading gives us EPIPE instead of killing the whole process.
// A SIGPIPE raised by our own write is consumed before the mask is restored.
// (No process-wide signal disposition is touched.)
class SigpipeBlock {
  public:
    SigpipeBlock() {
        sigemptyset(&pipe_only_);
        sigaddset(&pipe_only_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_only_, &old_mask_);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;
    ~SigpipeBlock() {
        if (raised_ && !was_pending_) {
            timespec zero{};
            while (sigtimedwait(&pipe_only_, nullptr, &zero) == SIGPIPE) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    }

    void note_epipe() { raised_ = true; }
    const sigset_t& caller_mask() const { return old_mask_; }

  private:
    sigset_t pipe_only_;
    sigset_t old_mask_;
    bool was_pending_ = false;
    bool raised_ = false;
};

// PATH lookup done here rather than by posix_spawnp: some libcs (and valgrind)
// report a failed exec only as exit status 127, and callers need to tell
// "not installed" from "failed".
std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* env = std::getenv("PATH");
    std::string_view path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        std::size_t colon = path.find(':');
        std::string dir(path.substr(0, colon));
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        if (colon == std::string_view::npos) return {};
        path.remove_prefix(colon + 1);
    }
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_system("waitpid");
    }
    return status;
}

// Feeds stdin and drains stdout/stderr until the child has closed both outputs.
void pump(UniqueFd& in, std::string_view data, UniqueFd& out, UniqueFd& err, RunResult& result,
          SigpipeBlock& sigpipe) {
    std::size_t written = 0;
    if (data.empty()) in.reset();
    if (in.valid()) {
        int flags = ::fcntl(in.get(), F_GETFL);
        if (flags < 0 || ::fcntl(in.get(), F_SETFL, flags | O_NONBLOCK) < 0) throw_system("fcntl");
    }
    std::array<char, 65536> buffer;
    while (out.valid() || err.valid() || in.valid()) {
        std::array<pollfd, 3> fds{};
        nfds_t n = 0;
        int in_slot = -1, out_slot = -1, err_slot = -1;
        if (in.valid()) {
            in_slot = static_cast<int>(n);
            fds[n++] = {in.get(), POLLOUT, 0};
        }
        if (out.valid()) {
            out_slot = static_cast<int>(n);
            fds[n++] = {out.get(), POLLIN, 0};
        }
        if (err.valid()) {
            err_slot = static_cast<int>(n);
            fds[n++] = {err.get(), POLLIN, 0};
        }
        if (::poll(fds.data(), n, -1) < 0) {
            if (errno == EINTR) continue;
            throw_system("poll");
        }
        if (in_slot >= 0 && fds[in_slot].revents != 0) {
            ssize_t w = ::write(in.get(), data.data() + written, data.size() - written);
            if (w > 0) {
                written += static_cast<std::size_t>(w);
                if (written == data.size()) in.reset();
            } else if (w < 0 && errno == EPIPE) {
                sigpipe.note_epipe();
                in.reset();  // the child stopped reading; what it printed still counts
            } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                throw_system("write");
            }
        }
        auto drain = [&](int slot, UniqueFd& fd, std::string& sink) {
            if (slot < 0 || fds[slot].revents == 0) return;
            ssize_t r = ::read(fd.get(), buffer.data(), buffer.size());
            if (r > 0) {
                sink.append(buffer.data(), static_cast<std::size_t>(r));
            } else if (r == 0) {
                fd.reset();
            } else if (errno != EAGAIN && errno != EINTR) {
                throw_system("read");
            }
        };
        drain(out_slot, out, result.out);
        drain(err_slot, err, result.err);
    }
}

}  // namespace

RunResult run_process(const std::vector<std::string>& argv, std::string_view stdin_data) {
    if (argv.empty()) throw Error("kg: cannot run a program: empty command line");
    RunResult result;
    const std::string program = find_program(argv[0]);
    if (program.empty()) {
        result.spawn_error = ENOENT;
        return result;
    }

    Pipe in = make_pipe();
    Pipe out = make_pipe();
    Pipe err = make_pipe();

    FileActions actions;
    actions.dup2(in.read.get(), STDIN_FILENO);
    actions.dup2(out.write.get(), STDOUT_FILENO);
    actions.dup2(err.write.get(), STDERR_FILENO);

    SigpipeBlock sigpipe;
    SpawnAttr attr;
    // The child starts with the caller's signal mask (not ours, with SIGPIPE
    // blocked) and default SIGPIPE handling, even if the caller ignores it.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(attr.get(), &sigpipe.caller_mask());
    posix_spawnattr_setsigdefault(attr.get(), &defaults);
    posix_spawnattr_setflags(attr.get(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> args = argv;
    std::vector<char*> cargs;
    cargs.reserve(args.size() + 1);
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);

    pid_t pid = 0;
    if (int rc =
            posix_spawn(&pid, program.c_str(), actions.get(), attr.get(), cargs.data(), environ);
        rc != 0) {
        result.spawn_error = rc;
        return result;
    }
    // Our copies of the child's ends must go, or we would never see EOF.
    in.read.reset();
    out.write.reset();
    err.write.reset();

    try {
        pump(in.write, stdin_data, out.read, err.read, result, sigpipe);
    } catch (...) {
        ::kill(pid, SIGKILL);
        in.write.reset();
        out.read.reset();
        err.read.reset();
        wait_for(pid);
        throw;
    }

    int status = wait_for(pid);
    if (WIFEXITED(status)) {
        result.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.term_signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace kg
