# %% [markdown]
# # Who signed what, according to which source?
#
# A notebook-style script (cells marked `# %%`, as Jupytext, VS Code and
# Spyder read them) over a newsgraph RDF export. Make the export with
#
#     newsgraph export --format trig -o graph.trig      # or --format nquads -o graph.nq
#
# and run
#
#     /usr/bin/python3 examples/who_signed.py graph.trig
#
# It needs rdflib (Debian: python3-rdflib).

# %%
import sys

import rdflib

path = sys.argv[1] if len(sys.argv) > 1 else "graph.trig"
fmt = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}.get(path.rsplit(".", 1)[-1], "trig")

# %% [markdown]
# Load the export. Each source document is a named graph; a
# ConjunctiveGraph queries their union, and `GRAPH ?doc` finds the document
# a statement came from.

# %%
ds = rdflib.ConjunctiveGraph()
ds.parse(path, format=fmt)
graphs = list(ds.contexts())
print(f"{sum(len(c) for c in graphs)} quads ({len(ds)} distinct triples) in {len(graphs)} graphs from {path}")

# %% [markdown]
# Every extracted relation is an `ng:Statement` with its subject, relation,
# object, polarity, modality, confidence, evidence sentence and source
# (`prov:wasDerivedFrom`). Asserted, positive signings are the facts; the
# query also returns the title and date of the source and the sentence.

# %%
QUERY = """
PREFIX ng: <https://newsgraph.invalid/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?signer ?agreement ?title ?published ?confidence ?evidence WHERE {
  GRAPH ?doc {
    ?st a ng:Statement ;
        ng:predicate ng:signed ;
        ng:polarity "positive" ;
        ng:modality "asserted" ;
        ng:subject ?s ;
        ng:object ?a ;
        ng:confidence ?confidence ;
        ng:evidence ?evidence ;
        prov:wasDerivedFrom ?doc .
    ?s rdfs:label ?signer .
    ?a rdfs:label ?agreement .
    ?doc schema:headline ?title .
    OPTIONAL { ?doc schema:datePublished ?published }
  }
}
ORDER BY ?agreement ?signer ?published
"""

rows = list(ds.query(QUERY))

# %%
current = None
for r in rows:
    if r.agreement != current:
        current = r.agreement
        print(f"\n{current}")
    date = f", {r.published}" if r.published else ""
    print(f"  signed by {r.signer} [{float(r.confidence):.2f}]")
    print(f"    according to “{r.title}”{date}")
    print(f"    “{r.evidence}”")

# %%
print(f"\n{len(rows)} signings, {len({r.agreement for r in rows})} agreements, {len({r.title for r in rows})} sources")
