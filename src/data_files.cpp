#include "kg/data_files.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

std::filesystem::path running_binary() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe;
}

}  // namespace

std::vector<std::filesystem::path> data_file_candidates(std::string_view relative) {
    namespace fs = std::filesystem;
    const fs::path rel{std::string(relative)};
    std::vector<fs::path> out;
    if (const char* env = std::getenv("KG_MODELS"); env && *env) {
        const fs::path root{env};
        out.push_back(root / rel);
        // $KG_MODELS may name the models folder itself: models/x.bin -> $KG_MODELS/x.bin
        if (rel.begin() != rel.end() && *rel.begin() == "models")
            out.push_back(root / rel.lexically_relative("models"));
        out.push_back(root.parent_path() / rel);
    }
    if (auto exe = running_binary(); !exe.empty()) {
        out.push_back(exe.parent_path().parent_path() / "share" / "kg" / rel);
    }
    out.push_back(fs::path{KG_INSTALL_DATADIR} / rel);
    out.push_back(fs::path{KG_SOURCE_DATADIR} / rel);
    return out;
}

std::filesystem::path find_data_file(std::string_view relative) {
    std::string tried;
    for (const auto& candidate : data_file_candidates(relative)) {
        std::error_code ec;
        if (std::filesystem::exists(candidate, ec)) return candidate;
        if (!tried.empty()) tried += ", ";
        tried += candidate.string();
    }
    throw Error("cannot find " + std::string(relative) + " (looked in " + tried +
                "; set KG_MODELS to the folder holding models/ and lexicons/)");
}

std::string read_data_file(const std::filesystem::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot read " + std::string(what));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void DataLine::fail(const std::string& what) const {
    throw Error(std::string(name) + ":" + std::to_string(number) + ": " + what);
}

void for_each_data_line(std::string_view text, std::string_view name,
                        const std::function<void(const DataLine&)>& fn) {
    DataLine line;
    line.name = name;
    for (auto raw : split(text, '\n')) {
        ++line.number;
        raw = trim(raw);
        if (raw.empty() || raw.front() == '#') continue;
        line.fields = split(raw, '\t');
        fn(line);
    }
}

}  // namespace kg
