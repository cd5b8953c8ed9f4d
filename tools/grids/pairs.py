# tools/grids/pairs.py [BIN [N]]: pair constructions (CONSTRUCTIONS.md P-1
# to P-9 and "Not pairs") with N random real municipalities and towns of
# rules/lists each; prints every failing combination and the count.
import subprocess, sys, csv, io, random, os, tempfile
TMP = os.path.join(tempfile.mkdtemp(prefix='utdrag-grid-'), 'article.txt')
BIN = sys.argv[1] if len(sys.argv) > 1 else './utdrag'
N = int(sys.argv[2]) if len(sys.argv) > 2 else 6
LISTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'rules', 'lists') + '/'
rng = random.Random(13)
muni = []
for r in csv.DictReader(open(LISTS + 'municipalities.tsv'), delimiter='\t'):
    muni.append(r)
C = {'UA': ('Ukraina', 'Ukraine'), 'KE': ('Kenya', 'Kenya'), 'TZ': ('Tanzania', 'Tanzania'),
     'GE': ('Georgien', 'Georgia'), 'PL': ('Polen', 'Poland'), 'EE': ('Estland', 'Estonia'),
     'LV': ('Lettland', 'Latvia'), 'LT': ('Litauen', 'Lithuania'), 'DE': ('Tyskland', 'Germany'),
     'MD': ('Moldavien', 'Moldova'), 'UG': ('Uganda', 'Uganda'), 'ZA': ('Sydafrika', 'South Africa'),
     'BW': ('Botswana', 'Botswana'), 'VN': ('Vietnam', 'Vietnam'), 'FR': ('Frankrike', 'France'),
     'IT': ('Italien', 'Italy'), 'NL': ('Nederländerna', 'the Netherlands'), 'US': ('USA', 'the United States'),
     'FI': ('Finland', 'Finland'), 'NO': ('Norge', 'Norway'), 'DK': ('Danmark', 'Denmark'),
     'GH': ('Ghana', 'Ghana'), 'ZM': ('Zambia', 'Zambia'), 'MZ': ('Moçambique', 'Mozambique')}
places = {}
REG = ['Dalarna', 'Skåne', 'Västerbotten', 'Östergötland', 'Jönköpings län', 'Halland', 'Gävleborg', 'Kronoberg']
XNAMES = ['Nyandarua', 'Makueni', 'Busia', 'Kwale', 'Tharaka', 'Emfuleni', 'Ndlambe', 'Msunduzi']
import re
for r in csv.DictReader(open(LISTS + 'places.tsv'), delimiter='\t'):
    c = r['country']
    if c in C and 30000 <= int(r['population'] or 0) <= 400000 and re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)?", r['name']):
        places.setdefault(c, []).append(r['name'])
def P():
    c = rng.choice(sorted(places)); return rng.choice(places[c]), c
def gen(name):  # Swedish genitive
    return name if name[-1] in 'sxz' else name + 's'
