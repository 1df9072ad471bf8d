// A thin RAII layer over the SQLite C API for the store: a Database owns the
// connection, a Statement owns a prepared statement, a Transaction rolls back
// unless committed. Errors throw kg::Error with SQLite's message and the file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kg::sqlite {

struct CloseDatabase {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

class Database {
  public:
    Database(const std::string& path, bool read_only);
    sqlite3* get() const { return db_.get(); }
    const std::string& path() const { return path_; }
    void exec(std::string_view sql);
    [[noreturn]] void fail(std::string_view what) const;

  private:
    std::unique_ptr<sqlite3, CloseDatabase> db_;
    std::string path_;
};

class Statement {
  public:
    Statement(const Database& db, std::string_view sql);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind_null(int index);
    // True while a row is available.
    bool step();
    void run() { step(); }
    void reset();

    std::int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // Valid until the next step() or reset(): no copy, for scans.
    std::string_view text_view(int column) const;
    bool is_null(int column) const;

  private:
    const Database* db_;
    std::unique_ptr<sqlite3_stmt, FinalizeStatement> stmt_;
};

// BEGIN IMMEDIATE (so concurrent writers wait on the busy timeout instead of
// failing at COMMIT) ... COMMIT, or ROLLBACK when destroyed uncommitted.
class Transaction {
  public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

// A read snapshot across several statements: every statement between
// construction and destruction sees the same state of the graph, so a
// reader never sees half of a source that a writer is adding.
class ReadTransaction {
  public:
    explicit ReadTransaction(const Database& db);
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

  private:
    const Database& db_;
    bool active_ = false;
};

}  // namespace kg::sqlite
