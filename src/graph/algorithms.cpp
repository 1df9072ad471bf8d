// The one translation unit that instantiates Boost.Graph templates over the
// view (they are slow to compile); everything else calls the plain functions.
#include "kg/graph/algorithms.hpp"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/pending/queue.hpp>
#include <limits>

#include "kg/graph/view_boost.hpp"

namespace kg {

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<GraphView>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<GraphView>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<GraphView>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<UndirectedView>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<UndirectedView>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<UndirectedView>));

namespace {

constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();

struct TargetFound {};

// Records BFS distances and stops the search as soon as `to` is discovered:
// by then every vertex one level nearer is discovered too, which is all the
// path enumeration needs.
struct DistanceRecorder : boost::default_bfs_visitor {
    std::vector<std::uint32_t>* dist;
    VertexId to;
    template <class Edge, class Graph>
    void tree_edge(const Edge& e, const Graph& g) const {
        const auto t = target(e, g);
        (*dist)[t] = (*dist)[source(e, g)] + 1;
        if (t == to) throw TargetFound{};
    }
};

template <class Graph>
std::vector<std::uint32_t> bfs_distances(const Graph& g, VertexId from, VertexId to) {
    std::vector<std::uint32_t> dist(num_vertices(g), kUnreached);
    dist[from] = 0;
    std::vector<boost::default_color_type> colors(num_vertices(g), boost::white_color);
    boost::queue<VertexId> queue;
    const VertexId sources[] = {from};
    try {
        boost::breadth_first_search(
            g, std::begin(sources), std::end(sources), queue, DistanceRecorder{{}, &dist, to},
            boost::make_iterator_property_map(colors.begin(), get(boost::vertex_index, g)));
    } catch (const TargetFound&) {
    }
    return dist;
}

// Walks back from `to` along facts whose far end is one level nearer `from`.
class PathEnumerator {
  public:
    PathEnumerator(const GraphView& view, const std::vector<std::uint32_t>& dist, VertexId from,
                   bool undirected, std::size_t max_paths)
        : view_(view), dist_(dist), from_(from), undirected_(undirected), max_(max_paths) {}

    std::vector<Path> run(VertexId to) {
        vertices_.assign(1, to);
        walk(to);
        return std::move(paths_);
    }

  private:
    void walk(VertexId v) {
        if (paths_.size() >= max_) return;
        if (v == from_) {
            Path p;
            p.vertices.assign(vertices_.rbegin(), vertices_.rend());
            p.steps.assign(steps_.rbegin(), steps_.rend());
            paths_.push_back(std::move(p));
            return;
        }
        const std::uint32_t d = dist_[v];
        // A fact u -> v walked forward.
        for (const auto& e : view_.in_edges(v)) step(e.neighbour, d, PathStep{e.fact, true});
        // A fact v -> u walked backwards from u.
        if (undirected_)
            for (const auto& e : view_.out_edges(v)) step(e.neighbour, d, PathStep{e.fact, false});
    }
    void step(VertexId u, std::uint32_t d, PathStep s) {
        if (paths_.size() >= max_ || dist_[u] + 1 != d) return;
        if (u != from_ && view_.is_value(u)) return;  // values end walks, never relay them
        vertices_.push_back(u);
        steps_.push_back(s);
        walk(u);
        vertices_.pop_back();
        steps_.pop_back();
    }

    const GraphView& view_;
    const std::vector<std::uint32_t>& dist_;
    VertexId from_;
    bool undirected_;
    std::size_t max_;
    std::vector<VertexId> vertices_;
    std::vector<PathStep> steps_;
    std::vector<Path> paths_;
};

}  // namespace

std::vector<Path> shortest_paths(const GraphView& view, VertexId from, VertexId to,
                                 std::size_t max_paths, bool undirected) {
    if (max_paths == 0 || from >= view.num_vertices() || to >= view.num_vertices()) return {};
    if (from == to) return {Path{{from}, {}}};
    const auto dist =
        undirected ? bfs_distances(UndirectedView{&view}, from, to) : bfs_distances(view, from, to);
    if (dist[to] == kUnreached) return {};
    return PathEnumerator(view, dist, from, undirected, max_paths).run(to);
}

