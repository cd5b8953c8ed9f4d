# tools/grids/speaker_refs.py [BIN]: a person introduced once (role before
# the name, role after it, or party only), quoted by full name, then a dash
# or quoted continuation, narrative, and a later quote attributed by
# surname, pronoun, the role as a definite noun, or role + surname, in sv,
# nb, da and en.  Every quote must come out with the full name, and the
# speakers table with the role and party the introduction gave.
import subprocess, sys, csv, io, os, itertools, tempfile
TMP = os.path.join(tempfile.mkdtemp(prefix='utdrag-grid-'), 'article.txt')
BIN = sys.argv[1] if len(sys.argv) > 1 else './utdrag'
L = {
 'sv': dict(first='Lena', sur='Lindqvist', party='C', role='kommunalråd', defrole='kommunalrådet',
            place='Orsa', intros=['Kommunalrådet {n} ({p}) i {o} tog emot gästerna på torsdagen.',
                                  '{n} ({p}), kommunalråd i {o}, tog emot gästerna på torsdagen.'],
            verb='säger', pron='hon', marks=['– ', '”…”'], cont='Vi har väntat länge på det här beskedet',
            q1='Det här är en viktig dag för oss', q2='Pengarna räcker inte hela vägen',
            narr='Budgeten för nästa år ska klubbas i november och oppositionen har redan kritiserat den.'),
 'nb': dict(first='Randi', sur='Haugland', party='Sp', role='ordfører', defrole='ordføreren',
            place='Vinje', intros=['Ordfører {n} ({p}) i {o} tok imot gjestene torsdag.',
                                   '{n} ({p}), ordfører i {o}, tok imot gjestene torsdag.'],
            verb='sier', pron='hun', marks=['– ', '«…»'], cont='Vi har ventet lenge på denne beskjeden',
            q1='Dette er en viktig dag for oss', q2='Pengene strekker ikke helt til',
            narr='Budsjettet for neste år skal vedtas i november, og opposisjonen har allerede kritisert det.'),
 'da': dict(first='Mette', sur='Kjærgaard', party='V', role='borgmester', defrole='borgmesteren',
            place='Tønder', intros=['Borgmester {n} ({p}) i {o} tog imod gæsterne torsdag.',
                                    '{n} ({p}), borgmester i {o}, tog imod gæsterne torsdag.'],
            verb='siger', pron='hun', marks=['– ', '»…«'], cont='Vi har ventet længe på den besked',
            q1='Det her er en vigtig dag for os', q2='Pengene rækker ikke hele vejen',
            narr='Budgettet for næste år skal vedtages i november, og oppositionen har allerede kritiseret det.'),
 'en': dict(first='Grace', sur='Mwangi', party='', role='mayor', defrole='the mayor',
            place='Nakuru', intros=['Mayor {n} of {o} welcomed the guests on Thursday.',
                                    '{n}, mayor of {o}, welcomed the guests on Thursday.'],
            verb='said', pron='she', marks=['"…"', '“…”'], cont='We have waited a long time for this decision',
            q1='This is an important day for us', q2='The money does not go all the way',
            narr='The budget for next year will be adopted in November, and the opposition has already criticised it.'),
}
def quote(m, q, comma=True):
    if m == '– ': return '– ' + q + (',' if comma else '.')
    o, c = m.split('…')
    if o in '«»': return o + q + (c + ',' if comma else '.' + c)
    return o + q + (',' if comma else '.') + c
rows = []
for lang, d in L.items():
    name = d['first'] + ' ' + d['sur']
    refs = {'surname': d['sur'], 'pronoun': d['pron'], 'defrole': d['defrole'],
            'role+sur': d['role'] + ' ' + d['sur']}
    for (ii, intro), m, cont, (rk, ref) in itertools.product(enumerate(d['intros']), d['marks'], [False, True], refs.items()):
        p = intro.format(n=name, p=d['party'], o=d['place'])
        if not d['party']:
            p = p.replace(' ()', '')
        if lang == 'en':
            a1 = f"{d['verb']} {d['sur']}" if False else f"{d['sur']} {d['verb']}"
            a2 = f"{ref} {d['verb']}" if rk == 'pronoun' else f"{d['verb']} {ref}"
        else:
            a1 = f"{d['verb']} {d['sur']}"
            a2 = f"{d['verb']} {ref}"
        paras = [p, quote(m, d['q1']) + ' ' + a1 + '.']
        if cont:
            paras.append(quote(m, d['cont'], comma=False))
        paras += [d['narr'], quote(m, d['q2']) + ' ' + a2 + '.', 'Slut.' if lang != 'en' else 'The end.']
        text = '\n\n'.join(paras) + '\n'
        want = [d['q1']] + ([d['cont'] + '.'] if cont else []) + [d['q2']]
        rows.append((lang, ii, m.strip(), 'cont' if cont else '-', rk, text, want, name, d))
fails = 0
for lang, ii, m, cont, rk, text, want, name, d in rows:
    open(TMP, 'w').write(text)
    out = subprocess.run([BIN, 'extract', '-t', 'quotes', TMP], capture_output=True, text=True).stdout
    r = list(csv.DictReader(io.StringIO(out)))
    sp = subprocess.run([BIN, 'extract', '-t', 'speakers', TMP], capture_output=True, text=True).stdout
    s = list(csv.DictReader(io.StringIO(sp)))
    got = [(x.get('quote', '').rstrip('.'), x.get('speaker')) for x in r]
    ok = got == [(w.rstrip('.'), name) for w in want]
    sok = len(s) == 1 and s[0].get('speaker') == name and s[0].get('role', '').lower().startswith(d['role']) \
        and s[0].get('party', '') == d['party']
    if not (ok and sok):
        fails += 1
        g = '; '.join(f"{b}|{a[:30]}" for a, b in got) or 'NONE'
        sg = '; '.join(f"{x.get('speaker')}/{x.get('role')}/{x.get('party')}" for x in s)
        print(f"FAIL {lang} intro{ii} {m:3} {cont:4} {rk:8}: {g[:120]} || {sg}")
print(f"{fails} failed of {len(rows)}")
