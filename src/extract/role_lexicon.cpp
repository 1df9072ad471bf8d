#include "kg/extract/role_lexicon.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "kg/data_files.hpp"
#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {

RoleLexicon RoleLexicon::parse(std::string_view text, std::string_view name) {
    RoleLexicon lex;
    for_each_data_line(text, name, [&](const DataLine& line) {
        const auto& fields = line.fields;
        if (fields.size() != 2 || trim(fields[1]).empty()) line.fail("expected title<TAB>relation");
        Role role;
        std::istringstream words{to_lower_ascii(trim(fields[0]))};
        for (std::string w; words >> w;) role.words.push_back(w);
        role.relation = std::string(trim(fields[1]));
        lex.roles_.push_back(std::move(role));
    });
    std::stable_sort(lex.roles_.begin(), lex.roles_.end(),
                     [](const Role& a, const Role& b) { return a.words.size() > b.words.size(); });
    return lex;
}

RoleLexicon RoleLexicon::load(const std::filesystem::path& file) {
    return parse(read_data_file(file, "role lexicon"), file.string());
}

RoleLexicon RoleLexicon::load_default() {
    return load(find_data_file("lexicons/roles.tsv"));
}

const Role* RoleLexicon::match(const std::vector<Token>& tokens, std::size_t i,
                               std::size_t& length) const {
    for (const auto& role : roles_) {
        if (i + role.words.size() > tokens.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < role.words.size() && same; ++k)
            same = iequals(tokens[i + k].form, role.words[k]);
        if (same) {
            length = role.words.size();
            return &role;
        }
    }
    return nullptr;
}

}  // namespace kg
