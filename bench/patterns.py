#!/usr/bin/env python3
"""patterns.py - ten of utdrag's own rule patterns, expanded for `rg -P`.

Usage: patterns.py [RULES_DIR] [N]     (default: rules/ beside bench/, N=10)

Reads every *.rules file, expands the %{NAME} defines, joins a rule's
`pattern` lines (they are concatenated with nothing in between, as utdrag
does) and turns named groups into plain groups: ripgrep's PCRE2 rejects
the duplicate group names utdrag's patterns use (two `role` groups ...).
Prints one pattern per line.  bench/run.sh hands them to
`rg -P -c -e P1 ... -e P10`: a pure regex scan over the same bytes, with no
decoding, normalization, resolution or output, as a floor for the match
stage.  Rules are taken from PREFERRED first; if the rule set has changed,
other pairs/quotes/tags rules fill up to N.
"""

import os
import re
import sys

PREFERRED = ["sv-pair-list-line", "sv-pair-one-of", "sv-pair-och", "sv-pair-med",
             "sv-dash-quote", "sv-quote-marks", "sv-person-name-first",
             "en-dash-quote", "no-dash-quote", "sdg-goals"]
REF = re.compile(r"%\{([A-Za-z_][A-Za-z0-9_]*)\}")
NAMED_GROUP = re.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")
# rg joins the -e patterns into one alternation, and PCRE2's compiled
# pattern has a size limit (64 KiB with the default link size): patterns
# whose expansion is longer than MAX_LEN (a lexicon of every party or speech
# verb) are passed over, and the total stays under MAX_TOTAL.
MAX_LEN = 3000
MAX_TOTAL = 15000


def rule_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        out += [os.path.join(d, f) for f in files
                if f.endswith(".rules") and not f.startswith(".")]
    return sorted(out)


def parse(root):
    defines, rules, order = {}, {}, []
    for path in rule_files(root):
        cur = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n").rstrip()
                if not line or line.lstrip().startswith("#"):
                    continue
                if not line[0].isspace():
                    parts = line.split(None, 2)
                    cur = None
                    if parts[0] == "define" and len(parts) == 3:
                        defines[parts[1]] = parts[2]
                    elif parts[0] == "rule" and len(parts) >= 2:
                        cur = rules.setdefault(parts[1], {"pattern": "", "table": ""})
                        order.append(parts[1])
                    continue
                if cur is None:
                    continue
                parts = line.strip().split(None, 1)
                if parts[0] == "pattern" and len(parts) == 2:
                    cur["pattern"] += parts[1]
                elif parts[0] == "table" and len(parts) == 2:
                    cur["table"] = parts[1]
    return defines, rules, order


def expand(pattern, defines, depth=0):
    if depth > 20:
        raise ValueError("define loop")

    def sub(m):
        if m.group(1) not in defines:
            raise KeyError(m.group(1))
        return "(?:" + expand(defines[m.group(1)], defines, depth + 1) + ")"
    return REF.sub(sub, pattern)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "rules")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    defines, rules, order = parse(root)
    names = [r for r in PREFERRED if r in rules]
    names += [r for r in order if r not in names
              and rules[r]["table"] in ("pairs", "quotes", "tags")]
    out = []
    for name in names:
        p = rules[name]["pattern"]
        if not p or "%{list:" in p:
            continue
        try:
            p = expand(p, defines)
        except (KeyError, ValueError):
            continue
        if len(p) > MAX_LEN or sum(len(q) for _, q in out) + len(p) > MAX_TOTAL:
            continue
        out.append((name, NAMED_GROUP.sub("(?:", p)))
        if len(out) == n:
            break
    for name, p in out:
        print(p)
    print("patterns.py: " + " ".join(name for name, _ in out), file=sys.stderr)


if __name__ == "__main__":
    main()
