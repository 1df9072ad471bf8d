"""Converts a JSON-LD file to N-Quads with a real processor (pyld), offline.

Usage: jsonld_check.py FILE.jsonld
Prints the N-Quads on stdout. Exits 3 when pyld is not installed (the C++
test skips then), 1 when the document cannot be processed or uses a key or
type the inline @context does not define (a processor drops those silently).
Remote contexts are refused, so a document that is not self-contained fails.
"""
import json
import sys

try:
    from pyld import jsonld
except ImportError:
    print("pyld is not installed (Debian package python3-pyld)", file=sys.stderr)
    sys.exit(3)


def no_remote(url, options=None):
    raise RuntimeError("remote context requested: " + url)


def undefined_terms(doc):
    """Keys and @type values that neither are a term nor use a defined prefix."""
    ctx = doc.get("@context")
    if not isinstance(ctx, dict):
        return ["@context (not inline)"]

    def defined(word):
        if word in ctx or word.startswith("urn:") or "://" in word:
            return True
        return ":" in word and word.split(":", 1)[0] in ctx

    bad = set()

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "@type":
                    types = item if isinstance(item, list) else [item]
                    bad.update(t for t in types if not defined(t))
                elif not key.startswith("@") and not defined(key):
                    bad.add(key)
                if key not in ("@context", "@value", "@type"):
                    walk(item)

    walk(doc)
    return sorted(bad)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    bad = undefined_terms(doc)
    if bad:
        print("not defined in the inline @context: " + ", ".join(bad), file=sys.stderr)
        sys.exit(1)
    jsonld.set_document_loader(no_remote)
    try:
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    except Exception as e:  # pyld raises its own JsonLdError, with causes chained
        print("JSON-LD processing failed: %s" % e, file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(nquads)


if __name__ == "__main__":
    main()
