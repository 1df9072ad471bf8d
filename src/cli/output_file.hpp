// A file kg writes for the user (exports). It is written under a temporary
// name beside it and renamed into place by commit(), so a failed or
// interrupted write leaves the old file (or none), never half a file, and the
// temporary is removed unless committed. A file that is replaced keeps its
// permissions; a symlink is followed (its target is replaced, the link kept);
// a device, FIFO or socket (/dev/null, a pipe) is written to directly. Every
// failure throws kg::Error naming the file (disk full, no permission, ...),
// as does `cancel` becoming true (Ctrl-C) while it is written.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace kg::cli {

class OutputFile {
  public:
    OutputFile(const std::string& path, const std::atomic<bool>* cancel);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::ostream& stream() { return out_; }
    // Flushes and closes the file: every write error has shown by now.
    // Lets two files that belong together both finish before either moves.
    void finish();
    // Finishes, then moves the file into place.
    void commit();

  private:
    class Buffer;
    std::string path_;                 // as the user named it, for messages
    std::filesystem::path target_;     // where the bytes end up (links resolved)
    std::filesystem::path temporary_;  // empty when writing the target directly
    std::unique_ptr<Buffer> buffer_;
    std::ostream out_;
    bool finished_ = false, committed_ = false;
};

}  // namespace kg::cli
