"""Reads newsgraph exports with the tools people use and reports what they saw.

Run by the export tests with /usr/bin/python3 (Debian's rdflib, networkx and
pyld). Argument: a JSON file {"files": [{"path", "format"}], "agreement":
label}. Prints one JSON object mapping each path to its findings:

  RDF (nt, nquads, turtle, trig, json-ld): "triples" (distinct s, p, o over
  all graphs), "quads" (distinct s, p, o, graph), "signers" (labels of who
  ng:signed the agreement with the given label, by SPARQL), "warnings"
  (anything rdflib logged at WARNING or above), and for json-ld "pyld_quads"
  (distinct N-Quads lines from pyld's toRdf).
  graphml, gexf, nodelink: "nodes", "edges", "missing" (edges lacking an
  evidence attribute), and for gexf "errors" (GEXF 1.2 structure problems).
"""

import json
import logging
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import rdflib

warnings = []


class Collect(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())


logging.getLogger().addHandler(Collect(level=logging.WARNING))

SIGNERS = """
PREFIX ng: <https://newsgraph.invalid/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE {
  ?signer ng:signed ?agreement .
  ?agreement rdfs:label ?label .
  ?signer rdfs:label ?name .
  FILTER (str(?label) = ?wanted)
}
"""

EVIDENCE = ["relation", "confidence", "date", "quote", "document", "statement"]


def rdf(path, fmt, agreement):
    del warnings[:]
    g = rdflib.ConjunctiveGraph()
    g.parse(path, format=fmt)
    quads = set()
    triples = set()
    for s, p, o, c in g.quads((None, None, None, None)):
        triples.add((s, p, o))
        quads.add((s, p, o, c.identifier))
    out = {"triples": len(triples), "quads": len(quads), "warnings": list(warnings)}
    if agreement:
        rows = g.query(SIGNERS, initBindings={"wanted": rdflib.Literal(agreement)})
        out["signers"] = sorted(str(r[0]) for r in rows)
    if fmt == "json-ld":
        from pyld import jsonld

        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        nq = jsonld.to_rdf(doc, {"format": "application/n-quads"})
        out["pyld_quads"] = len(set(line for line in nq.split("\n") if line))
    return out


def counts(g):
    missing = sum(1 for *_, d in g.edges(data=True) if any(k not in d for k in EVIDENCE))
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "missing": missing}


GEXF = "{http://www.gexf.net/1.2draft}"
ATTR_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}
NODE_ATTRS = {"id", "label", "pid", "start", "end", "startopen", "endopen"}
EDGE_ATTRS = {"id", "source", "target", "type", "label", "weight", "kind", "start", "end", "startopen", "endopen"}


def gexf_errors(path):
    """Checks the GEXF 1.2 structure the schema prescribes."""
    errs = []
    root = ET.parse(path).getroot()
    if root.tag != GEXF + "gexf" or root.get("version") != "1.2":
        errs.append("root is not <gexf version=\"1.2\"> in the 1.2draft namespace")
    graphs = root.findall(GEXF + "graph")
    if len(graphs) != 1:
        return errs + ["want one <graph>"]
    graph = graphs[0]
    if graph.get("defaultedgetype") not in ("directed", "undirected", "mutual"):
        errs.append("bad defaultedgetype")
    declared = {"node": {}, "edge": {}}
    order = [child.tag for child in graph]
    if order != [GEXF + "attributes", GEXF + "attributes", GEXF + "nodes", GEXF + "edges"]:
        errs.append("graph children out of order: %s" % order)
    for attrs in graph.findall(GEXF + "attributes"):
        cls = attrs.get("class")
        if cls not in declared:
            errs.append("attributes class %r" % cls)
            continue
        for a in attrs:
            if a.tag != GEXF + "attribute" or not a.get("id") or not a.get("title"):
                errs.append("attribute without id or title")
            if a.get("type") not in ATTR_TYPES:
                errs.append("attribute type %r" % a.get("type"))
            declared[cls][a.get("id")] = a.get("type")
    ids = set()
    for n in graph.find(GEXF + "nodes"):
        if set(n.attrib) - NODE_ATTRS or not n.get("id"):
            errs.append("node attributes %s" % sorted(n.attrib))
        ids.add(n.get("id"))
        errs += values(n, declared["node"])
    for e in graph.find(GEXF + "edges"):
        if set(e.attrib) - EDGE_ATTRS or not e.get("id") or not e.get("label") or not e.get("kind"):
            errs.append("edge attributes %s" % sorted(e.attrib))
        if e.get("source") not in ids or e.get("target") not in ids:
            errs.append("edge %s to an unknown node" % e.get("id"))
        float(e.get("weight", "1"))
        errs += values(e, declared["edge"])
    return errs


def values(el, declared):
    errs = []
    for av in el.iter(GEXF + "attvalue"):
        t = declared.get(av.get("for"))
        if t is None:
            errs.append("attvalue for undeclared %r" % av.get("for"))
        elif t == "double":
            float(av.get("value"))
    return errs


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    out = {}
    for item in spec["files"]:
        path, fmt = item["path"], item["format"]
        if fmt in ("nt", "nquads", "turtle", "trig", "json-ld"):
            out[path] = rdf(path, fmt, spec.get("agreement"))
        elif fmt == "graphml":
            out[path] = counts(nx.read_graphml(path))
        elif fmt == "gexf":
            out[path] = counts(nx.read_gexf(path))
            out[path]["errors"] = gexf_errors(path)
        elif fmt == "nodelink":
            with open(path, encoding="utf-8") as f:
                out[path] = counts(nx.node_link_graph(json.load(f)))
        else:
            raise SystemExit("unknown format " + fmt)
    json.dump(out, sys.stdout)


main()
