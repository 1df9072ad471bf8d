// Whole-graph algorithms over a GraphView, as plain functions (the Boost.Graph
// templates behind them are instantiated once, in src/graph/algorithms.cpp).
// Common rules: only asserted facts connect (a negated fact says two things
// are not linked), and a value vertex ("$1B") can end a walk but never passes
// one on — two companies valued at $1B are not neighbours.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kg/graph/view.hpp"

namespace kg {

// One fact walked on a path; `forward` is false when the walk goes from the
// fact's object to its subject (only in undirected searches).
struct PathStep {
    FactIndex fact;
    bool forward;
};

// vertices.size() == steps.size() + 1; steps[i] links vertices[i] and vertices[i+1].
struct Path {
    std::vector<VertexId> vertices;
    std::vector<PathStep> steps;
};

// Every shortest path from `from` to `to` (up to `max_paths`; a pair linked by
// two facts gives two paths), by breadth-first search. `undirected` lets a
// walk follow facts backwards. No path: empty result. from == to: one empty path.
std::vector<Path> shortest_paths(const GraphView& view, VertexId from, VertexId to,
                                 std::size_t max_paths, bool undirected);

// Vertices within `depth` hops of `center` (both directions), nearest first,
// at most `max_vertices` of them (0 = no limit), and every fact (negated ones
// too) whose two ends are among them, in fact order. Hops follow asserted
// facts, and denied ones too when `through_denials` ("Pfizer did not
// acquire X" then puts X in Pfizer's neighbourhood).
struct Neighbourhood {
    std::vector<VertexId> vertices;
    std::vector<std::uint32_t> depth;  // parallel to vertices
    std::vector<FactIndex> facts;
    bool truncated = false;  // max_vertices stopped the search
};
Neighbourhood neighbourhood(const GraphView& view, VertexId center, unsigned depth,
                            std::size_t max_vertices = 0, bool through_denials = false);

// Weakly connected components of the entities (values join no components).
struct Components {
    std::size_t count = 0;
    std::vector<std::size_t> sizes;        // entities per component, largest first
    std::vector<std::uint32_t> component;  // per vertex
};
Components connected_components(const GraphView& view);

// PageRank over asserted facts (damping 0.85; the rank of vertices without
// out-edges is spread over all vertices), per vertex, summing to 1.
std::vector<double> pagerank(const GraphView& view, unsigned iterations = 20,
                             double damping = 0.85);

// The k entities with the highest PageRank, highest first.
struct Ranked {
    VertexId vertex;
    double score;
};
std::vector<Ranked> top_central(const GraphView& view, std::size_t k, unsigned iterations = 20);

}  // namespace kg
