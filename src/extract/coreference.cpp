#include "kg/extract/coreference.hpp"

#include <algorithm>
#include <array>

namespace kg {
namespace {

constexpr std::array<std::string_view, 8> kPersonPronouns{"he",  "him",  "his", "himself",
                                                          "she", "hers", "her", "herself"};
constexpr std::array<std::string_view, 3> kThingPronouns{"it", "its", "itself"};
constexpr std::array<std::string_view, 5> kPluralPronouns{"they", "them", "their", "theirs",
                                                          "themselves"};
// Head nouns of "the company"-style descriptions of an organization.
constexpr std::array<std::string_view, 20> kOrganizationNouns{
    "company",  "firm",      "start-up", "startup",  "group",    "chipmaker", "carmaker",
    "retailer", "lab",       "bank",     "maker",    "giant",    "business",  "corporation",
    "insurer",  "automaker", "lender",   "operator", "provider", "developer"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

// How many sentences back an antecedent may be.
constexpr std::size_t kWindow = 3;

}  // namespace

bool CoreferenceResolver::is_pronoun(std::string_view w) {
    return in(kPersonPronouns, w) || in(kThingPronouns, w) || in(kPluralPronouns, w);
}

bool CoreferenceResolver::is_description(std::string_view head) {
    return in(kOrganizationNouns, head);
}

void CoreferenceResolver::next_sentence() {
    ++sentence_;
    // Only the last few sentences can be antecedents; keep memory flat on long documents.
    std::erase_if(mentions_,
                  [&](const EntityMention& m) { return m.sentence + kWindow < sentence_; });
}

void CoreferenceResolver::add(EntityMention mention) {
    mention.sentence = sentence_;
    mentions_.push_back(std::move(mention));
}

const EntityMention* CoreferenceResolver::most_salient(EntityType type, bool any_but_person,
                                                       std::size_t token,
                                                       std::size_t window) const {
    auto compatible = [&](const EntityMention& m) {
        if (m.sentence + window < sentence_) return false;
        if (m.sentence == sentence_ && m.token >= token) return false;
        if (any_but_person) return m.type != EntityType::Person;
        return m.type == type;
    };
    // The pronoun's own sentence first ("Bezos founded Amazon and ran it":
    // Amazon, not the company of the sentence before), its subject before
    // its other names.
    // Earlier sentences offer their subjects first, the most recent first,
    // and only then their other names.
    auto find = [&](auto&& wanted) -> const EntityMention* {
        for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it)
            if (compatible(*it) && wanted(*it)) return &*it;
        return nullptr;
    };
    if (auto* m =
            find([&](const EntityMention& m) { return m.sentence == sentence_ && m.subject; }))
        return m;
    if (auto* m = find([&](const EntityMention& m) { return m.sentence == sentence_; })) return m;
    if (auto* m = find([](const EntityMention& m) { return m.subject; })) return m;
    return find([&](const EntityMention& m) { return m.sentence + 1 >= sentence_; });
}

std::vector<EntityMention> CoreferenceResolver::resolve(std::string_view w, bool definite,
                                                        std::size_t token) const {
    if (definite) {
        if (!is_description(w)) return {};
        const auto* m = most_salient(EntityType::Organization, false, token, kWindow);
        if (m) return {*m};
        return {};
    }
    if (in(kPersonPronouns, w)) {
        if (const auto* m = most_salient(EntityType::Person, false, token, kWindow)) return {*m};
        return {};
    }
    if (in(kThingPronouns, w)) {
        // Organizations first: news "it" is mostly a company.
        if (const auto* m = most_salient(EntityType::Organization, false, token, kWindow))
            return {*m};
        if (const auto* m = most_salient(EntityType::Other, true, token, 1)) return {*m};
        return {};
    }
    if (in(kPluralPronouns, w)) {
        // "They" after coordinated subjects means all of them.
        for (auto it = mentions_.rbegin(); it != mentions_.rend(); ++it) {
            if (it->sentence + kWindow < sentence_) break;
            if (it->sentence == sentence_ && it->token >= token) continue;
            if (!it->subject) continue;
            std::vector<EntityMention> group;
            for (const auto& m : mentions_)
                if (m.group == it->group && m.sentence == it->sentence && m.subject)
                    group.push_back(m);
            if (group.size() >= 2) return group;
        }
        return {};
    }
    return {};
}

void CoreferenceResolver::add_sentence(const DependencyTree& tree,
                                       const std::vector<MentionSpan>& names) {
    std::vector<int> name_at(tree.size(), -1);
    for (std::size_t m = 0; m < names.size(); ++m)
        for (auto i = names[m].first; i < names[m].last && i < tree.size(); ++i)
            name_at[i] = static_cast<int>(m);
    // A name's head: its word whose head lies outside the name.
    auto head_of = [&](const MentionSpan& m) {
        for (auto i = m.first; i < m.last; ++i) {
            const auto h = tree.head(i);
            if (h == DependencyTree::kNone || h < m.first || h >= m.last) return i;
        }
        return m.last - 1;
    };
    std::vector<std::size_t> group(names.size());
    std::vector<bool> subject(names.size(), false);
    for (std::size_t m = 0; m < names.size(); ++m) {
        group[m] = next_group_++;
        auto h = head_of(names[m]);
        // "OpenAI and Microsoft": the second conjunct joins the first's group.
        if (tree.relation(h) == "conj" && tree.head(h) != DependencyTree::kNone &&
            name_at[tree.head(h)] >= 0) {
            const auto first = static_cast<std::size_t>(name_at[tree.head(h)]);
            group[m] = group[first];
            subject[m] = subject[first];
            continue;
        }
        subject[m] = tree.relation(h) == "nsubj";
    }
    for (std::size_t m = 0; m < names.size(); ++m)
        add(EntityMention{names[m].text, names[m].type, subject[m], group[m], 0, names[m].first});
}

}  // namespace kg
