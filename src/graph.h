/*
 * graph.h - `utdrag graph [-f FMT] [-o FILE] PATH...`: the partner network
 * of one or more pairs tables as GraphML or DOT, or drawn by Graphviz's
 * dot as SVG or PNG.
 *
 * Input.  Each PATH is a pairs table (CSV or TSV: by its extension .csv or
 * .tsv, else by a tab in its header line; "-" is standard input) or an
 * output folder of `utdrag extract -o DIR` (DIR/pairs.csv, else
 * DIR/pairs.tsv).  Beside a table called pairs.csv or pairs.tsv, the
 * documents table of the same format gives each article's year (the
 * first four digits of its date column, when they make a year).  Columns
 * are found by their header names: doc_id, swedish_municipality or
 * swedish_partner, and partner_canonical or partner are required;
 * swedish_code and partner_country are optional.  A UTF-8 BOM, CRLF line
 * ends and quoted CSV cells are read as utdrag writes them; TSV escapes
 * (\t \n \r \\) are undone, and so is the formula guard: a "'" before a
 * cell the guard would prefix (= + - @ tab CR first) in a guarded column.
 * Cells keep their bytes: "\xNN" escapes in a table stay as written.
 *
 * Graph.  A Swedish node per swedish_municipality (swedish_partner when
 * that is empty), labelled "Falu kommun (2080)" with its SCB code as text
 * (the smallest code given, should rows differ); a foreign node per
 * partner_canonical (partner when that is empty) and partner_country, so
 * that two places of one name in two countries stay apart, labelled
 * "Travnik (BA)".  An undirected edge per Swedish-foreign pair with the
 * number of distinct articles that state it (doc_id within one PATH: the
 * same doc_id in two PATHs is two articles) and the first and last year
 * of those articles with a known year.  A row without doc_id, without a
 * Swedish side or partner, or with another number of cells than the
 * header is skipped with a warning.  Nodes are sorted (Swedish by name,
 * then foreign by country and name, those without a country last) and
 * edges by their nodes, so the output depends only on the rows, not on
 * their order.
 *
 * Output.  GraphML with declared keys label, kind (swedish or foreign),
 * country, code, weight and years; DOT with one cluster per country
 * ("cluster_SE" for Sweden), colours from a fixed palette given to the
 * countries in code order, edge pen width growing with the weight.  Bytes
 * that are not UTF-8, and control characters, are written "\xNN" as in
 * the tables, so the GraphML is always well-formed XML.
 */
/* SPDX-License-Identifier: MIT */
#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>

enum graph_format {
    GRAPH_AUTO,                 /* by -o's extension; GraphML on stdout */
    GRAPH_GRAPHML,
    GRAPH_DOT,
    GRAPH_SVG,                  /* DOT drawn by `dot -Tsvg` */
    GRAPH_PNG,                  /* DOT drawn by `dot -Tpng` */
};

/* The format called 'name' ("graphml", "dot", "svg", "png"), or GRAPH_AUTO
 * for any other name. */
enum graph_format graph_format_named(const char *name);

/* Read the tables of paths[0..n) and write their graph to 'out' (a file
 * name; NULL or "-" is standard output) in 'fmt'.  The file is written
 * through a temporary file beside it and renamed into place, so a failed
 * run leaves an older file as it was.  Problems of configuration (an -o
 * name that tells no format, PNG to a terminal, no Graphviz for SVG or
 * PNG) are reported before any table is read.  Returns 0, 1 when rows
 * were skipped (each with a warning), or 2 after reporting an unreadable
 * or malformed table, a table that lacks the required columns, or an
 * output error. */
int graph_run(const char *const *paths, size_t n, enum graph_format fmt,
              const char *out);

#endif
