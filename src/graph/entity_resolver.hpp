// Entity resolution across documents, used inside one write transaction of
// the store (ingest, merge).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>

#include "kg/extract/triple.hpp"
#include "kg/graph/model.hpp"
#include "sqlite.hpp"

namespace kg {

// Entity resolution across documents. A name's normalized key (entity_key)
// is looked up, in order:
//  1. in key_pins: a user's correction (kg alias, merge-entities,
//     split-entity) decides, whatever the types;
//  2. among entities whose name or recorded alias has the key: types must
//     agree — a Person and an Organization that share a name stay two
//     entities; an untyped (Other) side agrees with anything and takes the
//     other's type; among several, the most mentioned wins;
//  3. otherwise the name becomes a new entity.
// One resolver serves one ingest transaction: statements are prepared once,
// and a spelling seen again in the same source is answered from memory.
class EntityResolver {
  public:
    explicit EntityResolver(sqlite::Database& db);

    // The entity `arg` names, created if needed; counts a mention of it.
    EntityId resolve(const Argument& arg, std::size_t& entities_added);
    // Writes the mention counts gathered so far.
    void flush();

  private:
    EntityId lookup_or_insert(const Argument& arg, const std::string& type,
                              std::size_t& entities_added);
    void add_alias(EntityId id, const std::string& canonical, const std::string& name);

    sqlite::Database& db_;
    sqlite::Statement pinned_, find_, insert_, retype_, alias_, mentions_;
    std::unordered_map<std::string, EntityId> seen_;
    std::map<EntityId, std::size_t> mentions_of_;
};

}  // namespace kg
