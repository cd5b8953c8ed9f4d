# tools/grids/quote_forms.py [BIN]: attribution forms per language (speech
# verbs of the lexicons, role and party before or after the name, mid-
# paragraph quotes, colon intros, 'Det sier N', speaker lines).
import subprocess, sys, csv, io, itertools, os, tempfile
TMP = os.path.join(tempfile.mkdtemp(prefix='utdrag-grid-'), 'article.txt')
BIN = sys.argv[1] if len(sys.argv) > 1 else './utdrag'
V = {'sv': ['säger', 'sa', 'berättar', 'menar', 'konstaterar', 'förklarar', 'understryker', 'tillägger', 'betonar', 'påpekar', 'svarar', 'fortsätter', 'avslutar', 'skriver', 'tycker'],
     'nb': ['sier', 'sa', 'forteller', 'mener', 'understreker', 'forklarer', 'påpeker', 'legger til', 'fortsetter', 'svarer', 'skriver'],
     'nn': ['seier', 'sa', 'fortel', 'meiner', 'forklarer', 'la til'],
     'da': ['siger', 'sagde', 'fortæller', 'mener', 'forklarer', 'tilføjer', 'understreger', 'påpeger', 'udtaler', 'svarer', 'skriver'],
     'en': ['said', 'says', 'added', 'explained', 'noted', 'told reporters', 'continued', 'stressed']}
D = {
 'sv': dict(q='Vi är redo för det här', name='Anna Berg', party='S', role='kommunalråd', org='Ale kommun', intro='Skolan i Ale får nya lokaler i höst.', trail='Fullmäktige röstar om förslaget nästa vecka.', rolebefore='kommunalrådet', pron='hon', marks=['– ', '”…”', '»…»']),
 'nb': dict(q='Vi er klare for dette', name='Kari Nes', party='Ap', role='ordfører', org='Bodø kommune', intro='Skolen i Bodø får nye lokaler i høst.', trail='Kommunestyret stemmer over saken neste uke.', rolebefore='ordfører', pron='hun', marks=['– ', '«…»']),
 'nn': dict(q='Vi er klare for dette', name='Kari Nes', party='Sp', role='ordførar', org='Voss herad', intro='Skulen på Voss får nye lokale i haust.', trail='Kommunestyret røystar over saka neste veke.', rolebefore='ordførar', pron='ho', marks=['– ', '«…»']),
 'da': dict(q='Vi er klar til det her', name='Lene Holm', party='V', role='borgmester', org='Vejle Kommune', intro='Skolen i Vejle får nye lokaler til efteråret.', trail='Byrådet stemmer om sagen i næste uge.', rolebefore='borgmester', pron='hun', marks=['– ', '»…«']),
 'en': dict(q='We are ready for this', name='Jane Holt', party='', role='leader of the council', org='Leeds City Council', intro='The school in Leeds will move to new premises this autumn.', trail='The council will vote on the plan next week.', rolebefore='Council leader', pron='she', marks=['"…"', '“…”']),
}
def quote(m, q, comma=True):
    if m == '– ': return '– ' + q + (',' if comma else '')
    o, c = m.split('…')
    if o in '«»' and c in '«»': return o + q + c + (',' if comma else '')
    return o + q + (',' if comma else '') + c
