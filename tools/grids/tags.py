# tools/grids/tags.py [BIN [N]]: metadata blocks (Tema, Svensk partner,
# Internationell partner, Globala mål) as blocks, run together, lines and
# inline, N random municipalities, regions, towns and goals each.
import subprocess, sys, csv, io, random, os, tempfile
TMP = os.path.join(tempfile.mkdtemp(prefix='utdrag-grid-'), 'article.txt')
BIN = sys.argv[1] if len(sys.argv) > 1 else './utdrag'
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20
L = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'rules', 'lists') + '/'
rng = random.Random(7)
muni = [r['name'] for r in csv.DictReader(open(L + 'municipalities.tsv'), delimiter='\t')]
regs = [r['name'] for r in csv.DictReader(open(L + 'regions.tsv'), delimiter='\t')]
sdg = [(r['code'], r['name']) for r in csv.DictReader(open(L + 'sdg.tsv'), delimiter='\t')]
import re
places = [r['name'] for r in csv.DictReader(open(L + 'places.tsv'), delimiter='\t')
          if r['country'] in ('UA', 'GE', 'KE', 'TZ', 'MD', 'BA', 'AL', 'XK', 'UG', 'BW', 'ZA')
          and re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?", r['name']) and int(r['population'] or 0) > 20000]
themes = ['Demokrati', 'Miljö och klimat', 'Jämställdhet', 'Lokal ekonomisk utveckling', 'Mänskliga rättigheter', 'Ungas inflytande', 'Avfallshantering']
fails = 0; total = 0
def run(text):
    open(TMP, 'w').write(text)
    out = subprocess.run([BIN, 'extract', '-t', 'tags', TMP], capture_output=True, text=True).stdout
    return {(r['tag'], r['value']) for r in csv.DictReader(io.StringIO(out))}
body = 'Projektet pågår till 2026 och finansieras av ICLD.\n\n'
for k in range(N):
    sv = rng.sample(muni, rng.randint(1, 3)) + rng.sample(regs, rng.randint(0, 1))
    intl = rng.sample(places, rng.randint(1, 3))
    g = rng.sample(sdg, rng.randint(1, 2))
    th = rng.sample(themes, 1)
    want = {('swedish_partner', v) for v in sv} | {('international_partner', v) for v in intl} | {('sdg', n) for c, n in g} | {('theme', t) for t in th}
    layouts = {
      'blocks': body + 'Tema\n' + th[0] + '\n\nSvensk partner\n' + '\n'.join(sv) + '\n\nInternationell partner\n' + '\n'.join(intl) + '\n\nGlobala mål\n' + '\n'.join(f'{c}. {n}' for c, n in g) + '\n',
      'runon': body + 'Tema' + th[0] + 'Svensk partner' + ''.join(sv) + 'Internationell partner' + ''.join(intl) + 'Globala mål' + ''.join(f'{c}. {n}' for c, n in g) + '\n',
      'lines': body + 'Tema\n' + th[0] + '\nSvensk partner\n' + ''.join(sv) + '\nInternationell partner\n' + ''.join(intl) + '\nGlobala mål\n' + '\n'.join(f'{n}' for c, n in g) + '\n',
      'colon': body + 'Tema: ' + th[0] + '\nSvensk partner: ' + ', '.join(sv) + '\nInternationell partner: ' + ', '.join(intl) + '\nGlobala mål: ' + ', '.join(f'{n}' for c, n in g) + '\n',
    }
    for lay, text in layouts.items():
        got = run(text); total += 1
        if got != want:
            fails += 1
            print(f"FAIL {lay}: miss {sorted(want - got)} extra {sorted(got - want)}")
print(f"{fails} failed of {total}")
