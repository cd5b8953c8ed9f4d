#!/usr/bin/env python3
"""baseline.py - the script a user would write instead of utdrag.

Python's `re` and `unicodedata` only, one process, one document at a time:
read each file, decode (UTF-8, else Windows-1252), normalize (NFC, line
ends, NBSP, soft hyphens, dashes, quote marks), split into paragraphs, run
about ten regular expressions equivalent to utdrag's main rules (pair list
lines and pair sentences, dash quotes, quote-mark quotes, colon intros, the
metadata blocks and their run-together values, SDG goals), check pairs
against the municipality and partner lists, and write three CSV files.

It is the yardstick for bench/run.sh's "python" row, not a second
implementation: it is deliberately what a competent user writes in an
afternoon, so it finds less than utdrag (no speaker linking beyond
"hon/han", no roles, no deduplication by canonical name, ...).

Usage: baseline.py -o OUTDIR PATH...   (files or folders, read recursively)
"""

import argparse
import csv
import os
import re
import sys
import unicodedata

LISTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "lists")


def load_list(name, columns):
    """Every spelling in the given columns (and the aliases) of a list."""
    names = set()
    with open(os.path.join(LISTS, name), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            for c in columns:
                if row.get(c):
                    names.add(row[c])
            names.update(a for a in row.get("aliases", "").split("|") if a)
    return names


SWEDISH = load_list("municipalities.tsv", ["name", "short"]) | load_list("regions.tsv", ["name", "short"])
PARTNERS = load_list("partners.tsv", ["name"])
COUNTRIES = load_list("countries.tsv", ["name"])

# ---- normalization ----------------------------------------------------------
# (A chain of str.replace: str.translate with a dict is 20 times slower.)
FOLD = [("\r\n", "\n"), ("\r", "\n"), ("\u00a0", " "), ("\u202f", " "), ("\t", " "),
        ("\u00ad", ""), ("\u200b", ""), ("\ufeff", ""), ("\u2014", "\u2013"),
        ("\u2212", "\u2013"), ("\u201d", '"'), ("\u201c", '"'), ("\u201e", '"'),
        ("\u2019", "'"), ("\u2018", "'")]


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = unicodedata.normalize("NFC", text)
    for old, new in FOLD:
        text = text.replace(old, new)
    return text


# ---- the regular expressions --------------------------------------------------
UP = "A-ZÅÄÖÆØÜÉČĆŠŽĐŁ"
PLACE = rf"[{UP}][\w'-]+(?: (?:of )?[{UP}][\w'-]+){{0,2}}"
NAME = rf"[{UP}]\w+(?:-[{UP}]?\w+)?(?: (?:von |af |de )?[{UP}]\w+(?:-[{UP}]\w+)?){{0,2}}"
SAYS = (r"(?:säger|sa|sade|berättar|menar|konstaterar|understryker|tillägger|betonar|"
        r"förklarar|says|said|adds|explains|sier)")
WHO = rf"(?:[a-zåäö]+(?: [a-zåäö]+)? )?(?P<speaker>{NAME}|hon|han|she|he)"
HEADINGS = {"Globala mål": "sdg", "Sustainable Development Goals": "sdg", "Tema": "theme",
            "Theme": "theme", "Svensk partner": "swedish_partner",
            "Swedish partner": "swedish_partner", "Internationell partner": "international_partner",
            "International partner": "international_partner", "Etiketter": "label",
            "Tags": "label", "Samarbetsland": "country", "Partner country": "country"}

# 1-4: pairs
PAIR_LINE = re.compile(rf"^(?:[-–•*] ?)?(?P<swe>Region {PLACE}|{PLACE} (?:kommun|stad)) och (?P<partner>{PLACE})$", re.M)
PAIR_ONE_OF = re.compile(rf"(?P<swe>(?:Region )?{PLACE}) och (?P<partner>{PLACE}) är (?:en|ett) av")
PAIR_AND = re.compile(rf"(?<!\w)(?P<swe>(?:Region )?{PLACE}(?: (?:kommun|stad|län|municipality))?) (?:och|and) (?P<partner>{PLACE})(?!\w)")
PAIR_WITH = re.compile(rf"(?<!\w)(?P<swe>(?:Region )?{PLACE}(?: (?:kommun|stad))?) (?:[a-zåäö]+ ){{0,4}}?(?:\w*(?:vänort|partnerskap|samarbet|avtal)\w*) (?:[a-zåäö]+ ){{0,2}}?med (?:[a-zåäö]+ska )?(?P<partner>{PLACE})")
# 5-8: quotes
DASH_QUOTE = re.compile(rf"^[–-] ?(?P<quote>.+?),? {SAYS} {WHO}")
DASH_MORE = re.compile(r"^[–-] ?(?P<quote>[A-ZÅÄÖ].*[.!?])$", re.S)
MARK_QUOTE = re.compile(rf"^[\"»«'](?P<quote>.+?),?[\"»«'],? {SAYS} {WHO}", re.S)
COLON_INTRO = re.compile(rf"(?P<speaker>{NAME})(?: \([A-Za-z]+\))?,? (?:säger|sier|says):\n+[–-] ?(?P<quote>[^\n]+)")
# 9-11: metadata blocks, SDG goals, run-together values
SECTION = re.compile(r"^(%s)(?::[ ]*|\n)(.+)$" % "|".join(map(re.escape, HEADINGS)), re.M)
SDG = re.compile(r"(?:SDG )?(?P<code>1[0-7]|[1-9]) ?[-–:.] ?(?P<value>.+?)(?=(?:SDG )?(?:1[0-7]|[1-9]) ?[-–:] |$)")
RUN_TOGETHER = re.compile(r"(?<=[a-zåäöćčšž])(?=[A-ZÅÄÖ])|, *")
PARAGRAPHS = re.compile(r"\n[ ]*\n+")


def extract(doc_id, text, pairs, quotes, tags):
    seen = set()
    # Cheap substring tests first: the slow patterns only run where their
    # fixed words occur, as anyone tuning such a script would do.
    paragraphs = [p.strip() for p in PARAGRAPHS.split(text)]
    found = [(PAIR_LINE, "pair-line", text), (PAIR_AND, "pair-and", text)]
    for p in paragraphs:
        if "är en av" in p or "är ett av" in p:
            found.append((PAIR_ONE_OF, "pair-one-of", p))
        if " med " in p and any(w in p for w in ("vänort", "partnerskap", "samarbet", "avtal")):
            found.append((PAIR_WITH, "pair-with", p))
    for rx, rule, where in found:
        for m in rx.finditer(where):
            swe, partner = m.group("swe"), m.group("partner")
            if swe not in SWEDISH or partner in SWEDISH or partner in COUNTRIES:
                continue
            if rule in ("pair-and", "pair-with") and partner not in PARTNERS:
                continue
            if (swe, partner) not in seen:
                seen.add((swe, partner))
                pairs.writerow([doc_id, swe, partner, rule])

    last = ""           # the last named speaker, for "säger hon"
    prev_quote = False  # a dash paragraph right after a quote continues it
    for para in paragraphs:
        m = DASH_QUOTE.match(para) or MARK_QUOTE.match(para)
        if m:
            who = m.group("speaker")
            if who in ("hon", "han", "she", "he"):
                who = last
            else:
                last = who
            if who:
                quotes.writerow([doc_id, who, m.group("quote"), "dash" if para[0] in "–-" else "quote"])
            prev_quote = True
            continue
        m = DASH_MORE.match(para)
        if m and prev_quote and last:
            quotes.writerow([doc_id, last, m.group("quote"), "continuation"])
            continue
        prev_quote = False
    for m in (COLON_INTRO.finditer(text) if ":\n" in text else ()):
        quotes.writerow([doc_id, m.group("speaker"), m.group("quote"), "colon"])

    for m in SECTION.finditer(text):
        tag, value = HEADINGS[m.group(1)], m.group(2)
        if tag == "sdg":
            for g in SDG.finditer(value):
                tags.writerow([doc_id, tag, g.group("value"), g.group("code")])
        else:
            for v in RUN_TOGETHER.split(value):
                if v.strip():
                    tags.writerow([doc_id, tag, v.strip(), ""])


def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if not f.startswith("."):
                        yield os.path.join(root, f)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser(description="the regex script a user would write instead of utdrag")
    ap.add_argument("-o", "--output", required=True, help="folder for pairs.csv, quotes.csv, tags.csv")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.output, exist_ok=True)
    files = {t: open(os.path.join(a.output, t + ".csv"), "w", newline="", encoding="utf-8")
             for t in ("pairs", "quotes", "tags")}
    w = {t: csv.writer(f) for t, f in files.items()}
    w["pairs"].writerow(["doc_id", "swedish_partner", "partner", "rule"])
    w["quotes"].writerow(["doc_id", "speaker", "quote", "style"])
    w["tags"].writerow(["doc_id", "tag", "value", "code"])
    n = 0
    for path in walk(a.paths):
        extract(path, read_text(path), w["pairs"], w["quotes"], w["tags"])
        n += 1
    for f in files.values():
        f.close()
    print("baseline.py: %d documents" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
