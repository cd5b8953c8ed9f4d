#!/usr/bin/env python3
"""gen_warc.py - write a synthetic WARC of partnership-news pages.

Usage: bench/gen_warc.py [-n RECORDS] [--seed S] --out FILE.warc[.gz]
                         [--jsonl FILE.jsonl]

Writes RECORDS WARC records (default 10000): one warcinfo, then for each
page a request and a response record, a metadata record for every third
page.  Responses are mostly 200 text/html article pages (head, title and
og: meta, nav, header, article, footer, cookie banner) in Swedish or
English; a few are 404 or 301, a few images or PDFs; some bodies are
chunked, some gzip content-encoded, some both.  A name ending in .gz gives
one gzip member per record, as crawlers write them.  --jsonl writes the
HTML of the same documents (the 2xx text/html responses) as JSON Lines
{"id","url","date","text"}, for comparing the two readers.  The output
depends only on the arguments (python3 standard library only).
"""
import argparse
import datetime
import gzip
import json
import random
import sys
import uuid

SV_COMPANIES = ["Nordvik Energi", "Lantmännen Bioraff", "Göta Kanalbolaget",
                "Skåne Vatten", "Bergslagens Stål", "Norrsken Data",
                "Vättern Logistik", "Öresund Biotech", "Mälardalens Buss",
                "Fjällräven Solkraft"]
EN_COMPANIES = ["Harbor Analytics", "Northwind Robotics", "Bluewater Health",
                "Crescent Mobility", "Granite Cloud", "Meridian Foods",
                "Summit Rail", "Oakridge Pharma", "Lumen Grid",
                "Atlas Freight"]
SV_CITIES = ["Göteborg", "Malmö", "Umeå", "Linköping", "Örebro", "Luleå",
             "Västerås", "Jönköping"]
EN_CITIES = ["Leeds", "Bristol", "Dublin", "Toronto", "Austin", "Denver",
             "Glasgow", "Auckland"]
SV_PEOPLE = ["Anna Lindqvist", "Erik Johansson", "Sara Öberg",
             "Mikael Åström", "Karin Nyström", "Johan Berg"]
EN_PEOPLE = ["Emily Carter", "James O'Neill", "Priya Shah", "Tom Becker",
             "Laura Mendes", "David Kim"]
SV_ROLES = ["vd", "teknikchef", "hållbarhetschef", "ordförande",
            "projektledare"]
EN_ROLES = ["chief executive", "CTO", "head of partnerships", "chair",
            "programme director"]
SV_TOPICS = ["vätgas", "fossilfria transporter", "digital vård",
             "cirkulär textil", "batteriåtervinning", "smarta elnät"]
EN_TOPICS = ["green hydrogen", "autonomous freight", "digital health",
             "circular packaging", "battery recycling", "grid storage"]

SV_SENT = [
    "{a} och {b} inleder ett samarbete kring {t} i {c}.",
    "Avtalet mellan {a} och {b} gäller i tre år och omfattar {t}.",
    "– Vi ser stora möjligheter med {t}, säger {p}, {r} på {a}.",
    "Enligt {b} ska de första resultaten presenteras i {c} under hösten.",
    "Partnerskapet är det största i {a}s historia.",
    "– Det här är ett viktigt steg för hela regionen, säger {p}.",
    "Kommunen i {c} välkomnar satsningen på {t}.",
    "{b} har sedan tidigare samarbetat med flera aktörer i {c}.",
]
EN_SENT = [
    "{a} and {b} announced a partnership on {t} in {c} on Tuesday.",
    "The agreement between {a} and {b} runs for five years.",
    "\"This is a big step for {t},\" said {p}, {r} at {a}.",
    "{b} will open a joint research centre in {c} next year.",
    "Analysts said the deal makes {a} the leader in {t}.",
    "\"We are proud to work with {b},\" {p} said.",
    "The city of {c} will host the first pilot project.",
    "Financial terms of the deal between {a} and {b} were not disclosed.",
]


def article(rng, sv):
    companies = SV_COMPANIES if sv else EN_COMPANIES
    a, b = rng.sample(companies, 2)
    fill = dict(a=a, b=b,
                c=rng.choice(SV_CITIES if sv else EN_CITIES),
                p=rng.choice(SV_PEOPLE if sv else EN_PEOPLE),
                r=rng.choice(SV_ROLES if sv else EN_ROLES),
                t=rng.choice(SV_TOPICS if sv else EN_TOPICS))
    sents = SV_SENT if sv else EN_SENT
    paras = []
    for _ in range(rng.randint(4, 14)):
        paras.append(" ".join(rng.choice(sents).format(**fill)
                              for _ in range(rng.randint(2, 5))))
    title = (f"{a} och {b} i nytt samarbete" if sv
             else f"{a} and {b} team up on {fill['t']}")
    return title, paras


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page(rng, url, sv):
    title, paras = article(rng, sv)
    lang = "sv" if sv else "en"
    nav = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>'
                  for w in (["Nyheter", "Ekonomi", "Sport", "Kultur"] if sv
                            else ["News", "Business", "Sport", "Culture"]))
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    cookie = ("Vi använder cookies för att förbättra din upplevelse."
              if sv else "We use cookies to improve your experience.")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{esc(title)}</title>\n'
            f'<meta property="og:title" content="{esc(title)}">\n'
            f'<meta property="og:url" content="{url}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<link rel="stylesheet" href="/s.css">\n</head>\n<body>\n'
            f'<div class="cookie-banner">{cookie} <button>OK</button></div>\n'
            f'<nav><ul>{nav}</ul></nav>\n'
            f'<header><h1>{esc(title)}</h1>'
            f'<time>{rng.randint(1, 28)}/{rng.randint(1, 12)}</time></header>\n'
            f'<article>\n{body}\n</article>\n'
            f'<footer>© {rng.choice(["Nyhetsbyrån", "Daily Wire"])}'
            f'</footer>\n</body>\n</html>\n').encode("utf-8")


