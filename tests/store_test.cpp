#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "kg/error.hpp"
#include "kg/graph/store.hpp"
#include "support.hpp"

namespace {

kg::Argument org(const std::string& name) {
    kg::Argument a;
    a.text = name;
    a.type = kg::EntityType::Organization;
    return a;
}

kg::Triple invested(const std::string& investor, const std::string& sentence) {
    kg::Triple t;
    t.subject = org(investor);
    t.relation = "invested-in";
    t.object = org("OpenAI");
    t.confidence = 0.6;
    t.span_begin = 0;
    t.span_end = sentence.size();
    return t;
}

// Triples built by invested() span the whole of `text`.
kg::Document doc(const std::string& uri, const std::string& hash, const std::string& text = "s") {
    kg::Document d;
    d.uri = uri;
    d.content_hash = hash;
    d.text = text;
    return d;
}

}  // namespace

TEST_CASE("one fact stated by two sources is one fact with two provenance records",
          "[graph][store]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    kg::Extraction a{1, {invested("Microsoft", "Microsoft invested in OpenAI.")}};
    kg::Extraction b{1, {invested("Microsoft Corp.", "Microsoft Corp. put money into OpenAI.")}};

    auto ra = store.ingest(doc("a.txt", "hash-a"), a, "test-1");
    CHECK(ra.facts_added == 1);
    CHECK(ra.entities_added == 2);
    auto rb =
        store.ingest(doc("b.txt", "hash-b", "Microsoft Corp. put money into OpenAI."), b, "test-1");
    CHECK(rb.facts_added == 0);
    CHECK(rb.facts_merged == 1);
    CHECK(rb.entities_added == 0);

    const auto stats = store.stats();
    CHECK(stats.sources == 2);
    CHECK(stats.entities == 2);
    CHECK(stats.facts == 1);
    CHECK(stats.provenance == 2);

    const auto facts = store.all_facts();
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].display() == "Microsoft invested-in OpenAI");
    REQUIRE(facts[0].provenance.size() == 2);
    CHECK(facts[0].provenance[0].source_uri == "a.txt");
    CHECK(facts[0].provenance[1].source_uri == "b.txt");
    CHECK(facts[0].provenance[1].sentence == "Microsoft Corp. put money into OpenAI.");
    CHECK(facts[0].confidence == Approx(0.84));  // noisy-or of 0.6 and 0.6

    auto ms = store.find_entities("microsoft corp");
    REQUIRE(ms.size() == 1);
    CHECK(ms[0].name == "Microsoft");
    CHECK(ms[0].aliases == std::vector<std::string>{"Microsoft Corp."});
}

TEST_CASE("a statement giving another amount supports the fact without mixing its details",
          "[graph][store]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    auto with = [](double amount, const std::string& year) {
        auto t = invested("Microsoft", "Microsoft invested in OpenAI.");
        t.qualifiers["amount"].kind = kg::ValueKind::Money;
        t.qualifiers["amount"].amount = amount;
        t.qualifiers["amount"].currency = "USD";
        if (!year.empty()) {
            t.qualifiers["date"].kind = kg::ValueKind::Date;
            t.qualifiers["date"].date = year;
        }
        return t;
    };
    store.ingest(doc("a.txt", "h1"), {1, {with(1e9, "")}}, "t");
    // Another amount, and a date: the date must not join the $1B.
    store.ingest(doc("b.txt", "h2"), {1, {with(1e10, "2023")}}, "t");
    // The same amount with a date: agrees, so the date is added.
    auto facts = store.all_facts();
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].qualifiers.at("amount").amount == 1e9);
    CHECK(facts[0].qualifiers.count("date") == 0);
    REQUIRE(facts[0].provenance.size() == 2);
    CHECK(facts[0].provenance[1].qualifiers.at("amount").amount == 1e10);
    CHECK(facts[0].provenance[1].qualifiers.at("date").date == "2023");

    store.ingest(doc("c.txt", "h3"), {1, {with(1e9, "2019")}}, "t");
    facts = store.all_facts();
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].qualifiers.at("date").date == "2019");
    // Forgetting the first source re-derives them in statement order: the
    // $10B statement comes first now, and the $1B one no longer joins it.
    store.forget(store.source_by_uri("a.txt")->id);
    facts = store.all_facts();
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].qualifiers.at("amount").amount == 1e10);
    CHECK(facts[0].qualifiers.at("date").date == "2023");
}

TEST_CASE("the same content ingested twice adds nothing", "[graph][store]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    kg::Extraction a{1, {invested("Microsoft", "Microsoft invested in OpenAI.")}};
    CHECK_FALSE(store.ingest(doc("a.txt", "same"), a, "t").duplicate);
    auto again = store.ingest(doc("copy-of-a.txt", "same"), a, "t");
    CHECK(again.duplicate);
    CHECK(again.facts_added == 0);
    CHECK(store.stats().provenance == 1);
    CHECK(store.sources().size() == 1);
    REQUIRE(store.source_by_hash("same").has_value());
    CHECK(store.source_by_hash("same")->uri == "a.txt");
}

