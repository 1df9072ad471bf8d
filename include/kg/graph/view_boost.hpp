// Boost.Graph adaptors for GraphView, so BGL algorithms run on its CSR arrays
// without copying them:
//  - GraphView itself is a directed VertexListGraph, IncidenceGraph,
//    BidirectionalGraph and AdjacencyGraph over its asserted facts (negated
//    facts say two things are *not* connected, so traversals skip them);
//  - UndirectedView{view} sees every asserted fact from both ends (weakly
//    connected components, paths that may walk a fact backwards), except
//    that a value vertex has no out-edges: walks end at "$1B", they do not
//    pass through it to every other company valued at $1B.
// An edge descriptor names its fact, so a visitor can read relation and
// confidence through view.fact(e.fact). Include this header only where BGL
// templates are instantiated (src/graph/algorithms.cpp, tests): it is heavy.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>
#include <utility>

#include "kg/graph/view.hpp"

namespace kg {

// One fact walked from `source` to `target`; `forward` is false when the walk
// goes against the fact's direction (object to subject).
struct ViewEdgeRef {
    VertexId source = 0;
    VertexId target = 0;
    FactIndex fact = 0;
    bool forward = true;
    friend bool operator==(const ViewEdgeRef& a, const ViewEdgeRef& b) {
        return a.fact == b.fact && a.source == b.source && a.target == b.target;
    }
    friend bool operator!=(const ViewEdgeRef& a, const ViewEdgeRef& b) { return !(a == b); }
};

// The undirected reading of a view: out_edges(v) are v's asserted out-edges
// followed by its asserted in-edges (walked backwards).
struct UndirectedView {
    const GraphView* view;
};

namespace view_detail {

// Walks [0, out.size() + in.size()): first `out` (forward), then `in`
// (backward). With `in` empty it is a plain out-edge iterator; with `out`
// empty and `in_as_source` set, an in-edge iterator.
class EdgeIterator : public boost::iterator_facade<EdgeIterator, ViewEdgeRef,
                                                   std::random_access_iterator_tag, ViewEdgeRef> {
  public:
    EdgeIterator() = default;
    EdgeIterator(VertexId self, const ViewEdge* out, std::size_t n_out, const ViewEdge* in,
                 std::size_t i, bool in_as_source)
        : self_(self), out_(out), n_out_(n_out), in_(in), i_(i), in_as_source_(in_as_source) {}

  private:
    friend class boost::iterator_core_access;
    ViewEdgeRef dereference() const {
        if (i_ < n_out_) return {self_, out_[i_].neighbour, out_[i_].fact, true};
        const ViewEdge& e = in_[i_ - n_out_];
        // in_edges(v): the fact's real direction, subject -> v.
        if (in_as_source_) return {e.neighbour, self_, e.fact, true};
        // undirected out_edges(v): walked from v back to the subject.
        return {self_, e.neighbour, e.fact, false};
    }
    bool equal(const EdgeIterator& o) const { return i_ == o.i_; }
    void increment() { ++i_; }
    void decrement() { --i_; }
    void advance(std::ptrdiff_t n) {
        i_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i_) + n);
    }
    std::ptrdiff_t distance_to(const EdgeIterator& o) const {
        return static_cast<std::ptrdiff_t>(o.i_) - static_cast<std::ptrdiff_t>(i_);
    }

    VertexId self_ = 0;
    const ViewEdge* out_ = nullptr;
    std::size_t n_out_ = 0;
    const ViewEdge* in_ = nullptr;
    std::size_t i_ = 0;
    bool in_as_source_ = false;
};

// Neighbours in the order of EdgeIterator (a vertex linked by two facts appears twice).
class AdjacencyIterator : public boost::iterator_facade<AdjacencyIterator, VertexId,
                                                        std::random_access_iterator_tag, VertexId> {
  public:
    AdjacencyIterator() = default;
    explicit AdjacencyIterator(EdgeIterator it) : it_(it) {}

  private:
    friend class boost::iterator_core_access;
    VertexId dereference() const { return (*it_).target; }
    bool equal(const AdjacencyIterator& o) const { return it_ == o.it_; }
    void increment() { ++it_; }
    void decrement() { --it_; }
    void advance(std::ptrdiff_t n) { it_ += n; }
    std::ptrdiff_t distance_to(const AdjacencyIterator& o) const { return o.it_ - it_; }
    EdgeIterator it_;
};

struct TraversalTag : boost::bidirectional_graph_tag,
                      boost::vertex_list_graph_tag,
                      boost::adjacency_graph_tag {};
struct UndirectedTraversalTag : boost::incidence_graph_tag,
                                boost::vertex_list_graph_tag,
                                boost::adjacency_graph_tag {};

template <class Directed, class Traversal>
struct Traits {
    using vertex_descriptor = VertexId;
    using edge_descriptor = ViewEdgeRef;
    using directed_category = Directed;
    using edge_parallel_category = boost::allow_parallel_edge_tag;
    using traversal_category = Traversal;
    using vertex_iterator = boost::counting_iterator<VertexId>;
    using out_edge_iterator = EdgeIterator;
    using in_edge_iterator = EdgeIterator;
    using adjacency_iterator = AdjacencyIterator;
    using vertices_size_type = std::size_t;
    using edges_size_type = std::size_t;
    using degree_size_type = std::size_t;
    static vertex_descriptor null_vertex() { return GraphView::kNoVertex; }
};

}  // namespace view_detail

