"""Reads a GraphML file with a real reader (networkx) and prints what it got
as one JSON object: nodes (id -> attributes), edges ([source, target, key,
attributes]), each attribute with the Python type networkx gave it.

Usage: graphml_check.py FILE.graphml
Exits 3 when networkx is not installed (the C++ test skips then), 1 when
the file cannot be read.
"""
import json
import sys

try:
    import networkx as nx
except ImportError:
    print("networkx is not installed (Debian package python3-networkx)", file=sys.stderr)
    sys.exit(3)


def typed(attrs):
    return {k: [type(v).__name__, v] for k, v in attrs.items()}


def main():
    try:
        g = nx.read_graphml(sys.argv[1], force_multigraph=True)
    except Exception as e:  # networkx raises several kinds for a bad file
        print("GraphML reading failed: %s" % e, file=sys.stderr)
        sys.exit(1)
    out = {
        "directed": g.is_directed(),
        "nodes": {n: typed(a) for n, a in g.nodes(data=True)},
        "edges": [[u, v, k, typed(a)] for u, v, k, a in g.edges(keys=True, data=True)],
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
