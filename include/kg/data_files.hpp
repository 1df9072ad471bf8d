// Where kg finds its models and lexicons, so it runs from anywhere: from the
// build tree, after `cmake --install`, or with $KG_MODELS set. Lookup order
// for a relative name such as "models/parser.bin" or "lexicons/relations.tsv":
//   1. $KG_MODELS (a folder holding models/ and lexicons/, or the models folder itself)
//   2. <prefix>/share/kg, where <prefix> is the folder above the running binary's bin/
//   3. the install data dir configured at build time
//   4. the source tree kg was built from
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// The first existing match; throws kg::Error listing the places tried when none exists.
std::filesystem::path find_data_file(std::string_view relative);

// Every candidate path in lookup order (for error messages and `kg --version`).
std::vector<std::filesystem::path> data_file_candidates(std::string_view relative);

// A data file's bytes, whole (lexicons are small); throws kg::Error
// "<file>: cannot read <what>".
std::string read_data_file(const std::filesystem::path& file, std::string_view what);

// One content line of a tab-separated data file (the lexicons): its fields
// (untrimmed) and where it stands, so errors read "<name>:<line>: <what>".
struct DataLine {
    std::vector<std::string_view> fields;
    std::string_view name;
    std::size_t number = 0;
    [[noreturn]] void fail(const std::string& what) const;
};

// Calls fn for each line of `text` that is neither blank nor a # comment.
void for_each_data_line(std::string_view text, std::string_view name,
                        const std::function<void(const DataLine&)>& fn);

}  // namespace kg