// --- GraphView: directed, asserted facts ---

inline std::pair<boost::counting_iterator<VertexId>, boost::counting_iterator<VertexId>> vertices(
    const GraphView& g) {
    return {VertexId{0}, static_cast<VertexId>(g.num_vertices())};
}
inline std::size_t num_vertices(const GraphView& g) {
    return g.num_vertices();
}
inline VertexId source(const ViewEdgeRef& e, const GraphView&) {
    return e.source;
}
inline VertexId target(const ViewEdgeRef& e, const GraphView&) {
    return e.target;
}
inline std::pair<view_detail::EdgeIterator, view_detail::EdgeIterator> out_edges(
    VertexId v, const GraphView& g) {
    const auto out = g.out_edges(v);
    return {view_detail::EdgeIterator(v, out.data(), out.size(), nullptr, 0, false),
            view_detail::EdgeIterator(v, out.data(), out.size(), nullptr, out.size(), false)};
}
inline std::size_t out_degree(VertexId v, const GraphView& g) {
    return g.out_edges(v).size();
}
inline std::pair<view_detail::EdgeIterator, view_detail::EdgeIterator> in_edges(
    VertexId v, const GraphView& g) {
    const auto in = g.in_edges(v);
    return {view_detail::EdgeIterator(v, nullptr, 0, in.data(), 0, true),
            view_detail::EdgeIterator(v, nullptr, 0, in.data(), in.size(), true)};
}
inline std::size_t in_degree(VertexId v, const GraphView& g) {
    return g.in_edges(v).size();
}
inline std::size_t degree(VertexId v, const GraphView& g) {
    return out_degree(v, g) + in_degree(v, g);
}
inline std::pair<view_detail::AdjacencyIterator, view_detail::AdjacencyIterator> adjacent_vertices(
    VertexId v, const GraphView& g) {
    const auto [b, e] = out_edges(v, g);
    return {view_detail::AdjacencyIterator(b), view_detail::AdjacencyIterator(e)};
}

// --- UndirectedView: asserted facts from both ends ---

inline std::pair<boost::counting_iterator<VertexId>, boost::counting_iterator<VertexId>> vertices(
    const UndirectedView& g) {
    return vertices(*g.view);
}
inline std::size_t num_vertices(const UndirectedView& g) {
    return g.view->num_vertices();
}
inline VertexId source(const ViewEdgeRef& e, const UndirectedView&) {
    return e.source;
}
inline VertexId target(const ViewEdgeRef& e, const UndirectedView&) {
    return e.target;
}
inline std::pair<view_detail::EdgeIterator, view_detail::EdgeIterator> out_edges(
    VertexId v, const UndirectedView& g) {
    if (g.view->is_value(v)) return {view_detail::EdgeIterator(), view_detail::EdgeIterator()};
    const auto out = g.view->out_edges(v);
    const auto in = g.view->in_edges(v);
    return {view_detail::EdgeIterator(v, out.data(), out.size(), in.data(), 0, false),
            view_detail::EdgeIterator(v, out.data(), out.size(), in.data(), out.size() + in.size(),
                                      false)};
}
inline std::size_t out_degree(VertexId v, const UndirectedView& g) {
    if (g.view->is_value(v)) return 0;
    return g.view->out_edges(v).size() + g.view->in_edges(v).size();
}
inline std::size_t degree(VertexId v, const UndirectedView& g) {
    return out_degree(v, g);
}
inline std::pair<view_detail::AdjacencyIterator, view_detail::AdjacencyIterator> adjacent_vertices(
    VertexId v, const UndirectedView& g) {
    const auto [b, e] = out_edges(v, g);
    return {view_detail::AdjacencyIterator(b), view_detail::AdjacencyIterator(e)};
}

// Vertex ids are their own index.
inline boost::typed_identity_property_map<VertexId> get(boost::vertex_index_t, const GraphView&) {
    return {};
}
inline boost::typed_identity_property_map<VertexId> get(boost::vertex_index_t,
                                                        const UndirectedView&) {
    return {};
}

}  // namespace kg

namespace boost {

template <>
struct graph_traits<kg::GraphView>
    : kg::view_detail::Traits<bidirectional_tag, kg::view_detail::TraversalTag> {};
template <>
struct graph_traits<kg::UndirectedView>
    : kg::view_detail::Traits<undirected_tag, kg::view_detail::UndirectedTraversalTag> {};

template <>
struct property_map<kg::GraphView, vertex_index_t> {
    using type = typed_identity_property_map<kg::VertexId>;
    using const_type = type;
};
template <>
struct property_map<kg::UndirectedView, vertex_index_t> {
    using type = typed_identity_property_map<kg::VertexId>;
    using const_type = type;
};

}  // namespace boost
