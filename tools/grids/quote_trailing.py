# tools/grids/quote_trailing.py [BIN]: a quote and its attribution in sv,
# nb, da and en, every quotation mark, name/pronoun/surname/role+name, with
# and without more narrative after the attribution in its paragraph.
import subprocess, sys, csv, io, os, itertools, tempfile
TMP = os.path.join(tempfile.mkdtemp(prefix='utdrag-grid-'), 'article.txt')
BIN = sys.argv[1] if len(sys.argv) > 1 else './utdrag'
L = {
 'sv': dict(intro='Kommunalrådet Anna Berg (S) besökte skolan i Ale i måndags.', verb='säger', pron='hon', q='Vi är redo för det här', q2='Nu börjar arbetet', name='Anna Berg', sur='Berg', role='kommunalrådet', trail='Fullmäktige röstar om förslaget nästa vecka.', marks=['– ', '”…”', '»…»']),
 'nb': dict(intro='Ordfører Kari Nes (Ap) besøkte skolen i Bodø mandag.', verb='sier', pron='hun', q='Vi er klare for dette', q2='Nå starter arbeidet', name='Kari Nes', sur='Nes', role='ordfører', trail='Kommunestyret stemmer over saken neste uke.', marks=['– ', '«…»', '”…”']),
 'da': dict(intro='Borgmester Lene Holm (V) besøgte skolen i Vejle mandag.', verb='siger', pron='hun', q='Vi er klar til det her', q2='Nu begynder arbejdet', name='Lene Holm', sur='Holm', role='borgmester', trail='Byrådet stemmer om sagen i næste uge.', marks=['– ', '»…«', '”…”']),
 'en': dict(intro='Mayor Jane Holt visited the school in Leeds on Monday.', verb='said', pron='she', q='We are ready for this', q2='Now the work begins', name='Jane Holt', sur='Holt', role='mayor', trail='The council will vote on the plan next week.', marks=['"…"', '“…”']),
}
def quote(m, q, comma=True):
    if m == '– ': return '– ' + q + (',' if comma else '')
    o, c = m.split('…')
    if o in '«»' or o == '»': return o + q + c + (',' if comma else '')
    return o + q + (',' if comma else '') + c
rows = []
for lang, d in L.items():
    attrs = {'name': d['name'], 'pron': d['pron'], 'sur': d['sur'], 'rolename': d['role'] + ' ' + d['name']}
    for m, (ak, a), trail, inv in itertools.product(d['marks'], attrs.items(), [False, True], [True, False]):
        if lang == 'en':
            att = (f"{d['verb']} {a}" if not inv else f"{a} {d['verb']}") if ak != 'pron' else f"{a} {d['verb']}"
        else:
            if not inv: continue
            att = f"{d['verb']} {a}"
        para = quote(m, d['q']) + ' ' + att + '.'
        if trail: para += ' ' + d['trail']
        text = d['intro'] + '\n\n' + para + '\n\nSlut.\n'
        rows.append((lang, m.strip(), ak, 'trail' if trail else '-', 'inv' if inv else 'pre', text))
fails = 0
for lang, m, ak, tr, inv, text in rows:
    open(TMP, 'w').write(text)
    out = subprocess.run([BIN, 'extract', '-t', 'quotes', TMP], capture_output=True, text=True).stdout
    r = list(csv.DictReader(io.StringIO(out)))
    d = L[lang]
    ok = len(r) == 1 and r[0].get('quote') == d['q'] and r[0].get('speaker') == d['name']
    if not ok:
        fails += 1
        got = '; '.join(f"{x.get('speaker')}|{x.get('quote')}" for x in r) or 'NONE'
        print(f"FAIL {lang} {m:4} {ak:8} {tr:5} {inv}: {got[:90]}")
print(f"{fails} failed of {len(rows)}")
