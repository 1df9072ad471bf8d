#include "entity_resolver.hpp"

#include "kg/graph/entity_key.hpp"

namespace kg {

EntityResolver::EntityResolver(sqlite::Database& db)
    : db_(db),
      pinned_(db,
              "SELECT p.entity_id, e.name FROM key_pins p "
              "JOIN entities e ON e.id = p.entity_id WHERE p.key = ?1"),
      find_(db,
            "SELECT id, name, type, mentions FROM entities WHERE key = ?1 "
            "UNION SELECT e.id, e.name, e.type, e.mentions FROM aliases a "
            "JOIN entities e ON e.id = a.entity_id WHERE a.key = ?1"),
      insert_(db, "INSERT INTO entities(name, key, type, mentions) VALUES(?, ?, ?, 0)"),
      retype_(db, "UPDATE entities SET type = ?2 WHERE id = ?1 AND type = 'Other'"),
      alias_(db, "INSERT OR IGNORE INTO aliases(entity_id, alias, key) VALUES(?, ?, ?)"),
      mentions_(db, "UPDATE entities SET mentions = mentions + ?2 WHERE id = ?1") {}

EntityId EntityResolver::resolve(const Argument& arg, std::size_t& entities_added) {
    const std::string type(to_string(arg.type));
    const std::string cache_key = arg.text + '\t' + type;
    if (auto it = seen_.find(cache_key); it != seen_.end()) {
        ++mentions_of_[it->second];
        return it->second;
    }
    const EntityId id = lookup_or_insert(arg, type, entities_added);
    seen_.emplace(cache_key, id);
    ++mentions_of_[id];
    return id;
}

void EntityResolver::flush() {
    for (const auto& [id, n] : mentions_of_) {
        mentions_.bind(1, id).bind(2, static_cast<std::int64_t>(n));
        mentions_.run();
    }
    mentions_of_.clear();
}

EntityId EntityResolver::lookup_or_insert(const Argument& arg, const std::string& type,
                                          std::size_t& entities_added) {
    const std::string key = entity_key(arg.text);
    EntityId best = 0;
    std::string best_name, best_type;
    pinned_.bind(1, std::string_view(key));
    if (pinned_.step()) {
        best = pinned_.integer(0);
        best_name = pinned_.text(1);
        pinned_.reset();
    } else {
        std::int64_t best_mentions = -1;
        find_.bind(1, std::string_view(key));
        while (find_.step()) {
            const auto t = find_.text(2);
            const bool agrees = t == type || t == "Other" || type == "Other";
            // An exact type match beats an untyped one; then the most mentioned.
            const int rank = !agrees ? -1 : (t == type ? 2 : 1);
            const int best_rank = best == 0 ? -1 : (best_type == type ? 2 : 1);
            const auto mentions = find_.integer(3);
            if (rank > best_rank || (rank == best_rank && rank >= 0 && mentions > best_mentions)) {
                best = find_.integer(0);
                best_name = find_.text(1);
                best_type = t;
                best_mentions = mentions;
            }
        }
    }
    if (best == 0) {
        insert_.bind(1, std::string_view(arg.text))
            .bind(2, std::string_view(key))
            .bind(3, std::string_view(type));
        insert_.run();
        ++entities_added;
        best = sqlite3_last_insert_rowid(db_.get());
        best_name = arg.text;
    } else if (type != "Other") {
        retype_.bind(1, best).bind(2, std::string_view(type));
        retype_.run();
    }
    add_alias(best, best_name, arg.text);
    for (const auto& other : arg.aliases) add_alias(best, best_name, other);
    return best;
}

void EntityResolver::add_alias(EntityId id, const std::string& canonical, const std::string& name) {
    if (name == canonical || name.empty()) return;
    alias_.bind(1, id).bind(2, std::string_view(name)).bind(3, std::string_view(entity_key(name)));
    alias_.run();
}

}  // namespace kg