Neighbourhood neighbourhood(const GraphView& view, VertexId center, unsigned depth,
                            std::size_t max_vertices, bool through_denials) {
    Neighbourhood out;
    if (center >= view.num_vertices()) return out;
    std::vector<std::uint32_t> level(view.num_vertices(), kUnreached);
    level[center] = 0;
    out.vertices.push_back(center);
    out.depth.push_back(0);
    // out.vertices doubles as the BFS queue: it is filled in level order.
    for (std::size_t head = 0; head < out.vertices.size() && !out.truncated; ++head) {
        const VertexId v = out.vertices[head];
        const std::uint32_t d = level[v];
        if (d >= depth || (v != center && view.is_value(v))) continue;
        auto visit = [&](VertexId u) {
            if (level[u] != kUnreached || out.truncated) return;
            if (max_vertices && out.vertices.size() >= max_vertices) {
                out.truncated = true;
                return;
            }
            level[u] = d + 1;
            out.vertices.push_back(u);
            out.depth.push_back(d + 1);
        };
        for (const auto& e : view.out_edges(v, through_denials)) visit(e.neighbour);
        for (const auto& e : view.in_edges(v, through_denials)) visit(e.neighbour);
    }
    for (const VertexId v : out.vertices)
        for (const auto& e : view.out_edges(v, true))
            if (level[e.neighbour] != kUnreached) out.facts.push_back(e.fact);
    std::sort(out.facts.begin(), out.facts.end());
    return out;
}

Components connected_components(const GraphView& view) {
    Components out;
    const UndirectedView g{&view};
    const std::size_t n = view.num_vertices();
    out.component.assign(n, 0);
    if (n == 0) return out;
    std::vector<boost::default_color_type> colors(n, boost::white_color);
    const auto index = get(boost::vertex_index, g);
    const std::size_t raw = boost::connected_components(
        g, boost::make_iterator_property_map(out.component.begin(), index),
        boost::color_map(boost::make_iterator_property_map(colors.begin(), index)));
    // Entities come first, so every value was reached from an entity before
    // it could start a component of its own: count entities only.
    std::vector<std::size_t> sizes(raw, 0);
    for (std::size_t v = 0; v < view.num_entities(); ++v) ++sizes[out.component[v]];
    sizes.erase(std::remove(sizes.begin(), sizes.end(), std::size_t{0}), sizes.end());
    std::sort(sizes.begin(), sizes.end(), std::greater<>());
    out.count = sizes.size();
    out.sizes = std::move(sizes);
    return out;
}

std::vector<double> pagerank(const GraphView& view, unsigned iterations, double damping) {
    const std::size_t n = view.num_vertices();
    std::vector<double> rank(n, n ? 1.0 / static_cast<double>(n) : 0.0), next(n);
    // share[v]: what v passes along each of its out-edges this round.
    std::vector<double> share(n);
    for (unsigned it = 0; it < iterations && n; ++it) {
        double dangling = 0;
        for (std::size_t v = 0; v < n; ++v) {
            const auto deg = view.out_edges(static_cast<VertexId>(v)).size();
            if (deg == 0) {
                dangling += rank[v];
                share[v] = 0;
            } else {
                share[v] = rank[v] / static_cast<double>(deg);
            }
        }
        const double base = (1.0 - damping + damping * dangling) / static_cast<double>(n);
        for (std::size_t v = 0; v < n; ++v) {
            double sum = 0;
            for (const auto& e : view.in_edges(static_cast<VertexId>(v))) sum += share[e.neighbour];
            next[v] = base + damping * sum;
        }
        rank.swap(next);
    }
    return rank;
}

std::vector<Ranked> top_central(const GraphView& view, std::size_t k, unsigned iterations) {
    const auto rank = pagerank(view, iterations);
    std::vector<Ranked> all;
    all.reserve(view.num_entities());
    for (std::size_t v = 0; v < view.num_entities(); ++v)
        all.push_back(Ranked{static_cast<VertexId>(v), rank[v]});
    k = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                      [](const Ranked& a, const Ranked& b) {
                          return a.score != b.score ? a.score > b.score : a.vertex < b.vertex;
                      });
    all.resize(k);
    return all;
}

}  // namespace kg
