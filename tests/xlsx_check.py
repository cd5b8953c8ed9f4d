#!/usr/bin/env python3
"""xlsx_check.py - read an xlsx workbook back with zipfile + xml.etree only.

usage: xlsx_check.py FILE.xlsx [--dump] [--sheets A,B,...]
                     [--expect SHEET:COLUMN:TYPE:VALUE]...
                     [--types SHEET:COLUMN:TYPE]... [--same-as DIR]

Always checked: every part of the zip is well-formed XML; no cell holds a
formula (<f>); every sheet has a frozen first row (<pane ySplit="1"
state="frozen">), an <autoFilter> whose range starts at A1 and covers the
header and every row, and a bold header row (each header cell's style has a
bold font in styles.xml).
--sheets   the sheet names, exactly and in this order
--expect   some data cell of column COLUMN (by its header) in SHEET has type
           TYPE (s: string, n: number) and exactly this VALUE (numbers are
           compared as written in the XML, "12" not "12.0")
--types    every non-blank data cell of that column has type TYPE
--same-as  every sheet holds the cell values of DIR/SHEET.tsv (utdrag's TSV,
           escapes undone; a blank cell is an empty one)
--dump     print each cell as SHEET!REF TYPE VALUE (newline as \\n)
Prints FAIL lines and ends with "N passed, N failed"; exits 1 on a failure.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
M = "{%s}" % NS["m"]

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)


def text_of(el):
    """The text of an <is> or <si> element: its <t>, or its runs' <t>s,
    with Excel's _xHHHH_ escapes (control characters) decoded."""
    s = "".join(t.text or "" for t in el.iter(M + "t"))
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)),
                  s)


def tsv_rows(path):
    """A TSV table of utdrag as lists of cells, escapes undone."""
    esc = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    rows = []
    with open(path, encoding="utf-8", errors="replace",
              newline="\n") as f:
        for line in f:
            rows.append([re.sub(r"\\([tnr\\])", lambda m: esc[m.group(1)], c)
                         for c in line.rstrip("\n").split("\t")])
    return rows


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def read_book(path):
    z = zipfile.ZipFile(path)
    parts = {}
    bad = []
    for name in z.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            try:
                parts[name] = ET.fromstring(z.read(name))
            except ET.ParseError as e:
                bad.append("%s: %s" % (name, e))
    check(not bad, "not well-formed XML: %s" % bad)
    wb = parts["xl/workbook.xml"]
    rels = parts["xl/_rels/workbook.xml.rels"]
    target = {r.get("Id"): r.get("Target")
              for r in rels.findall("pr:Relationship", NS)}
    shared = []
    if "xl/sharedStrings.xml" in parts:
        shared = [text_of(si) for si in
                  parts["xl/sharedStrings.xml"].findall("m:si", NS)]
    styles = parts["xl/styles.xml"]
    fonts = styles.find("m:fonts", NS).findall("m:font", NS)
    xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)

    def bold(s):
        xf = xfs[int(s or 0)]
        return fonts[int(xf.get("fontId", 0))].find("m:b", NS) is not None

    sheets = []
    for sh in wb.find("m:sheets", NS).findall("m:sheet", NS):
        rid = sh.get("{%s}id" % NS["r"])
        xml = parts["xl/" + target[rid].lstrip("/").replace("xl/", "", 1)]
        rows = []                       # rows[i] = {col: (type, value)}
        header_bold = True
        formulas = []
        for row in xml.iter(M + "row"):
            cells = {}
            for c in row.findall("m:c", NS):
                t = c.get("t", "n")
                if c.find("m:f", NS) is not None:
                    formulas.append(c.get("r"))
                if t == "inlineStr":
                    cell = ("s", text_of(c.find("m:is", NS)))
                elif t == "s":
                    cell = ("s", shared[int(c.find("m:v", NS).text)])
                elif t == "n":
                    v = c.find("m:v", NS)
                    cell = ("n", v.text if v is not None else "")
                else:
                    cell = (t, c.findtext("m:v", "", NS))
                cells[col_index(c.get("r"))] = cell
                if int(row.get("r")) == 1 and not bold(c.get("s")):
                    header_bold = False
            while len(rows) < int(row.get("r")) - 1:
                rows.append({})
            rows.append(cells)
        name = sh.get("name")
        check(not formulas, "%s: formulas in %s" % (name, formulas[:5]))
        pane = xml.find("m:sheetViews/m:sheetView/m:pane", NS)
        check(pane is not None and pane.get("state") == "frozen" and
              pane.get("ySplit") == "1", name + ": first row not frozen")
        af = xml.find("m:autoFilter", NS)
        want = None
        if rows:
            last = chr(64 + len(rows[0])) if len(rows[0]) <= 26 else "?"
            want = "A1:%s%d" % (last, len(rows))
        check(af is not None and af.get("ref") == want,
              "%s: autoFilter %s, want %s" %
              (name, None if af is None else af.get("ref"), want))
        check(header_bold and rows and rows[0], name + ": header not bold")
        sheets.append((name, rows))
    return sheets


def column(sheets, spec):
    """SHEET:COLUMN -> (sheet rows, column index) or None."""
    sname, cname = spec
    for name, rows in sheets:
        if name == sname and rows:
            for i, (t, v) in rows[0].items():
                if v == cname:
                    return rows, i
    return None


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__, end="")
        return 2
    sheets = read_book(argv[1])
    args = argv[2:]
    while args:
        opt = args.pop(0)
        if opt == "--dump":
            for name, rows in sheets:
                for r, cells in enumerate(rows):
                    for i in sorted(cells):
                        t, v = cells[i]
                        ref = "%s%d" % (chr(65 + i) if i < 26 else "?", r + 1)
                        print("%s!%s %s %s" %
                              (name, ref, t, v.replace("\n", "\\n")))
        elif opt == "--sheets":
            want = args.pop(0).split(",")
            got = [name for name, _ in sheets]
            check(got == want, "sheets %s, want %s" % (got, want))
        elif opt == "--expect":
            sname, cname, t, v = args.pop(0).split(":", 3)
            found = column(sheets, (sname, cname))
            hit = found and any(row.get(found[1]) == (t, v)
                                for row in found[0][1:])
            check(hit, "%s:%s has no %s cell %r" % (sname, cname, t, v))
        elif opt == "--same-as":
            d = args.pop(0)
            for name, rows in sheets:
                want = tsv_rows("%s/%s.tsv" % (d, name))
                got = [[row.get(i, ("s", ""))[1] for i in range(len(want[0]))]
                       for row in rows]
                diff = [(i + 1, g, w) for i, (g, w) in
                        enumerate(zip(got, want)) if g != w]
                check(len(got) == len(want) and not diff,
                      "%s: %d rows, %s.tsv %d; first difference %s" %
                      (name, len(got), name, len(want), diff[:1]))
        elif opt == "--types":
            sname, cname, t = args.pop(0).split(":", 2)
            found = column(sheets, (sname, cname))
            bad = [] if found else ["no such column"]
            for row in found[0][1:] if found else []:
                if found[1] in row and row[found[1]][0] != t:
                    bad.append(row[found[1]])
            check(not bad and found and len(found[0]) > 1,
                  "%s:%s not all %s: %s" % (sname, cname, t, bad[:3]))
        else:
            print("xlsx_check.py: unknown argument " + opt)
            return 2
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
