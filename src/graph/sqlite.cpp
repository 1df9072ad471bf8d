#include "sqlite.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "kg/error.hpp"

namespace kg::sqlite {
namespace {

// True when a reader could create the graph's -shm file, or a writer has.
bool can_write_beside(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(path + "-wal", ec)) return true;
    const fs::path file(path);
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    return access(dir.c_str(), W_OK) == 0;
}

std::string uri_escape(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

Database::Database(const std::string& path, bool read_only) : path_(path) {
    if (!read_only) {
        // SQLite would open a write-protected file read-only and fail at the
        // first write; say so up front, and name the file.
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path file(path);
        const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
        if (fs::exists(file, ec) && access(path.c_str(), W_OK) != 0)
            throw Error(path + ": the graph file is read-only (no permission to write it)");
        if (access(dir.c_str(), W_OK) != 0)
            throw Error(path + ": cannot write in " + dir.string() +
                        " (the graph and its journal need a writable folder)");
    }
    sqlite3* raw = nullptr;
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    std::string name = path;
    if (read_only && !can_write_beside(path)) {
        // Reading a WAL graph needs its -shm file, which a reader without
        // write permission cannot create. With no -wal file there is no
        // writer and the main file is complete, so it can be read as is.
        flags |= SQLITE_OPEN_URI;
        name = "file:" + uri_escape(path) + "?immutable=1";
    }
    const int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
        const std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw Error(path + ": cannot open graph: " + msg);
    }
    sqlite3_extended_result_codes(raw, 1);
    // Concurrent ingests queue for the write lock rather than failing at once.
    sqlite3_busy_timeout(raw, 30000);
}

void Database::fail(std::string_view what) const {
    throw Error(path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_.get()));
}

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error(path_ + ": " + msg);
    }
}

Statement::Statement(const Database& db, std::string_view sql) : db_(&db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK)
        db.fail("cannot prepare statement");
    stmt_.reset(raw);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) db_->fail("bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(stmt_.get(), index, value) != SQLITE_OK) db_->fail("bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // An empty view may have a null data(), which SQLite would store as NULL.
    const char* data = value.data() ? value.data() : "";
    if (sqlite3_bind_text(stmt_.get(), index, data, static_cast<int>(value.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        db_->fail("bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) db_->fail("bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        reset();
        return false;
    }
    const std::string msg = sqlite3_errmsg(db_->get());
    sqlite3_reset(stmt_.get());
    throw Error(db_->path() + ": " + msg);
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string{};
}

std::string_view Statement::text_view(int column) const {
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string_view{};
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

ReadTransaction::ReadTransaction(const Database& db) : db_(db) {
    // Nested use (a scan inside another read) simply joins the outer snapshot.
    if (sqlite3_get_autocommit(db.get())) {
        active_ = sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
}

ReadTransaction::~ReadTransaction() {
    if (active_) sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        // Never throw from a destructor; a failed rollback leaves SQLite to
        // roll back from the journal on the next open.
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace kg::sqlite
