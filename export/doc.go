// Package export writes a newsgraph graph in the formats people draw it
// with, load it into RDF tools, and analyse it in notebooks. Exporters
// consume quads or the [graph.Model] built from them and stream to an
// [io.Writer]; they never open a store. The same input gives the same
// bytes. Formats are chosen from an explicit registry, [Formats]; select a
// part of the graph first with a [graph.Filter], which every format
// shares.
//
// # Diagrams
//
// [WriteDOT] draws the asserted facts as a Graphviz digraph; [WriteSVG]
// and [WritePNG] render it in pure Go (Graphviz compiled to WebAssembly,
// no system Graphviz). [DiagramOptions] cluster the nodes by event or by
// source document, hide edges below a confidence, and choose the layout:
// from [LargeGraph] nodes the automatic layout switches from dot to sfdp
// (straight edges under the nodes, overlaps removed, no edge labels, an
// HTML legend); a large graph kept in dot gets concentrated edges and
// tighter ranks. PNG is drawn by our own renderer on the go-graphviz
// plugin interface, because go-graphviz v0.2.9's image renderer fills
// edge splines (see pngRenderer).
//
// # RDF
//
// The RDF formats — nquads ([WriteNQuads] of [RDFQuads]), [WriteNTriples],
// [WriteTurtle], [WriteTriG] and [WriteJSONLD] — write the same RDF,
// [RDFQuads]: the store's quads plus, for every statement, a W3C Web Annotation
// ([AnnotationQuads]) whose TextPositionSelector and TextQuoteSelector
// give the evidence span in the source document. We use Web Annotation
// rather than NIF because it points into a document by the document's IRI
// and counts offsets in code points with an exclusive end, as ng:start and
// ng:end do. N-Quads, TriG and JSON-LD keep one named graph per source
// document (the quad's label); N-Triples and Turtle merge the documents'
// triples. Turtle, TriG and JSON-LD abbreviate the vocabularies (rdf,
// rdfs, owl, xsd, schema, prov, ng, oa, wd) and the minted IRIs (person:,
// country:, doc:, stmt:, ...) where the local name is safe, and write
// anything else as a full, escaped IRI. [Ontology] is the vocabulary
// itself (format "ontology").
//
// # Graph and notebook formats
//
// [WriteGraphML], [WriteGEXF], [WriteNodesCSV] and [WriteEdgesCSV] (format
// "csv": a zip archive of nodes.csv and edges.csv, or the two files when
// the command writes into a directory), [WriteNodeLink] (networkx) and
// [WriteCytoscape] (Cytoscape.js) share one table: every entity is a node
// with [NodeColumns], and every asserted fact is an edge of its own with
// [EdgeColumns] — its evidence sentence, confidence, date, source document
// ID, title and publication date, and statement IRI. One edge per fact
// rather than one per subject-relation-object keeps every piece of
// evidence attached to an edge; a relation reported by three articles is
// three parallel edges (networkx reads a MultiDiGraph), and counting them
// gives the support.
package export