T = [  # (id, template, n partners); {S} short, {Sk} full name, {Sg} genitive short
 ('sv-och-partnerskap', '{S} och {P1} har ett partnerskap sedan 2019.', 1),
 ('sv-har-som-vanort', '{Sk} har sedan 1995 {P1} i {L1sv} som vänort.', 1),
 ('sv-vanorter-i-3', '{S} har vänorter i {P1}, {P2} och {P3}.', 3),
 ('sv-med-stader-land', '{S} har ett formellt utbyte inom vänortsarbetet med städerna {P1} i {L1sv}, {P2} i {L2sv} och {P3} i {L3sv}.', 3),
 ('sv-avtal-kommunalt', '{Sk} och {P1} i {L1sv} har tecknat ett avtal om kommunalt partnerskap.', 1),
 ('sv-blir-vanort', '{S} blir vänort till {P1}.', 1),
 ('sv-vanortsavtal-mellan', 'Vänortsavtal mellan {Sk} och {P1} undertecknades i går.', 1),
 ('sv-gen-vanort', '{Sg} vänort {P1} firar 50 år i helgen.', 1),
 ('sv-inleder-med-staden', '{S} inleder partnerskap med staden {P1} i {L1sv}.', 1),
 ('sv-vanorter-ar', '{Sg} vänorter är {P1}, {P2} och {P3}.', 3),
 ('sv-samarbetar-land', '{S} samarbetar med {P1}, {L1sv}, och {P2}, {L2sv}.', 2),
 ('sv-avsikt', '{Sk} har skrivit en avsiktsförklaring om samarbete med {P1} i {L1sv}.', 1),
 ('sv-partnerkommun', 'Politiker från {S} reser i maj till sin partnerkommun {P1} i {L1sv}.', 1),
 ('en-and-signed', '{S} Municipality and {P1}, {L1en}, signed a partnership agreement.', 1),
 ('en-twin-town', "{S}'s twin town {P1} hosted the delegation.", 1),
 ('en-between', 'The partnership between {S} municipality in Sweden and {P1} in {L1en} started in 2018.', 1),
 ('en-sister', '{S} has been a sister city of {P1} since 1987.', 1),
 ('en-cooperation', '{S} is deepening its cooperation with the town of {P1} in {L1en}.', 1),
 ('en-twinned', '{S} in Sweden is twinned with {P1} and {P2}.', 2),
 ('no-vennskap', '{P1} har vært vennskapsby med svenske {S} siden 1950.', 1),
 ('da-venskab', '{S} i Sverige er venskabsby med {P1}.', 1),
 ('sv-both', 'Både {P1} och {S} arbetar med öppna data inom vänortssamarbetet.', 1),
 ('en-such-as', 'Towns such as {P1} and {S} have agreed to cooperate in a partnership.', 1),
 ('sv-mellan-3', 'Projektet är ett samarbete mellan {Sk}, Malmö universitet och {P1}.', 1),
 ('en-ukrainian-swedish', 'the {P1} community and the Swedish {S} municipality signed a partnership agreement', 1),
 ('en-muni-of', 'The Municipality of {S} and {P1} in {L1en} have a partnership since 2015.', 1),
 ('sv-region', 'Region {R} har ett samarbete med {P1} i {L1sv}.', 1),
 ('sv-tillsammans', '{S} arbetar tillsammans med sin vänort {P1} i {L1sv} med klimatfrågor.', 1),
 ('sv-reser', 'En delegation från {S} besökte i veckan vänorten {P1}.', 1),
 ('sv-county-form', '{S} har inlett ett kommunalt partnerskap med {X1} County i Kenya.', 1),
 ('en-local-muni', '{S} and {X1} Local Municipality, South Africa, signed the agreement.', 1),
 ('sv-sedan-ar', 'Sedan 1992 är {P1} vänort till {Sk}.', 1),
 ('en-friendship', '{S} signed a friendship agreement with {P1} in {L1en} on Monday.', 1),
 ('en-letter', 'A letter of intent between {S} and {P1} was signed in May.', 1),
 ('no-svensk', 'Vennskapsbyen {S} i Sverige sendte en delegasjon til {P1} i helgen.', 1),
]
NEG = [
 ('neg-bridge', 'Bron mellan {S} och {P1} öppnade för trafik år 2000.'),
 ('neg-match', '{S} mötte {P1} i en vänskapsmatch i fotboll i lördags.'),
 ('neg-trip', 'Familjen från {S} åkte på semester till {P1} i {L1sv}.'),
 ('neg-two-sv', '{S} och {S2} samarbetar kring kollektivtrafiken.'),
 ('neg-flight', 'Flyget från {S} till {P1} ställs in i vinter.'),
 ('neg-en-trade', 'Companies from {S} visited a trade fair in {P1}, {L1en}, last week.'),
 ('neg-meeting', 'Mötet hölls i {P1}. Från {S} deltog två tjänstepersoner.'),
 ('neg-norden', 'Föreningen Norden i {S} ordnar en resa till {P1} i maj.'),
 ('neg-born', 'Hon är född i {P1} men bor sedan tio år i {S}.'),
 ('neg-export', 'Företaget i {S} exporterar maskiner till {P1} och andra städer i {L1sv}.'),
 ('neg-concert', 'Orkestern från {S} spelar i {P1} i {L1sv} i sommar.'),
 ('neg-country', '{S} skickade hjälp till {L1sv} i våras.'),
]
fails = total = 0
bad = {}
def run(text):
    open(TMP, 'w').write(text)
    out = subprocess.run([BIN, 'extract', '-t', 'pairs', TMP], capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))
for tid, tpl, n in T:
    for k in range(N):
        m = rng.choice(muni); m2 = rng.choice(muni)
        ps = [P() for _ in range(3)]
        d = dict(S=m['short'], Sk=m['name'], Sg=gen(m['short']), S2=m2['short'], R=rng.choice(REG), X1=rng.choice(XNAMES))
        for i, (p, c) in enumerate(ps, 1):
            d[f'P{i}'] = p; d[f'L{i}sv'] = C[c][0]; d[f'L{i}en'] = C[c][1]
        text = 'Nyheter\n\n' + tpl.format(**d) + '\n'
        rows = run(text)
        region = '{R}' in tpl      # a region's code is its county's
        want = {(None if region else m['code'], ps[i][0] if '{X1}' not in tpl else
                 d['X1'] + (' County' if 'County' in tpl else ' Local Municipality'))
                for i in range(n)}
        def names(r):
            return {r['partner'], r.get('partner_canonical', '')} - {''}
        def hit(w, r):
            return (w[0] is None or r['swedish_code'] == w[0]) and \
                any(w[1] == x or w[1] in x for x in names(r))
        total += 1
        miss = {w for w in want if not any(hit(w, r) for r in rows)}
        extra = {(r['swedish_code'], r['partner']) for r in rows
                 if not any(hit(w, r) for w in want)}
        if miss or extra:
            fails += 1; bad[tid] = bad.get(tid, 0) + 1
            print(f"FAIL {tid}: {tpl.format(**d)}\n   miss {sorted(miss, key=str)} extra {sorted(extra)}")
for tid, tpl in NEG:
    for k in range(N):
        m = rng.choice(muni); m2 = rng.choice(muni); p, c = P()
        d = dict(S=m['short'], Sk=m['name'], S2=m2['short'], P1=p, L1sv=C[c][0], L1en=C[c][1])
        rows = run('Nyheter\n\n' + tpl.format(**d) + '\n'); total += 1
        if rows:
            fails += 1; bad[tid] = bad.get(tid, 0) + 1
            print(f"FAIL {tid}: {tpl.format(**d)}\n   extra {[(r['swedish_partner'], r['partner']) for r in rows]}")
print(bad)
print(f"{fails} failed of {total}")
