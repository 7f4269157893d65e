// newsgraph viewer. Every text from the store goes into the page through
// textContent or setAttribute, never as markup, and links are made only from
// http(s) URLs.
"use strict";

(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const RING = 190;          // distance between rings of the radial layout
  const NODE_R = 13;         // node radius; the centre is larger
  const CENTER_R = 20;
  const LABEL_MAX = 32;      // code points of a node label in the diagram

  const $ = (id) => document.getElementById(id);
  let current = null;        // {entity: iri, depth: n} of the shown view
  let drawn = {nodes: new Map(), edges: new Map()};  // diagram elements by IRI and by pair

  // el builds an HTML element; string children become text nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function shorten(s, n) {
    const r = Array.from(s);
    return r.length <= n ? s : r.slice(0, n - 1).join("") + "…";
  }

  // safeURL returns u when it is an absolute http(s) URL, else "".
  function safeURL(u) {
    try {
      const p = new URL(u);
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : "";
    } catch (_) {
      return "";
    }
  }

  // api fetches a JSON answer; a failed request throws an Error carrying
  // the server's answer.
  async function api(path, params) {
    const q = new URLSearchParams(params || {});
    const resp = await fetch(path + (q.toString() ? "?" + q : ""), {headers: {"Accept": "application/json"}, credentials: "same-origin"});
    let body = null;
    try {
      body = await resp.json();
    } catch (_) {
      body = {error: resp.statusText};
    }
    if (!resp.ok) {
      const err = new Error((body && body.error) || resp.statusText);
      err.status = resp.status;
      err.body = body;
      throw err;
    }
    return body;
  }

  function setStatus(msg, isError) {
    const s = $("status");
    s.textContent = msg;
    s.classList.toggle("error", !!isError);
  }

  function details(...children) {
    const d = $("details");
    d.replaceChildren(...children);
    d.scrollTop = 0;
  }

  // candidates lists entities to choose from after an ambiguous or unknown
  // name.
  function showCandidates(query, err, onPick) {
    const list = el("ul", {class: "candidates"});
    for (const c of (err.body && err.body.candidates) || []) {
      list.append(el("li", {}, el("button", {type: "button", onclick: () => onPick(c.iri)}, c.label), " ", el("span", {class: "type"}, c.type)));
    }
    details(el("h2", {}, err.status === 409 ? "Which one?" : "Not found"),
      el("p", {}, err.message),
      list.childElementCount ? list : el("p", {class: "hint"}, "Try another spelling, an alias or an ISO code."));
  }

  async function loadStats() {
    try {
      const s = await api("/api/stats");
      $("stats").textContent = `${s.documents} documents · ${s.entities} entities · ${s.facts} facts`;
    } catch (e) {
      $("stats").textContent = "store unavailable: " + e.message;
    }
  }

  let suggestTimer = 0;
  function suggest(ev) {
    clearTimeout(suggestTimer);
    const q = ev.target.value;
    if (q.trim().length < 2) return;
    suggestTimer = setTimeout(async () => {
      try {
        const res = await api("/api/search", {q});
        const dl = $("suggest");
        dl.replaceChildren(...res.map((r) => el("option", {value: r.label}, r.type)));
      } catch (_) { /* suggestions are optional */ }
    }, 200);
  }

  // explore shows the neighbourhood of an entity.
  async function explore(entity, depth) {
    depth = depth || Number($("depth").value) || 2;
    setStatus("Loading…");
    let nb;
    try {
      nb = await api("/api/neighbors", {entity, depth});
    } catch (err) {
      setStatus(err.message, true);
      if (err.status === 409 || err.status === 404) showCandidates(entity, err, (iri) => explore(iri, depth));
      return;
    }
    current = {entity: nb.center.iri, depth: nb.depth, label: nb.center.label};
    $("q").value = nb.center.label;
    history.replaceState(null, "", "#" + new URLSearchParams({entity: nb.center.iri, depth: String(nb.depth)}));
    const facts = nb.facts.length;
    setStatus(`${nb.center.label}: ${nb.nodes.length - 1} related entities, ${facts} facts within ${nb.depth} step${nb.depth > 1 ? "s" : ""}` +
      (nb.truncated ? " (cut short: too many)" : ""));
    draw(nb);
    updateDownload();
    showEntity(nb.center.iri);
  }

  function updateDownload() {
    const a = $("download");
    if (!current) return;
    const format = $("format").value;
    const q = new URLSearchParams({view: "neighbors", entity: current.entity, depth: String(current.depth), format});
    a.href = "/api/export?" + q;
    a.classList.remove("disabled");
    a.setAttribute("aria-disabled", "false");
  }

  // layout places the nodes on rings by distance. Each node wants the
  // circular mean of the angles of the nodes that lead to it; a ring's
  // nodes keep that order and are spread evenly, turned to fit the wishes
  // best, so edges cross little.
  function layout(nb) {
    const pos = new Map();
    const rings = [];
    for (const n of nb.nodes) (rings[n.distance] = rings[n.distance] || []).push(n);
    const links = new Map();
    for (const f of nb.facts) {
      for (const [a, b] of [[f.subject.iri, f.object.iri], [f.object.iri, f.subject.iri]]) {
        if (!links.has(a)) links.set(a, new Set());
        links.get(a).add(b);
      }
    }
    pos.set(nb.center.iri, {x: 0, y: 0, angle: 0, ring: 0});
    for (let d = 1; d < rings.length; d++) {
      const ring = rings[d] || [];
      const n = ring.length;
      const want = new Map();
      for (const node of ring) {
        let sx = 0, sy = 0;
        for (const m of links.get(node.iri) || []) {
          const p = pos.get(m);
          if (p && p.ring === d - 1 && d > 1) { sx += Math.cos(p.angle); sy += Math.sin(p.angle); }
        }
        want.set(node.iri, sx || sy ? Math.atan2(sy, sx) : -Math.PI / 2);
      }
      ring.sort((a, b) => want.get(a.iri) - want.get(b.iri) || a.label.localeCompare(b.label));
      // The turn that brings the even slots closest to the wishes.
      let cx = 0, cy = 0;
      ring.forEach((node, i) => {
        const delta = want.get(node.iri) - (2 * Math.PI * i) / n;
        cx += Math.cos(delta); cy += Math.sin(delta);
      });
      const turn = d === 1 ? -Math.PI / 2 : Math.atan2(cy, cx);
      const radius = RING * d * (n > 14 ? n / 14 : 1) ** (1 / 2);
      ring.forEach((node, i) => {
        const angle = turn + (2 * Math.PI * i) / n;
        pos.set(node.iri, {x: Math.cos(angle) * radius, y: Math.sin(angle) * radius, angle, ring: d});
      });
    }
    return pos;
  }

  // edgeGroups merges the facts with the same subject, predicate and object
  // into one edge.
  function edgeGroups(facts) {
    const groups = new Map();
    for (const f of facts) {
      const k = f.subject.iri + "\u0000" + f.predicate + "\u0000" + f.object.iri;
      if (!groups.has(k)) groups.set(k, {subject: f.subject, predicate: f.predicate, object: f.object, facts: []});
      groups.get(k).facts.push(f);
    }
    return [...groups.values()];
  }

  function draw(nb) {
    const pos = layout(nb);
    // Fit the view to the nodes and their labels, but never magnify a
    // small neighbourhood beyond its natural size.
    let minX = 0, maxX = 0, minY = 0, maxY = 0;
    for (const p of pos.values()) {
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    const box = $("diagram").getBoundingClientRect();
    let w = maxX - minX + 260, h = maxY - minY + 110;
    const cx0 = (minX + maxX) / 2, cy0 = (minY + maxY) / 2;
    w = Math.max(w, box.width || 800, h * (box.width || 800) / (box.height || 500));
    h = Math.max(h, box.height || 500, w * (box.height || 500) / (box.width || 800));
    const root = svg("svg", {viewBox: `${(cx0 - w / 2).toFixed(0)} ${(cy0 - h / 2).toFixed(0)} ${w.toFixed(0)} ${h.toFixed(0)}`,
      role: "img", "aria-label": "neighbourhood of " + nb.center.label});
    const defs = svg("defs");
    for (const p of ["signed", "attended", "refused", "builds-on"]) {
      const m = svg("marker", {id: "arrow-" + p, viewBox: "0 0 10 10", refX: 9, refY: 5, markerUnits: "userSpaceOnUse", markerWidth: 12, markerHeight: 12, orient: "auto-start-reverse"});
      m.append(svg("path", {d: "M0,0 L10,5 L0,10 z", class: "arrow-" + p}));
      defs.append(m);
    }
    root.append(defs);
    drawn = {nodes: new Map(), edges: new Map()};
    const edgesLayer = svg("g", {class: "edges"});
    const nodesLayer = svg("g", {class: "nodes"});
    root.append(edgesLayer, nodesLayer);

    const groups = edgeGroups(nb.facts);
    const pairCount = new Map();
    const pairKey = (g) => [g.subject.iri, g.object.iri].sort().join("\u0000");
    for (const g of groups) pairCount.set(pairKey(g), (pairCount.get(pairKey(g)) || 0) + 1);
    const pairSeen = new Map();
    for (const g of groups) {
      const a = pos.get(g.subject.iri), b = pos.get(g.object.iri);
      if (!a || !b) continue;
      const k = pairKey(g);
      const i = pairSeen.get(k) || 0;
      pairSeen.set(k, i + 1);
      const n = pairCount.get(k);
      const bend = (i - (n - 1) / 2) * 46;
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const cx = (a.x + b.x) / 2 - (dy / len) * bend, cy = (a.y + b.y) / 2 + (dx / len) * bend;
      const ra = g.subject.iri === nb.center.iri ? CENTER_R : NODE_R;
      const rb = g.object.iri === nb.center.iri ? CENTER_R : NODE_R;
      const start = toward(a, {x: cx, y: cy}, ra + 2), end = toward(b, {x: cx, y: cy}, rb + 4);
      const d = `M${start.x.toFixed(1)},${start.y.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${end.x.toFixed(1)},${end.y.toFixed(1)}`;
      const asserted = g.facts.some((f) => f.status === "asserted");
      const label = `${g.subject.label} ${g.predicate} ${g.object.label}`;
      const grp = svg("g", {class: `edge edge-${g.predicate}${asserted ? "" : " dashed"}`, tabindex: 0, role: "button", "aria-label": label});
      grp.append(svg("title", {}, `${label} (${g.facts.length} source sentence${g.facts.length > 1 ? "s" : ""})`));
      grp.append(svg("path", {d, class: "hit"}));
      grp.append(svg("path", {d, class: "line", "marker-end": `url(#arrow-${g.predicate})`}));
      const mx = 0.25 * start.x + 0.5 * cx + 0.25 * end.x, my = 0.25 * start.y + 0.5 * cy + 0.25 * end.y;
      grp.append(svg("text", {x: mx.toFixed(1), y: (my - 4).toFixed(1), class: "edge-label"}, g.predicate + (g.facts.length > 1 ? ` (${g.facts.length})` : "")));
      const open = () => { select(grp); showEdge(g); };
      grp.addEventListener("click", open);
      grp.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); } });
      if (!drawn.edges.has(k)) drawn.edges.set(k, []);
      drawn.edges.get(k).push(grp);
      edgesLayer.append(grp);
    }
    for (const n of nb.nodes) {
      const p = pos.get(n.iri);
      const isCenter = n.iri === nb.center.iri;
      const grp = svg("g", {class: `node type-${n.type}${isCenter ? " center" : ""}`, tabindex: 0, role: "button", "aria-label": `${n.label} (${n.type})`, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`});
      grp.append(svg("title", {}, `${n.label} (${n.type})`));
      grp.append(svg("circle", {r: isCenter ? CENTER_R : NODE_R}));
      const r = isCenter ? CENTER_R : NODE_R;
      // Labels go on the outer side, away from the edges to the centre.
      grp.append(svg("text", {y: p.y < -1 ? -r - 7 : r + 15, class: "node-label"}, shorten(n.label, LABEL_MAX)));
      const open = () => { select(grp); showEntity(n.iri); };
      grp.addEventListener("click", open);
      grp.addEventListener("dblclick", () => explore(n.iri));
      grp.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); open(); } });
      drawn.nodes.set(n.iri, grp);
      nodesLayer.append(grp);
    }
    $("diagram").replaceChildren(root);
  }

  // toward moves from p a distance r toward q.
  function toward(p, q, r) {
    const dx = q.x - p.x, dy = q.y - p.y, len = Math.hypot(dx, dy) || 1;
    return {x: p.x + (dx / len) * r, y: p.y + (dy / len) * r};
  }

  function select(g) {
    for (const s of document.querySelectorAll("#diagram .selected")) s.classList.remove("selected");
    g.classList.add("selected");
  }

  function sourceLine(src) {
    const p = el("p", {class: "source"});
    const full = src.title || src.id;
    const title = shorten(full, 140);
    const url = safeURL(src.url || "");
    p.append(url ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer", title: full}, title) : el("span", {class: "title", title: full}, title));
    const meta = [src.id !== full ? src.id : "", src.published ? "published " + src.published : ""].filter(Boolean).join(" · ");
    if (meta) p.append(el("br"), el("span", {class: "meta"}, meta));
    return p;
  }

  // claim renders one fact with its evidence sentence and source.
  function claim(f, withTriple) {
    const status = el("span", {class: "badge" + (f.status === "asserted" ? "" : " weak")}, f.status);
    const meta = el("p", {class: "claim-meta"}, status, ` confidence ${f.confidence.toFixed(2)}`, f.date ? ` · ${f.date}` : "", f.cue ? ` · cue “${f.cue}”` : "");
    const parts = [];
    if (withTriple) {
      parts.push(el("p", {class: "triple"},
        el("button", {type: "button", class: "link", onclick: () => showEntity(f.subject.iri)}, f.subject.label),
        ` ${f.predicate} `,
        el("button", {type: "button", class: "link", onclick: () => showEntity(f.object.iri)}, f.object.label)));
    }
    parts.push(meta, el("blockquote", {class: "evidence"}, f.evidence), sourceLine(f.source));
    return el("div", {class: "claim"}, ...parts);
  }

  function showEdge(g) {
    details(
      el("h2", {class: "edge-title"}, g.subject.label, el("span", {class: `pred pred-${g.predicate}`}, ` ${g.predicate} `), g.object.label),
      el("p", {class: "hint"}, `${g.facts.length} source sentence${g.facts.length > 1 ? "s" : ""}`),
      ...g.facts.map((f) => claim(f, false)));
  }

  async function showEntity(iri) {
    let p;
    try {
      p = await api("/api/show", {entity: iri});
    } catch (err) {
      details(el("h2", {}, "Error"), el("p", {class: "error"}, err.message));
      return;
    }
    const info = el("dl", {class: "info"});
    const row = (k, v) => { if (v) info.append(el("dt", {}, k), el("dd", {}, v)); };
    row("type", p.entity.type);
    row("aliases", (p.aliases || []).join("; "));
    row("ISO code", p.isoCode);
    row("Wikidata", p.wikidata);
    row("IRI", p.entity.iri);
    const actions = el("p", {class: "actions"});
    if (!current || current.entity !== p.entity.iri) {
      actions.append(el("button", {type: "button", onclick: () => explore(p.entity.iri)}, "Centre diagram here"));
    }
    const factCount = (n) => n ? `${n} fact${n === 1 ? "" : "s"} about it` : "mentions it";
    const sources = el("ul", {class: "sources"}, ...p.sources.map((s) => el("li", {}, sourceLine(s), el("span", {class: "meta"}, factCount(s.facts || 0)))));
    details(el("h2", {class: "entity-title"}, p.entity.label), info, actions,
      el("h3", {}, `Facts (${p.facts.length})`),
      ...(p.facts.length ? p.facts.map((f) => claim(f, true)) : [el("p", {class: "hint"}, "No facts about it, only mentions.")]),
      el("h3", {}, `Sources (${p.sources.length})`), sources);
  }

  async function findPath(ev) {
    ev.preventDefault();
    const to = $("path-to").value.trim();
    if (!current || !to) {
      setStatus(current ? "Name the entity to connect to." : "Show an entity first.", true);
      return;
    }
    let res;
    try {
      res = await api("/api/path", {from: current.entity, to});
    } catch (err) {
      setStatus(err.message, true);
      if (err.status === 409) showCandidates(to, err, (iri) => { $("path-to").value = iri; findPath(new Event("submit")); });
      return;
    }
    // Mark the part of the path that the diagram shows.
    for (const e of document.querySelectorAll("#diagram .on-path")) e.classList.remove("on-path");
    for (const h of res.hops) {
      for (const iri of [h.from.iri, h.to.iri]) drawn.nodes.get(iri)?.classList.add("on-path");
      for (const g of drawn.edges.get([h.from.iri, h.to.iri].sort().join("\u0000")) || []) g.classList.add("on-path");
    }
    const hops = res.hops.map((h) => el("li", {},
      el("p", {class: "hop"}, `${h.from.label} — ${h.to.label}`),
      ...h.facts.map((f) => claim(f, true))));
    details(el("h2", {}, `${res.from.label} → ${res.to.label}`),
      el("p", {class: "hint"}, `${res.hops.length} step${res.hops.length === 1 ? "" : "s"}`),
      el("ol", {class: "path"}, ...hops));
    setStatus(`Connected in ${res.hops.length} step${res.hops.length === 1 ? "" : "s"}.`);
  }

  function start() {
    $("search").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = $("q").value.trim();
      if (q) explore(q);
    });
    $("q").addEventListener("input", suggest);
    $("path-to").addEventListener("input", suggest);
    $("depth").addEventListener("change", () => { if (current) explore(current.entity); });
    $("format").addEventListener("change", updateDownload);
    $("download").addEventListener("click", (ev) => { if (!current) ev.preventDefault(); });
    $("path-form").addEventListener("submit", findPath);
    loadStats();
    fromHash();
    window.addEventListener("hashchange", fromHash);
  }

  // fromHash shows the view a link names: #entity=IRI-or-name&depth=N.
  function fromHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    const entity = h.get("entity");
    if (!entity || (current && current.entity === entity && String(current.depth) === h.get("depth"))) return;
    const d = Number(h.get("depth"));
    if (d >= 1 && d <= 3) $("depth").value = String(d);
    explore(entity);
  }

  start();
})();
