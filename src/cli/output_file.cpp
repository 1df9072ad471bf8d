#include "output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kg/error.hpp"

namespace kg::cli {

namespace fs = std::filesystem;

// A file buffer that stops the writer when asked to and turns write errors
// into kg::Error with the system's reason (ENOSPC: "No space left on device").
class OutputFile::Buffer : public std::filebuf {
  public:
    Buffer(std::string name, const std::atomic<bool>* cancel)
        : name_(std::move(name)), cancel_(cancel) {}

    void check_cancel() const {
        if (cancel_ && cancel_->load(std::memory_order_relaxed))
            throw Error(name_ + ": export interrupted; the file was left as it was");
    }
    [[noreturn]] void fail() const {
        throw Error(name_ + ": cannot write export: " + std::strerror(errno));
    }

  protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        check_cancel();
        errno = 0;
        const std::streamsize written = std::filebuf::xsputn(s, n);
        if (written < n) fail();
        return written;
    }
    int_type overflow(int_type c) override {
        check_cancel();
        errno = 0;
        const int_type r = std::filebuf::overflow(c);
        if (traits_type::eq_int_type(r, traits_type::eof())) fail();
        return r;
    }
    int sync() override {
        errno = 0;
        if (std::filebuf::sync() != 0) fail();
        return 0;
    }

  private:
    std::string name_;
    const std::atomic<bool>* cancel_;
};

OutputFile::OutputFile(const std::string& path, const std::atomic<bool>* cancel)
    : path_(path), target_(path), out_(nullptr) {
    std::error_code ec;
    const fs::file_status status = fs::status(target_, ec);  // of what links lead to
    if (fs::is_directory(status))
        throw Error(path + ": is a directory; name a file to write the export to");
    // Devices, FIFOs and pipes (also behind links: /dev/stdout) are opened by
    // the name given; a file behind a link is replaced where it lies.
    const bool special = fs::exists(status) && !fs::is_regular_file(status);
    if (!special) {
        if (fs::is_symlink(target_, ec)) target_ = fs::weakly_canonical(target_, ec);
        const fs::path dir = fs::absolute(target_, ec).parent_path();
        if (!fs::is_directory(dir, ec))
            throw Error(path + ": cannot write export: no directory " + dir.string());
        temporary_ = target_;
        temporary_ += ".tmp-" + std::to_string(::getpid());
    }
    buffer_ = std::make_unique<Buffer>(path, cancel);
    const fs::path& opened = special ? target_ : temporary_;
    if (!buffer_->open(opened, std::ios::binary | std::ios::out | std::ios::trunc))
        throw Error(path + ": cannot write export: " + std::strerror(errno));
    out_.rdbuf(buffer_.get());
    // The buffer's own exceptions (interrupted, disk full) reach the caller.
    out_.exceptions(std::ios::badbit);
}

OutputFile::~OutputFile() {
    if (committed_) return;
    try {
        buffer_->close();
    } catch (...) {  // a failed flush of a file that is thrown away anyway
    }
    std::error_code ec;
    if (!temporary_.empty()) fs::remove(temporary_, ec);
}

void OutputFile::finish() {
    if (finished_) return;
    out_.flush();
    buffer_->check_cancel();
    errno = 0;
    if (!buffer_->close()) throw Error(path_ + ": cannot write export: " + std::strerror(errno));
    finished_ = true;
}

void OutputFile::commit() {
    finish();
    committed_ = true;
    if (temporary_.empty()) return;
    std::error_code ec;
    // A replaced file keeps who may read it.
    if (const fs::file_status old = fs::status(target_, ec); fs::is_regular_file(old))
        fs::permissions(temporary_, old.permissions(), ec);
    fs::rename(temporary_, target_, ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove(temporary_, ec);
        throw Error(path_ + ": cannot write export: " + reason);
    }
}

}  // namespace kg::cli