TEST_CASE("negated and asserted facts stay apart; values are objects", "[graph][store]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    auto neg = invested("Apple", "Apple did not invest in OpenAI.");
    neg.negated = true;
    kg::Triple valued;
    valued.subject = org("OpenAI");
    valued.relation = "valued-at";
    valued.object.is_value = true;
    valued.object.value.kind = kg::ValueKind::Money;
    valued.object.value.amount = 1.5e11;
    valued.object.value.currency = "USD";
    valued.object.value.bound = kg::Bound::AtLeast;
    valued.qualifiers["date"].kind = kg::ValueKind::Date;
    valued.qualifiers["date"].date = "2024";
    store.ingest(doc("a.txt", "h1"), {2, {invested("Apple", "Apple invested."), neg, valued}}, "t");

    const auto facts = store.all_facts();
    REQUIRE(facts.size() == 3);
    CHECK(facts[0].display() == "Apple invested-in OpenAI");
    CHECK(facts[1].display() == "Apple not invested-in OpenAI");
    CHECK(facts[1].negated);
    CHECK(facts[2].display() == "OpenAI valued-at $150B");
    REQUIRE(facts[2].object_value.has_value());
    CHECK(facts[2].object_value->bound == kg::Bound::AtLeast);
    CHECK(facts[2].qualifiers.at("date").date == "2024");
    auto openai = store.find_entities("OpenAI");
    REQUIRE(openai.size() == 1);
    CHECK(store.facts_about(openai[0].id).size() == 3);
}

TEST_CASE("a graph survives closing and reopening; read-only needs a kg graph", "[graph][store]") {
    kg::test::TempDir dir;
    const auto path = dir.file("g.db");
    {
        auto store = kg::Store::open(path);
        store.ingest(doc("a.txt", "h"), {1, {invested("Microsoft", "s")}}, "t");
    }
    auto again = kg::Store::open(path, kg::OpenMode::ReadOnly);
    CHECK(again.stats().facts == 1);

    kg::test::write_file(dir.file("not-a-graph.db"), "hello, I am not SQLite at all..........");
    CHECK_THROWS_AS(kg::Store::open(dir.file("not-a-graph.db")), kg::Error);
}

namespace {

// Runs `sql` on the file at `path` outside kg, as another program would.
void run_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
}

std::int64_t schema_version(const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

}  // namespace

TEST_CASE("a graph of the first schema is migrated when opened", "[graph][store]") {
    kg::test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        auto store = kg::Store::open(path);
        store.ingest(doc("a.txt", "h1"), {1, {invested("Microsoft", "s")}}, "t");
    }
    // What the first releases wrote: no key_pins, no provenance texts, stamp 1.
    run_sql(path,
            "DROP TABLE key_pins; ALTER TABLE provenance DROP COLUMN subject_text; "
            "ALTER TABLE provenance DROP COLUMN object_text; PRAGMA user_version=1;");
    REQUIRE(schema_version(path) == 1);

    SECTION("by a reader") {
        auto store = kg::Store::open(path, kg::OpenMode::ReadOnly);
        CHECK(store.stats().facts == 1);
        CHECK(store.all_facts().size() == 1);
        CHECK(schema_version(path) == 2);
        // What version 2 added is there.
        run_sql(path,
                "SELECT count(*) FROM key_pins; SELECT subject_text, object_text FROM "
                "provenance;");
    }
    SECTION("by a writer, which then ingests") {
        auto store = kg::Store::open(path);
        CHECK(schema_version(path) == 2);
        store.ingest(doc("b.txt", "h2"), {1, {invested("Amazon", "s")}}, "t");
        CHECK(store.stats().facts == 2);
        CHECK(kg::test::integrity_check(path) == "ok");
    }
    SECTION("twice: the second open finds nothing to do") {
        { auto first = kg::Store::open(path); }
        auto second = kg::Store::open(path);
        CHECK(second.stats().facts == 1);
    }
}

TEST_CASE("the whole graph read at once matches it read fact by fact", "[graph][store]") {
    kg::test::TempDir dir;
    auto store = kg::Store::open(dir.file("g.db"));
    // Facts 1-3 from a, fact 1 again from c; b adds a fact forget() removes,
    // leaving a gap in the ids.
    store.ingest(
        doc("a.txt", "ha"),
        {1, {invested("Microsoft", "s"), invested("Amazon", "s"), invested("Google", "s")}}, "t");
    const auto b = store.ingest(doc("b.txt", "hb"), {1, {invested("Nvidia", "s")}}, "t");
    store.ingest(doc("c.txt", "hc"), {1, {invested("Microsoft Corp.", "s")}}, "t");
    store.forget(b.source);

    const auto all = store.all_facts();
    REQUIRE(all.size() == 3);
    for (const auto& f : all) {
        const auto one = store.fact(f.id);
        REQUIRE(one);
        CHECK(f.display() == one->display());
        REQUIRE(f.provenance.size() == one->provenance.size());
        for (std::size_t i = 0; i < f.provenance.size(); ++i)
            CHECK(f.provenance[i].source_uri == one->provenance[i].source_uri);
    }
    CHECK(all[0].provenance.size() == 2);  // Microsoft, from a and c

    const auto entities = store.all_entities();
    for (const auto& e : entities) {
        const auto one = store.entity(e.id);
        REQUIRE(one);
        CHECK(e.name == one->name);
        CHECK(e.aliases == one->aliases);
    }
}
