"""Converts a JSON-LD file to N-Quads with a real processor (pyld), offline.

Usage: jsonld_check.py FILE.jsonld
       jsonld_check.py FILE.jsonld --same-as FILE.nt
The first form prints the N-Quads on stdout. The second checks that FILE.nt
is strict N-Triples (valid UTF-8, one triple per line, absolute IRIs, no
repeated triple) holding the same RDF graph as FILE.jsonld: both are
canonicalized with URDNA2015 and compared; the difference goes to stderr.
Exits 3 when pyld is not installed (the C++ test skips then), 1 when the
document cannot be processed, uses a key or type the inline @context does not
define (a processor drops those silently), or the graphs differ, 2 when
FILE.nt is not valid N-Triples. Remote contexts are refused, so a document
that is not self-contained fails.
"""
import difflib
import json
import re
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


XSD = "http://www.w3.org/2001/XMLSchema#"

# N-Triples 1.1 terminals (https://www.w3.org/TR/n-triples/#n-triples-grammar).
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
IRIREF = r"<((?:[^\x00-\x20<>\"{}|^`\\]|" + UCHAR + r")*)>"
PN_CHARS_BASE = (
    "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
    "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF"
    "\uFDF0-\uFFFD\U00010000-\U000EFFFF")
PN_CHARS_U = PN_CHARS_BASE + "_:"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
BLANK = r"(_:[" + PN_CHARS_U + r"0-9](?:[" + PN_CHARS + r".]*[" + PN_CHARS + r"])?)"
STRING = r'"((?:[^"\\\n\r]|\\[tbnrf"\'\\]|' + UCHAR + r')*)"'
LANGTAG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
WS = r"[ \t]*"
TRIPLE = re.compile(
    "^" + WS + "(?:" + IRIREF + "|" + BLANK + ")" + WS + IRIREF + WS +
    "(?:" + IRIREF + "|" + BLANK + "|" + STRING + "(?:\\^\\^" + IRIREF + "|" + LANGTAG + ")?)" +
    WS + r"\." + WS + "$")
ESCAPE = re.compile(r"\\(?:([tbnrf\"'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text):
    def one(m):
        if m.group(1):
            return ECHARS[m.group(1)]
        return chr(int(m.group(2) or m.group(3), 16))
    return ESCAPE.sub(one, text)


def parse_ntriples(path):
    """The triples of a strict N-Triples file, in pyld's dataset form."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")  # strict: invalid UTF-8 is an error
    except UnicodeDecodeError as e:
        raise ValueError("not UTF-8: %s" % e)
    if text and not text.endswith("\n"):
        raise ValueError("the last line does not end with a newline")
    triples, seen = [], set()
    for number, line in enumerate(text.split("\n")[:-1], 1):
        m = TRIPLE.match(line)
        if m is None:
            raise ValueError("line %d is not an N-Triples triple: %r" % (number, line))
        g = m.groups()
        iris = [g[i] for i in (0, 2, 3, 6) if g[i] is not None]
        for iri in iris:
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", unescape(iri)):
                raise ValueError("line %d: relative IRI <%s>" % (number, iri))
        subject = ({"type": "IRI", "value": unescape(g[0])} if g[0] is not None else
                   {"type": "blank node", "value": g[1]})
        predicate = {"type": "IRI", "value": unescape(g[2])}
        if g[3] is not None:
            obj = {"type": "IRI", "value": unescape(g[3])}
        elif g[4] is not None:
            obj = {"type": "blank node", "value": g[4]}
        else:
            obj = {"type": "literal", "value": unescape(g[5])}
            if g[7] is not None:
                obj["datatype"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
                obj["language"] = g[7]
            else:
                obj["datatype"] = unescape(g[6]) if g[6] is not None else XSD + "string"
        key = json.dumps([subject, predicate, obj], sort_keys=True)
        if key in seen:
            raise ValueError("line %d repeats a triple: %r" % (number, line))
        seen.add(key)
        triples.append({"subject": subject, "predicate": predicate, "object": obj})
    return {"@default": triples} if triples else {}


def canonical_double(lexical):
    """JSON-LD 1.1's form: this pyld keeps '9.000000000000000E-01' for 0.9,
    the zeros and exponent padding it trims for positive exponents (pyld
    issue #175); jsonld.js and the spec give '9.0E-1'."""
    mantissa, exponent = ("%1.15E" % float(lexical)).split("E")
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return mantissa + "E" + str(int(exponent))


def canonical(dataset):
    return jsonld.URDNA2015().main(dataset, {"algorithm": "URDNA2015",
                                             "format": "application/n-quads"})


def same_graph(doc, nt_path):
    try:
        ours = parse_ntriples(nt_path)
    except ValueError as e:
        print("invalid N-Triples: %s" % e, file=sys.stderr)
        sys.exit(2)
    dataset = jsonld.to_rdf(doc, {"produceGeneralizedRdf": False})
    for triples in dataset.values():
        for t in triples:
            o = t["object"]
            if o["type"] == "literal" and o.get("datatype") == XSD + "double":
                o["value"] = canonical_double(o["value"])
    # Split at "\n" only: pyld writes other line breaks (U+0085, ...) as they are.
    expected = canonical(dataset).split("\n")
    got = canonical(ours).split("\n")
    if expected != got:
        diff = difflib.unified_diff(expected, got, "JSON-LD (pyld, URDNA2015)",
                                    "N-Triples (URDNA2015)", lineterm="")
        sys.stderr.write("\n".join(diff) + "\n")
        sys.exit(1)
    print("same graph: %d triples" % (len(expected) - 1))


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--same-as"):
        print("usage: jsonld_check.py FILE.jsonld [--same-as FILE.nt]", file=sys.stderr)
        sys.exit(1)
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    bad = undefined_terms(doc)
    if bad:
        print("not defined in the inline @context: " + ", ".join(bad), file=sys.stderr)
        sys.exit(1)
    jsonld.set_document_loader(no_remote)
    try:
        if len(sys.argv) == 4:
            same_graph(doc, sys.argv[3])
            return
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    except Exception as e:  # pyld raises its own JsonLdError, with causes chained
        print("JSON-LD processing failed: %s" % e, file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(nquads)


if __name__ == "__main__":
    main()
