# %% [markdown]
# # Which actors are most connected?
#
# A notebook-style script (cells marked `# %%`) over a newsgraph GraphML
# export. Make the export with
#
#     newsgraph export --format graphml -o graph.graphml
#
# and run
#
#     /usr/bin/python3 examples/rank_actors.py graph.graphml
#
# It needs networkx (Debian: python3-networkx).

# %%
import collections
import sys

import networkx as nx

path = sys.argv[1] if len(sys.argv) > 1 else "graph.graphml"

# %% [markdown]
# Every entity is a node with `label` and `type`; every asserted fact is an
# edge of its own with `relation`, `confidence`, `date`, `quote` and the
# source `document` and `title`, so a relation reported by two articles is
# two parallel edges and networkx reads a MultiDiGraph.

# %%
g = nx.read_graphml(path)
print(f"{g.number_of_nodes()} entities, {g.number_of_edges()} facts from {path}")

# %% [markdown]
# Actors are the people, states and organisations. Rank them by degree (the
# number of facts they take part in), and say which relations and how many
# distinct sources stand behind it.

# %%
ACTORS = {"Person", "Country", "Organization"}
actors = [n for n, d in g.nodes(data=True) if d.get("type") in ACTORS]
ranked = sorted(actors, key=lambda n: (-g.degree(n), g.nodes[n].get("label", n)))

# %%
print(f"\n{'rank':>4}  {'degree':>6}  {'sources':>7}  actor (type): relations")
for i, n in enumerate(ranked, 1):
    if g.degree(n) == 0:
        break
    facts = list(g.out_edges(n, data=True)) + list(g.in_edges(n, data=True))
    rel = collections.Counter(d["relation"] for *_, d in facts)
    sources = {d.get("document") for *_, d in facts}
    data = g.nodes[n]
    rels = ", ".join(f"{r} {k}" for r, k in sorted(rel.items()))
    print(f"{i:>4}  {g.degree(n):>6}  {len(sources):>7}  {data.get('label', n)} ({data['type']}): {rels}")
