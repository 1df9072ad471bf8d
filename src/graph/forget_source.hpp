// Removing one source from the graph inside the caller's transaction:
// `Store::forget` wraps it in one of its own, and ingest uses it to replace
// an earlier version of a re-ingested article in the same transaction that
// adds the new one.
#pragma once

#include "kg/graph/store.hpp"
#include "sqlite.hpp"

namespace kg {

// Facts only `source` supported are deleted, others lose its provenance
// (confidence and qualifiers recomputed); entities left with no facts and
// no pins are deleted; then the source itself.
Store::ForgetReport forget_source(sqlite::Database& db, SourceId source);

}  // namespace kg