def chunked(body, rng):
    out, i = [], 0
    while i < len(body):
        n = rng.randint(200, 4000)
        out.append(b"%x\r\n" % len(body[i:i + n]) + body[i:i + n] + b"\r\n")
        i += n
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def record(wtype, rid, date, fields, block):
    head = [b"WARC/1.0", b"WARC-Type: " + wtype.encode(),
            b"WARC-Record-ID: <urn:uuid:" + rid.encode() + b">",
            b"WARC-Date: " + date.encode()]
    head += [k.encode() + b": " + v.encode() for k, v in fields]
    head.append(b"Content-Length: %d" % len(block))
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--records", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jsonl")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    gz = args.out.lower().endswith(".gz")
    out = open(args.out, "wb")
    jl = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None
    t0 = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    n = 0

    def emit(data):
        nonlocal n
        out.write(gzip.compress(data, 6, mtime=0) if gz else data)
        n += 1

    def uid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    emit(record("warcinfo", uid(), "2024-01-01T00:00:00Z",
                [("Content-Type", "application/warc-fields")],
                b"software: gen_warc.py\r\nformat: WARC File Format 1.0\r\n"))
    docs = 0
    page_no = 0
    while n < args.records:
        page_no += 1
        sv = rng.random() < 0.5
        host = rng.choice(["nyheter.example.se", "news.example.com",
                           "affarer.example.se", "wire.example.org"])
        url = f"https://{host}/{'artikel' if sv else 'article'}/{page_no}"
        date = (t0 + datetime.timedelta(seconds=rng.randrange(31536000))
                ).strftime("%Y-%m-%dT%H:%M:%SZ")
        req_id = uid()
        req = (f"GET /{url.split('/', 3)[3]} HTTP/1.1\r\nHost: {host}\r\n"
               f"User-Agent: gen_warc\r\nAccept: text/html\r\n\r\n").encode()
        emit(record("request", req_id, date,
                    [("WARC-Target-URI", url),
                     ("Content-Type", "application/http; msgtype=request")],
                    req))
        if n >= args.records:
            break
        kind = rng.random()
        html = None
        if kind < 0.03:
            status, ctype = "404 Not Found", "text/html; charset=utf-8"
            body = b"<html><body><h1>Not found</h1></body></html>"
        elif kind < 0.05:
            status, ctype = "301 Moved Permanently", "text/html"
            body = b""
        elif kind < 0.08:
            status = "200 OK"
            ctype = rng.choice(["image/jpeg", "application/pdf"])
            size = rng.randint(500, 3000)
            body = bytes(rng.getrandbits(8) for _ in range(size))
        else:
            status, ctype = "200 OK", "text/html; charset=utf-8"
            body = html = page(rng, url, sv)
        headers = [f"Content-Type: {ctype}", "Server: gen"]
        if html is not None and rng.random() < 0.2:
            body = gzip.compress(body, 6, mtime=0)
            headers.append("Content-Encoding: gzip")
        if rng.random() < 0.2:
            body = chunked(body, rng)
            headers.append("Transfer-Encoding: chunked")
        else:
            headers.append(f"Content-Length: {len(body)}")
        http = (f"HTTP/1.1 {status}\r\n" + "\r\n".join(headers)
                + "\r\n\r\n").encode() + body
        resp_id = uid()
        emit(record("response", resp_id, date,
                    [("WARC-Target-URI", url),
                     ("WARC-Concurrent-To", f"<urn:uuid:{req_id}>"),
                     ("Content-Type", "application/http; msgtype=response")],
                    http))
        if html is not None:
            docs += 1
            if jl:
                jl.write(json.dumps({"id": f"urn:uuid:{resp_id}", "url": url,
                                     "date": date,
                                     "text": html.decode("utf-8")},
                                    ensure_ascii=False) + "\n")
        if page_no % 3 == 0 and n < args.records:
            emit(record("metadata", uid(), date,
                        [("WARC-Target-URI", url),
                         ("WARC-Refers-To", f"<urn:uuid:{resp_id}>"),
                         ("Content-Type", "application/warc-fields")],
                        f"outlinks: {url}/related\r\n".encode()))
    out.close()
    if jl:
        jl.close()
    print(f"gen_warc: {n} records, {docs} documents -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