cases = []
for lang, d in D.items():
    party = f" ({d['party']})" if d['party'] else ''
    for m in d['marks']:
        for v in V[lang]:
            # verb variety, role before name
            if lang == 'en':
                cases.append((lang, 'verb:' + v, d['intro'] + '\n\n' + quote(m, d['q']) + f" {d['rolebefore']} {d['name']} {v}.", d['name']))
            else:
                cases.append((lang, 'verb:' + v, d['intro'] + '\n\n' + quote(m, d['q']) + f" {v} {d['rolebefore']} {d['name']}{party}.", d['name']))
        V0 = V[lang][0]
        A = {
          'name-role-after': f"{d['name']}{party}, {d['role']} i {d['org']}" if lang != 'en' else f"{d['name']}, {d['role']}",
          'name-party': f"{d['name']}{party}",
          'role-org-name': (f"{d['role']} i {d['org']} {d['name']}" if lang != 'en' else f"{d['rolebefore']} {d['name']}"),
        }
        for k, a in A.items():
            att = f"{V0} {a}" if lang != 'en' else f"{a} {V0}" if k != 'name-role-after' else f"{V0} {a}"
            cases.append((lang, 'attr:' + k, d['intro'] + '\n\n' + quote(m, d['q']) + ' ' + att + '.', d['name']))
        # mid-paragraph start
        att = f"{V0} {d['name']}" if lang != 'en' else f"{d['name']} {V0}"
        cases.append((lang, 'midpara', d['intro'] + ' ' + quote(m, d['q']) + ' ' + att + '.', d['name']))
        # continuation after attribution
        if m == '– ':
            cases.append((lang, 'cont-dash', d['intro'] + '\n\n' + quote(m, d['q']) + ' ' + att + '. – Nu börjar det.', d['name']))
        # pronoun resolution, antecedent in previous paragraph
        intro2 = (f"{d['rolebefore'].capitalize()} {d['name']}{party} besökte skolan." if lang != 'en' else f"{d['rolebefore']} {d['name']} visited the school.")
        attp = f"{V0} {d['pron']}" if lang != 'en' else f"{d['pron']} {V0}"
        cases.append((lang, 'pronoun', intro2 + '\n\n' + quote(m, d['q']) + ' ' + attp + '.', d['name']))
        # surname later
        sur = d['name'].split()[-1]
        atts = f"{V0} {sur}" if lang != 'en' else f"{sur} {V0}"
        cases.append((lang, 'surname', intro2 + '\n\n' + quote(m, d['q']) + ' ' + atts + '.', d['name']))
    # colon intro
    colon = {'sv': 'säger:', 'nb': 'sier:', 'nn': 'seier:', 'da': 'siger:', 'en': 'said:'}[lang]
    cases.append((lang, 'colon-dash', d['intro'] + '\n\n' + f"{d['rolebefore'].capitalize()} {d['name']}{party} {colon}\n\n– {d['q']}.", d['name']))
    o, c = d['marks'][-1].split('…')
    cases.append((lang, 'colon-inline', d['intro'] + ' ' + f"{d['name']}{party} {colon} {o}{d['q']}.{c}", d['name']))
    # Q-5 det sier N til avisen
    det = {'sv': 'Det säger', 'nb': 'Det sier', 'nn': 'Det seier', 'da': 'Det siger', 'en': None}[lang]
    if det:
        cases.append((lang, 'det-sier', d['intro'] + f"\n\n– {d['q']}.\n\n{det} {d['rolebefore']} {d['name']}{party} til avisen.", d['name']))
    # Q-4 speaker line with no verb
    cases.append((lang, 'speaker-line', d['intro'] + f"\n\n{o}{d['q']}.{c}\n\n{d['name']}, {d['role']}.", d['name']))
fails = 0; bad = {}
for lang, kind, text, want in cases:
    open(TMP, 'w').write(text + '\n')
    out = subprocess.run([BIN, 'extract', '-t', 'quotes', TMP], capture_output=True, text=True).stdout
    r = list(csv.DictReader(io.StringIO(out)))
    ok = len(r) >= 1 and all(x['speaker'] == want for x in r) and r[0]['quote'].startswith(D[lang]['q'])
    if not ok:
        fails += 1; bad[(lang, kind.split(':')[0])] = bad.get((lang, kind.split(':')[0]), 0) + 1
        got = '; '.join(f"{x.get('speaker')}|{x.get('quote')}" for x in r) or 'NONE'
        print(f"FAIL {lang} {kind}: {text.splitlines()[-1][:110]!r} -> {got[:80]}")
print(bad); print(f"{fails} failed of {len(cases)}")
