// Test helpers: temporary folders that clean up after themselves, files,
// sentences built from words, graph records for the exporters, and running
// the kg binary.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kg/graph/model.hpp"
#include "kg/nlp/sentence.hpp"
#include "kg/process.hpp"

namespace kg::test {

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("kg-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
}

// A sentence whose tokens are the space-separated words of `text`.
inline Sentence sentence_of(const std::string& text) {
    Sentence s;
    s.text = text;
    s.end = text.size();
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) {
            Token t;
            t.form = text.substr(i, j - i);
            t.begin = i;
            t.end = j;
            t.space_after = j < text.size();
            s.tokens.push_back(t);
        }
        i = j;
    }
    return s;
}

// Runs the kg binary built next to the tests.
inline RunResult run_kg(std::vector<std::string> args, std::string_view stdin_data = {}) {
    args.insert(args.begin(), KG_BINARY);
    return run_process(args, stdin_data);
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// One JSON value per non-empty line of `out` (kg's piped output).
inline std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> rows;
    std::size_t start = 0;
    while (start < out.size()) {
        auto end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        if (end > start) rows.push_back(nlohmann::json::parse(out.substr(start, end - start)));
        start = end + 1;
    }
    return rows;
}

// SQLite's own verdict on a graph file: "ok" when intact.
inline std::string integrity_check(const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
    std::string result = "no result";
    if (sqlite3_step(st) == SQLITE_ROW)
        result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return result;
}

// Graph records, as a store hands them to the exporters.
inline Value money(double amount) {
    Value v;
    v.kind = ValueKind::Money;
    v.amount = amount;
    v.currency = "USD";
    return v;
}

inline Value date(std::string iso) {
    Value v;
    v.kind = ValueKind::Date;
    v.date = iso;
    v.text = iso;
    return v;
}

inline Entity entity(EntityId id, std::string name, EntityType type) {
    Entity e;
    e.id = id;
    e.name = std::move(name);
    e.type = type;
    e.mentions = 1;
    return e;
}

inline Provenance source(std::string uri, std::string sentence) {
    Provenance p;
    p.source = 1;
    p.source_uri = std::move(uri);
    p.sentence = std::move(sentence);
    p.span_begin = 10;
    p.span_end = 10 + p.sentence.size();
    p.extractor = "test-1";
    p.confidence = 0.9;
    return p;
}

inline Fact fact(FactId id, const Entity& s, std::string relation, const Entity& o) {
    Fact f;
    f.id = id;
    f.subject = s.id;
    f.subject_name = s.name;
    f.relation = std::move(relation);
    f.object_entity = o.id;
    f.object_name = o.name;
    f.confidence = 0.9;
    return f;
}

// A fact whose object is a literal value.
inline Fact value_fact(FactId id, const Entity& s, std::string relation, Value v) {
    Fact f;
    f.id = id;
    f.subject = s.id;
    f.subject_name = s.name;
    f.relation = std::move(relation);
    f.object_name = v.display();
    f.object_value = std::move(v);
    f.confidence = 0.9;
    return f;
}

inline std::string shared_dir() {
    return KG_SHARED_DIR;
}
inline bool have_shared() {
    return std::filesystem::exists(shared_dir() + "/articles");
}

}  // namespace kg::test
