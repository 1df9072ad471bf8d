// Job titles that relate a person to an organization ("chief executive" ->
// ceo-of), read from lexicons/roles.tsv: title<TAB>relation per line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kg/nlp/sentence.hpp"

namespace kg {

struct Role {
    std::vector<std::string> words;  // lower case: {"chief", "executive"}
    std::string relation;            // "ceo-of"
};

class RoleLexicon {
  public:
    static RoleLexicon load(const std::filesystem::path& file);  // throws kg::Error
    static RoleLexicon load_default();
    static RoleLexicon parse(std::string_view text, std::string_view name);

    // The longest title starting at token `i`, and its length in tokens.
    const Role* match(const std::vector<Token>& tokens, std::size_t i, std::size_t& length) const;

  private:
    std::vector<Role> roles_;  // longest titles first
};

}  // namespace kg
