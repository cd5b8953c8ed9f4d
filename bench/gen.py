#!/usr/bin/env python3
"""gen.py - a deterministic synthetic news corpus for benchmarking utdrag.

Every article is composed here from templates and vocabularies written for
this benchmark: invented Swedish, English and Norwegian sentences, invented
people and quotes.  Only place names are real: Swedish municipalities and
regions and foreign partner towns are read from rules/lists/*.tsv, and a
pairing in the output is not a claim that the partnership exists.

The articles cover the formats utdrag reads (see the shared corpus notes):
title line, menu and breadcrumb junk, a "Publicerad" line, dash dialogue
(U+2013, U+2014, U+2212, "- ", no space), "...," säger X quotes, »...»
quotes, colon intros, continuations, pronoun attributions, appositions,
pair list lines "X kommun och Y", bullet pairs, pair sentences, negatives
(countries, two Swedish towns, national bodies), metadata blocks with
values run together (Globala mål, Tema, Svensk/Internationell partner),
Etiketter with a trailing comma, English and Norwegian articles, and pure
negative notices.  Texture: NBSP, soft hyphens, zero-width spaces, BOMs,
CRLF in ~10% of files, NFD in ~5%, Windows-1252 bytes in ~3%, and a few
empty or blank files.

Usage:
    gen.py --out DIR [--files] [--jsonl FILE[.gz]] [--size-mb N] [--seed S]

--files writes one file per article under DIR, ~1000 per subfolder
(DIR/0000/0000000-sv.txt ...); it is the default when --jsonl is not given.
--jsonl writes all articles as JSON Lines {"id", "text"}: "id" is the path
the file has (or would have) below DIR, and "text" the decoded text, so a
Windows-1252 file appears as its text and a BOM is dropped.  Generation
stops when the files' bytes reach N * 10^6.  The same seed gives the same
bytes, and a smaller corpus is a prefix of a larger one with the same seed.

Python standard library only; generates 100 MB in a few seconds.
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LISTS = os.path.join(HERE, "..", "rules", "lists")


# ---------------------------------------------------------------------------
# Gazetteers: real place names, read from the rule lists
# ---------------------------------------------------------------------------

def read_tsv(name):
    """Rows of rules/lists/NAME as dicts keyed by the header line."""
    with open(os.path.join(LISTS, name), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = []
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2:
                rows.append(dict(zip(header, cells)))
    return rows


# Partner countries used by the generator: Swedish name, English name, the
# Swedish adjective ("ukrainska Lutsk"), the English adjective, and which
# pool of invented personal names its people get.
COUNTRIES = {
    "UA": ("Ukraina", "Ukraine", "ukrainska", "Ukrainian", "ua"),
    "GE": ("Georgien", "Georgia", "georgiska", "Georgian", "ge"),
    "MD": ("Moldavien", "Moldova", "moldaviska", "Moldovan", "md"),
    "KE": ("Kenya", "Kenya", "kenyanska", "Kenyan", "ea"),
    "TZ": ("Tanzania", "Tanzania", "tanzaniska", "Tanzanian", "ea"),
    "UG": ("Uganda", "Uganda", "ugandiska", "Ugandan", "ea"),
    "RW": ("Rwanda", "Rwanda", "rwandiska", "Rwandan", "ea"),
    "BA": ("Bosnien och Hercegovina", "Bosnia and Herzegovina", "bosniska",
           "Bosnian", "wb"),
    "XK": ("Kosovo", "Kosovo", "kosovska", "Kosovar", "wb"),
    "AL": ("Albanien", "Albania", "albanska", "Albanian", "wb"),
    "RS": ("Serbien", "Serbia", "serbiska", "Serbian", "wb"),
    "MK": ("Nordmakedonien", "North Macedonia", "nordmakedonska",
           "North Macedonian", "wb"),
    "ZA": ("Sydafrika", "South Africa", "sydafrikanska", "South African", "za"),
    "NA": ("Namibia", "Namibia", "namibiska", "Namibian", "za"),
    "BW": ("Botswana", "Botswana", "botswanska", "Botswanan", "za"),
    "ID": ("Indonesien", "Indonesia", "indonesiska", "Indonesian", "as"),
    "VN": ("Vietnam", "Vietnam", "vietnamesiska", "Vietnamese", "as"),
    "LK": ("Sri Lanka", "Sri Lanka", "lankesiska", "Sri Lankan", "as"),
}

# Weight of each country when a partner is drawn (Ukraine dominates, as in
# the real material).
COUNTRY_WEIGHT = {"UA": 10, "GE": 3, "MD": 3, "KE": 2, "BA": 2, "XK": 1,
                  "AL": 1, "RS": 1, "TZ": 1, "UG": 1, "MK": 1, "RW": 1,
                  "ZA": 1, "NA": 1, "BW": 1, "ID": 1, "VN": 1, "LK": 1}


class Gazetteer:
    def __init__(self):
        self.munis = [(r["name"], r["short"]) for r in read_tsv("municipalities.tsv")]
        self.regions = [(r["name"], r["short"]) for r in read_tsv("regions.tsv")]
        by_country = {}
        for r in read_tsv("partners.tsv"):
            if r["country"] in COUNTRIES:
                by_country.setdefault(r["country"], []).append(r["name"])
        self.partners = by_country
        self.country_codes = [c for c in sorted(COUNTRY_WEIGHT) if c in by_country]
        self.country_weights = [COUNTRY_WEIGHT[c] for c in self.country_codes]
        self.sdgs = [(int(r["code"]), r["name"], r["english"]) for r in read_tsv("sdg.tsv")]


# ---------------------------------------------------------------------------
# Vocabularies: invented people, roles, topics, sentences and quotes
# ---------------------------------------------------------------------------

SV_FIRST_F = ["Anna", "Maria", "Karin", "Eva", "Lena", "Kristina", "Sara", "Emma",
              "Ingrid", "Helena", "Johanna", "Camilla", "Linnea", "Åsa", "Malin",
              "Ylva", "Therese", "Annika", "Sofia", "Elin", "Anna-Karin", "Märta",
              "Gunilla", "Frida", "Jenny", "Ulrika"]
SV_FIRST_M = ["Erik", "Lars", "Anders", "Johan", "Per", "Mikael", "Jonas", "Fredrik",
              "Stefan", "Henrik", "Magnus", "Ola", "Tobias", "Oskar", "Björn",
              "Göran", "Håkan", "Mats", "Peter", "Niklas", "Per-Olof", "Ulf",
              "Kjell", "Sven", "Patrik", "Emil"]
SV_LAST = ["Andersson", "Berg", "Lindqvist", "Holmberg", "Sjöberg", "Nordin",
           "Ekström", "Wallin", "Lundgren", "Öberg", "Bäckström", "Hedlund",
           "Lindahl", "Sandberg", "Åberg", "Forsberg", "Nyström", "Engström",
           "Hellström", "Dahlgren", "Strand", "Falk", "Lindström", "Björk",
           "Sundqvist", "Gustafsson", "Åkesson", "Hermansson", "Nilsson",
           "Persson", "Karlsson", "Eriksson", "Söderlund", "Blomqvist"]

# Invented people of the partner countries, by name pool: (female, male, last).
FOREIGN_NAMES = {
    "ua": (["Olena", "Oksana", "Iryna", "Natalia", "Tetiana", "Yulia", "Halyna", "Liudmyla"],
           ["Andrii", "Serhii", "Mykola", "Oleksandr", "Vasyl", "Taras", "Dmytro", "Ihor", "Bohdan"],
           ["Kovalenko", "Shevchuk", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko",
            "Savchuk", "Petrenko", "Lysenko", "Moroz", "Hnatiuk", "Rudenko", "Polishchuk"]),
    "ge": (["Nino", "Tamar", "Ketevan", "Mariam", "Eka"],
           ["Giorgi", "Levan", "Davit", "Irakli", "Zurab"],
           ["Beridze", "Kapanadze", "Lomidze", "Gelashvili", "Tsiklauri", "Chkheidze", "Jorjadze"]),
    "md": (["Ana", "Elena", "Mariana", "Cristina"],
           ["Ion", "Vasile", "Sergiu", "Andrei", "Victor"],
           ["Rusu", "Ceban", "Munteanu", "Cebotari", "Lungu", "Popa", "Moraru"]),
    "ea": (["Grace", "Mercy", "Faith", "Joyce", "Amina", "Esther"],
           ["Peter", "John", "Samuel", "Daniel", "Hassan", "Joseph"],
           ["Wambui", "Otieno", "Kamau", "Mwangi", "Njoroge", "Achieng", "Mushi", "Okello", "Uwimana"]),
    "wb": (["Amra", "Selma", "Lejla", "Jelena", "Arta", "Vesna"],
           ["Arben", "Edin", "Nikola", "Dritan", "Marko", "Emir"],
           ["Hodžić", "Mujić", "Begić", "Petrović", "Krasniqi", "Hoxha", "Jovanović", "Delić", "Berisha"]),
    "za": (["Thandiwe", "Nomsa", "Kagiso", "Lerato"],
           ["Sipho", "Thabo", "Tumelo", "Pieter"],
           ["Dlamini", "Nkosi", "Molefe", "Shikongo", "Mokoena", "Naidoo"]),
    "as": (["Dewi", "Linh", "Nimali", "Sari"],
           ["Budi", "Minh", "Ruwan", "Agus"],
           ["Santoso", "Nguyen", "Tran", "Perera", "Wijaya", "Fernando"]),
}

NO_FIRST_F = ["Kari", "Ingrid", "Silje", "Hilde", "Marit", "Tone", "Ragnhild"]
NO_FIRST_M = ["Nils", "Ola", "Bjørn", "Knut", "Eirik", "Torbjørn", "Håvard"]
NO_LAST = ["Hansen", "Johansen", "Olsen", "Solheim", "Haugen", "Bakke", "Amundsen",
           "Halvorsen", "Lie", "Moen", "Kristiansen", "Dahl"]
# Real Norwegian municipalities (the Norwegian articles are not Swedish pairs).
NO_TOWNS = ["Stange", "Hamar", "Gjøvik", "Elverum", "Lillehammer", "Kongsberg", "Molde",
            "Bodø", "Tromsø", "Arendal", "Halden", "Steinkjer", "Levanger", "Narvik"]

PARTIES = ["S", "M", "SD", "C", "V", "KD", "L", "MP"]

# Swedish roles.  "{s}" is the Swedish place, "{o}" its official name.
SV_ROLES = [("kommunalråd", "i {s}"), ("kommunstyrelsens ordförande", ""),
            ("oppositionsråd", "i {s}"), ("projektledare", "på {o}"),
            ("utvecklingsstrateg", "i {o}"), ("räddningschef", "i {s}"),
            ("internationell samordnare", "i {o}"), ("förvaltningschef", "i {s}"),
            ("kommundirektör", "i {s}"), ("miljöstrateg", "på {o}"),
            ("enhetschef", "i {o}"), ("ledamot i kommunfullmäktige", "")]
# Roles of the partner side.  "{p}" is the partner town.
FOREIGN_ROLES = [("borgmästare", "i {p}"), ("vice borgmästare", "i {p}"),
                 ("chef för stadsplaneringen", "i {p}"), ("rådgivare för utbildningsfrågor", "i {p}"),
                 ("vattenchef", "i {p}"), ("sekreterare i stadsfullmäktige", "i {p}"),
                 ("projektsamordnare", "i {p}"), ("rektor", "i {p}")]
ICLD_ROLES = [("programhandläggare", "på ICLD"), ("programansvarig", "på ICLD"),
              ("handläggare", "på ICLD"), ("enhetschef", "på ICLD")]
EN_ROLES_P = ["Mayor of {p}", "deputy mayor of {p}", "head of education in {p}",
              "city planner in {p}", "head of the water utility in {p}"]
EN_ROLES_S = ["head of the water department in {s}", "project manager in {s} municipality",
              "chair of the municipal board in {s}", "programme officer at ICLD",
              "emergency preparedness coordinator in {s}"]
NO_ROLES = ["ordfører", "varaordfører", "kommunedirektør", "rådgiver i KS",
            "beredskapssjef", "seniorrådgiver i KS"]

# Topics give the noun phrases that fill the sentence templates, and the
# metadata an article about them carries.  Fields: Swedish "thing" (a
# definite noun phrase), an object, a site, an aim clause; the theme, the
# goals, the cooperation area and a tag; English thing/aim; Norwegian thing.
TOPICS = [
    dict(thing="vattenförsörjningen", obj="ledningsnätet", site="vattenverket",
         aim="att fler hushåll ska få rent vatten i kranen", theme="Miljö och klimat",
         sdg=[6, 11], area="Miljö och klimat", tag="Vatten",
         en="water supply", en_aim="to cut the losses in the pipe network",
         en_theme="Environment and climate", no="vannforsyningen"),
    dict(thing="skolornas arbetsmiljö", obj="skolbyggnaderna", site="högstadieskolan",
         aim="att alla barn ska kunna gå i skolan även när flyglarmet går",
         theme="Utbildning", sdg=[4, 10], area="Utbildning", tag="Skola",
         en="schools", en_aim="to keep teaching going during air raid alerts",
         en_theme="Education", no="skolene"),
    dict(thing="medborgardialogen", obj="budgetprocessen", site="stadshuset",
         aim="att invånarna ska få insyn i hur pengarna används", theme="Lokal demokrati",
         sdg=[16, 17], area="Lokal demokrati", tag="Medborgardialog",
         en="citizen dialogue", en_aim="to let residents follow how the budget is spent",
         en_theme="Local democracy", no="innbyggerdialogen"),
    dict(thing="krisberedskapen", obj="reservkraften", site="räddningsstationen",
         aim="att kommunen ska klara ett långt strömavbrott", theme="Beredskap",
         sdg=[11, 16], area="Krisberedskap", tag="Beredskap",
         en="emergency preparedness", en_aim="to keep heating and water running during a power cut",
         en_theme="Resilience", no="beredskapen"),
    dict(thing="avfallshanteringen", obj="återvinningscentralen", site="deponin",
         aim="att mindre avfall ska hamna i naturen", theme="Miljö och klimat",
         sdg=[12, 13], area="Miljö och klimat", tag="Avfall",
         en="waste management", en_aim="to sort more household waste at source",
         en_theme="Environment and climate", no="avfallshåndteringen"),
    dict(thing="kvinnors politiska deltagande", obj="fullmäktigearbetet", site="kommunhuset",
         aim="att fler kvinnor ska ställa upp i nästa val", theme="Jämställdhet",
         sdg=[5, 16], area="Jämställdhet", tag="Jämställdhet",
         en="women's participation in local politics", en_aim="to get more women on the ballot",
         en_theme="Gender equality", no="kvinners deltakelse i lokalpolitikken"),
    dict(thing="äldreomsorgen", obj="hemtjänsten", site="vårdcentralen",
         aim="att äldre ska kunna bo kvar hemma längre", theme="Hälsa och välfärd",
         sdg=[3, 10], area="Social hållbarhet", tag="Äldreomsorg",
         en="care for the elderly", en_aim="to help older people stay in their homes",
         en_theme="Health and welfare", no="eldreomsorgen"),
    dict(thing="ungas inflytande", obj="ungdomsrådet", site="fritidsgården",
         aim="att unga ska få en egen röst i kommunens beslut", theme="Lokal demokrati",
         sdg=[4, 16], area="Ungas delaktighet", tag="Unga",
         en="youth participation", en_aim="to give young people a say in local decisions",
         en_theme="Local democracy", no="ungdommens innflytelse"),
    dict(thing="energiförsörjningen", obj="fjärrvärmenätet", site="värmeverket",
         aim="att kommunens byggnader ska använda mindre energi", theme="Miljö och klimat",
         sdg=[7, 13], area="Energi", tag="Energi",
         en="district heating", en_aim="to cut energy use in public buildings",
         en_theme="Environment and climate", no="energiforsyningen"),
    dict(thing="stadsplaneringen", obj="gatunätet", site="busstationen",
         aim="att barn ska kunna ta sig säkert till skolan", theme="Hållbar stadsutveckling",
         sdg=[11, 9], area="Samhällsplanering", tag="Stadsplanering",
         en="urban planning", en_aim="to make the walk to school safer",
         en_theme="Sustainable urban development", no="byplanleggingen"),
]

MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
             "augusti", "september", "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
MONTHS_NO = ["januar", "februar", "mars", "april", "mai", "juni", "juli",
             "august", "september", "oktober", "november", "desember"]
NUMBERS_SV = ["två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]

# Swedish page furniture: lines before the title (or after it).
SV_MENUS = [
    ["Hoppa till innehåll", "Meny", "Sök"],
    ["Gå direkt till innehållet", "ICLD", "Om ICLD   Program   Partnerskap   Nyheter   Kontakt"],
    ["Till startsidan", "Meny", "Startsida / Nyheter / {year}"],
    ["{gs} kommun", "Bo och leva   Kommun och politik   Näringsliv", "Sök", "Meny"],
    ["Nyheter   Sport   Kultur   Debatt   E-tidning", "Logga in", "Prenumerera"],
    ["Aktuellt", "Nyheter", "Pressmeddelanden", "Sök på webbplatsen"],
    ["Start > Aktuellt > Internationellt samarbete"],
    ["Lyssna", "Språk", "Kontakt", "Sök"],
]
SV_FOOTERS = [
    ["Dela", "Facebook", "LinkedIn"],
    ["Dela sidan", "Facebook", "X", "E-post"],
    ["Sidan uppdaterades {day} {month} {year}", "Kontakta oss", "Om webbplatsen"],
    ["Prenumerera på vårt nyhetsbrev", "Följ oss på Instagram"],
    ["Kontakt", "- {cname}, {o}"],
    [],
]

# Swedish body sentences.  Slots: s (Swedish place), gs (its genitive),
# o (official name), p (partner), gp, adj (country adjective), c (country),
# t (topic thing), obj, site, aim, n (number word), year, month, p2, s2.
SV_SENT = [
    "Samarbetet mellan kommunerna började med ett digitalt möte och har sedan dess vuxit till ett gemensamt projekt om {t}.",
    "Under det första året ska parterna kartlägga {obj} i {p} tillsammans med tjänstepersoner från {s}.",
    "Arbetet finansieras av ICLD, som i sin tur får pengar från Sida.",
    "I {p} bor omkring {k} 000 människor, och staden har tagit emot många som flytt från andra delar av landet.",
    "Det största problemet just nu är {t}, som inte har hängt med när befolkningen har ökat.",
    "Målet är {aim}.",
    "En arbetsgrupp med representanter från båda kommunerna träffas varannan vecka via länk.",
    "I {month} reser en delegation från {s} till {p} för att besöka {site} och träffa de anställda.",
    "Besöket i {s} omfattade bland annat {site}, kommunens kontaktcenter och en av grundskolorna.",
    "Projektet har en budget på drygt {m} miljoner kronor och pågår till och med {year2}.",
    "Tjänstepersonerna i {p} har själva tagit fram en plan för {t}, och den svenska sidan bidrar främst med metodstöd.",
    "Det är inte första gången {s} arbetar internationellt; kommunen har tidigare haft utbyten med kommuner i Baltikum.",
    "Förra året skadades {obj} i {p} vid flera tillfällen, och reparationerna har tagit stora delar av budgeten.",
    "Parterna har kommit överens om att dela erfarenheter och att varje år redovisa vad de har lärt sig.",
    "En viktig del av arbetet är att {obj} ska kunna skötas av personalen på plats när projektet är slut.",
    "Kommunfullmäktige i {s} fattade beslut om partnerskapet i {month} med bred majoritet.",
    "På hemsidan finns en karta där invånarna kan följa hur arbetet med {obj} går.",
    "Flera av deltagarna har aldrig varit i Sverige tidigare, och programmet innehöll också ett besök på en förskola.",
    "Intresset från invånarna har varit stort, och på det första öppna mötet kom närmare {k}0 personer.",
    "Nästa steg är att ta fram en gemensam handlingsplan som ska vara klar före sommaren.",
    "Samtidigt pågår ett liknande projekt i {p2}, och de två städerna har börjat jämföra sina erfarenheter.",
    "{gp} förvaltning har under året anställt {n} nya medarbetare som ska arbeta med {t}.",
    "Frågan om {t} har länge varit en av de mest omdebatterade i {p}.",
    "Den svenska delegationen bestod av politiker från både majoriteten och oppositionen.",
    "Utbytet sker på lika villkor, och kommunerna turas om att vara värdar för mötena.",
    "Under hösten genomfördes en enkät där {k}00 invånare svarade på frågor om {t}.",
    "Resultaten ska presenteras på en konferens i {p} i början av nästa år.",
    "Erfarenheterna från {s} har också väckt intresse i grannkommunerna.",
    "Kommunen har avsatt egen personal motsvarande en halv tjänst för samarbetet.",
    "Det praktiska arbetet leds av en styrgrupp med {n} ledamöter från varje kommun.",
    "Under veckan hölls workshoppar om {t}, offentlig upphandling och intern kontroll.",
    "Efter besöket på {site} fick deltagarna diskutera vad som går att genomföra med små medel.",
    "Planen är att utvärdera arbetet efter två år och då ta ställning till en förlängning.",
    "Sedan starten har fler än {k}0 anställda deltagit i utbildningar inom projektet.",
    "Till skillnad från tidigare bistånd bygger partnerskapet på att båda parter ska lära sig något.",
    "Det har inte alltid varit enkelt att planera resor, men ingen aktivitet har behövt ställas in.",
]

# Swedish quotes: first person, each a whole sentence.
SV_QUOTES = [
    "Vi har lärt oss otroligt mycket av våra kollegor, kanske mer än de har lärt sig av oss.",
    "Det här handlar i grunden om förtroende mellan invånarna och kommunen.",
    "Vi kommer inte med färdiga lösningar, utan vi letar efter dem tillsammans.",
    "När man ser hur mycket de klarar med så små resurser blir man ödmjuk.",
    "För oss är det viktigt att arbetet fortsätter även när projektpengarna tar slut.",
    "Jag hade aldrig trott att vi skulle hinna så långt på ett år.",
    "Det som gör mest skillnad är att tjänstepersonerna träffas och kan ringa varandra.",
    "Vi vill visa att en liten kommun också kan bidra i det internationella arbetet.",
    "Invånarna har tröttnat på löften, nu vill de se resultat.",
    "Det är lätt att glömma hur mycket vi tar för givet hemma.",
    "Utan våra svenska kollegor hade vi inte kunnat göra den här kartläggningen.",
    "Vi har fått en helt ny bild av vad beredskap betyder i praktiken.",
    "Nu har vi ett underlag som vi kan visa för både politiker och invånare.",
    "Det viktigaste är att barnen kan känna sig trygga på vägen till skolan.",
    "Samarbetet har gett oss nya idéer som vi redan använder i vår egen förvaltning.",
    "Vi kommer att fortsätta så länge vi har något att lära av varandra.",
    "Jag tror att det är just den långsiktigheten som gör partnerskapet unikt.",
    "Det är ett stort ansvar, men också en möjlighet som vi inte vill missa.",
    "Våra medarbetare kommer hem med en annan syn på sitt eget arbete.",
    "Vi måste vara ärliga med vad som fungerar och vad som inte gör det.",
    "Det tar tid att bygga upp förtroende, och det går inte att skynda på.",
    "Många trodde inte att det skulle gå, men nu ser vi att det fungerar.",
    "Vi har haft svåra diskussioner, men de har gjort samarbetet starkare.",
    "Det är fantastiskt att se hur engagerade de unga är.",
    "Jag är stolt över att vår kommun kan vara med och bidra.",
    "Vi hoppas kunna bjuda in fler förvaltningar i nästa projekt.",
    "Det här är ett arbete som måste få ta flera år.",
    "Först när invånarna är med på riktigt blir besluten hållbara.",
    "Vi har pratat om det här länge, och nu blir det äntligen av.",
    "Det handlar inte om pengar i första hand, utan om kunskap och kontakter.",
    "Vi ser redan att färre klagomål kommer in till förvaltningen.",
    "Jag tror att fler kommuner borde våga ta det här steget.",
    "Det bästa med utbytet är att vi får syn på våra egna vanor.",
    "Nu vet vi vilka delar av nätet som läcker mest, och där börjar vi.",
    "Kvinnorna i fullmäktige har fått ett nätverk som de kan luta sig mot.",
    "Våra äldre ska inte behöva välja mellan värme och mat.",
    "Vi har bestämt oss för att satsa på det som ger resultat snabbast.",
    "Det känns bra att kunna ge något tillbaka efter allt vi har fått lära oss.",
]

# Verbs of Swedish attributions, with weights.
SV_VERBS = ["säger"] * 12 + ["sa", "sa", "berättar", "menar", "konstaterar",
                             "understryker", "tillägger", "betonar", "förklarar"]

# Definite forms for "Kommunalrådet i Kalmar, Anna Berg, ...".
DEFINITE = {"kommunalråd": "Kommunalrådet", "oppositionsråd": "Oppositionsrådet",
            "räddningschef": "Räddningschefen", "förvaltningschef": "Förvaltningschefen",
            "kommundirektör": "Kommundirektören", "borgmästare": "Borgmästaren",
            "vice borgmästare": "Vice borgmästaren", "vattenchef": "Vattenchefen",
            "rektor": "Rektorn"}

# Appositions: a person introduced with a role somewhere in the text.
SV_VPS = ["ser att samarbetet redan har gett resultat på hemmaplan",
          "har varit med sedan starten",
          "ledde den svenska delegationen under besöket",
          "tror att arbetet kommer att ta flera år",
          "berättar att intresset har varit större än väntat",
          "menar att kommunen har mycket att lära",
          "har följt arbetet på nära håll",
          "är ansvarig för den praktiska planeringen"]

# Swedish titles.
SV_TITLES = [
    "{s} och {p} fördjupar samarbetet om {t}",
    "Nytt partnerskap mellan {s} och {p}",
    "Delegation från {p} på besök i {s}",
    "{o} tecknar avtal med {adj} {p}",
    "Så ska {t} bli bättre i {p}",
    "Erfarenhetsutbyte om {t} mellan {s} och {p}",
    "{o} förlänger partnerskapet med {p}",
    "Politiker från {p} lärde sig om {t} i {s}",
    "Nätverket för {t} samlades i {p}",
    "{N} partnerskap fick stöd för arbete med {t}",
]

SV_LIST_HEADINGS = ["Följande kommuner och regioner ingår i nätverket",
                    "Partnerskapen i projektet",
                    "Dessa partnerskap deltar",
                    "Följande kommuner har beviljats stöd",
                    "Kommunerna i nätverket och deras partner"]
SV_BULLET_VPS = ["utvecklar arbetet med {t}", "satsar på {t}",
                 "bygger upp en gemensam modell för {t}", "ska se över {t}",
                 "stärker samarbetet kring {obj}"]
SV_PAIR_SENTENCES = [
    "{s} och {p} är ett av partnerskapen i nätverket.",
    "{s} och {p} är ett av de nyare partnerskapen inom programmet.",
    "Partnerskapet mellan {o} och {p} inleddes {year0}.",
    "{s} har haft ett samarbete med {p} sedan {year0}.",
    "{o} tecknade {year0} ett vänortsavtal med {adj} {p}.",
    "{s} och {p} har samarbetat i flera år.",
]
# Sentences joining two places or two words with "och" that are NOT pairs.
SV_NEGATIVES = [
    "Arbetet är en del av det bredare samarbetet mellan Sverige och {c}.",
    "{s} och {s2} delar redan på räddningstjänsten och ser fler möjligheter.",
    "Representanter för {p} och {p2} deltog också i mötet.",
    "Sveriges Kommuner och Regioner har bidragit med expertis om {t}.",
    "Liknande projekt finns i Bosnien och Hercegovina och i Moldavien.",
    "Länsstyrelsen och kommunen har haft flera möten om saken.",
]
SV_CAPTIONS = ["Bildtext: Deltagarna samlade utanför {site} i {p}. Foto: {cname}",
               "Bildtext: Arbetsgruppen under ett möte i {s}. Foto: ICLD",
               "Foto: {cname}"]
SV_QUESTIONS = ["Vad har varit svårast?", "Vad överraskade dig mest?",
                "Vad gör du på fritiden?", "Vad är nästa steg?", "Vad har du lärt dig?"]
SV_ANSWERS = ["Att säga nej till saker som vi egentligen inte hinner.",
              "Hur snabbt allt går när alla är överens.",
              "Jag springer och läser deckare, gärna samtidigt i ljudbok.",
              "Att få med fler förvaltningar i arbetet.",
              "Att det finns mer än ett sätt att driva en kommun."]
SV_SLOGANS = ["{T} – svenska och {adj} kommuner i samverkan",
              "Tillsammans för {t} – ett nätverk för lokal utveckling"]

# English vocabulary.
EN_TITLES = ["{s} and {p} team up on {t}", "Delegation from {p} visits {s}",
             "Better {t} in {p}", "New partnership between {s} and {p}",
             "{p} and {s} extend their cooperation"]
EN_SENT = [
    "The partnership between {s} municipality and {p} focuses on {t}.",
    "During the first project year the partners will map the needs together with local staff.",
    "Staff from {p} will spend two weeks in {s} in the autumn to see how the work is organised.",
    "The project is funded by ICLD and runs until {year2}.",
    "The aim is {aim}.",
    "Around {k}0 people came to the first public meeting in {p}.",
    "The Swedish delegation included politicians from both the majority and the opposition.",
    "The partners meet online every other week and visit each other twice a year.",
    "The results will be presented at a conference in {s} next spring.",
    "Similar projects are under way in {p2}, and the two towns have started to compare notes.",
    "The municipal council in {s} approved the partnership in {Month} with a broad majority.",
    "Much of the work is done by staff who had never travelled abroad before.",
    "{p} has taken in thousands of people who fled other parts of the country.",
    "A working group with members from both municipalities meets online every month.",
    "The budget for the first phase is a little over {m} million kronor.",
    "Local staff in {p} drew up the plan themselves, and the Swedish side mainly offers advice.",
    "The delegation also visited a preschool and the municipal contact centre in {s}.",
    "A survey last autumn asked {k}00 residents what they think about {t}.",
    "The partners will evaluate the work after two years and then decide whether to continue.",
    "Both sides stress that the exchange is meant to be equal and that both should learn.",
    "Several neighbouring municipalities have shown an interest in the results.",
    "The next joint meeting will be held in {p} in the spring.",
    "More than {k}0 employees have taken part in training since the start.",
]
EN_QUOTES = [
    "We are not bringing ready-made answers, we are looking for them together.",
    "What we get back is a reminder of how much we take for granted at home.",
    "People want to see results, not another round of promises.",
    "Our colleagues have taught us more about preparedness than any course.",
    "The most important thing is that staff on both sides can call each other.",
    "It takes time to build trust, and there are no short cuts.",
    "If we can show results here, people will trust the municipality in other areas too.",
    "We have learned that a small municipality can make a real difference.",
    "This is work that has to be allowed to take several years.",
    "Every visit changes how we look at our own routines.",
]
EN_VERBS = ["says", "says", "said", "adds", "explains"]
EN_VPS = ["hosted the group", "has worked with the project since the start",
          "led the delegation", "believes the work will take several years"]

# Norwegian vocabulary.
NO_TITLES = ["{s} og {p} skal samarbeide om {t}", "Ny vennskapsavtale mellom {s} og {p}",
             "Delegasjon fra {p} besøkte {s}"]
NO_SENT = [
    "{s} kommune har inngått en samarbeidsavtale med {p}, og de første prosjektene skal handle om {t}.",
    "Avtalen ble signert digitalt på torsdag.",
    "{p} har rundt {k}0 000 innbyggere og har tatt imot mange internt fordrevne.",
    "Kommunestyret i {s} vedtok avtalen med stort flertall i {month}.",
    "Samarbeidet er en del av et nasjonalt program der KS formidler kontakt mellom kommunene.",
    "Flere kommuner i regionen har allerede lignende avtaler.",
    "Administrasjonen har satt av penger til to besøk i år.",
    "Neste møte skal holdes i {p} til høsten.",
    "De første besøkene skal gå til skoler og til brannvesenet.",
    "Prosjektet skal evalueres etter to år.",
    "Flere ansatte i {s} har meldt seg som kontaktpersoner for kollegene i {p}.",
    "Kommunen har fått støtte fra staten til å dekke reisekostnadene.",
    "Det har vært stor interesse blant innbyggerne, og et åpent møte samlet over hundre personer.",
    "Kommunedirektøren forteller at administrasjonen allerede har begynt planleggingen.",
    "Samarbeidet skal i første omgang vare i tre år.",
    "Begge kommunene har sagt at de vil lære av hverandre.",
    "Ungdomsrådet i {s} har også bedt om å få være med.",
]
NO_QUOTES = [
    "Vi har lenge ønsket å bidra med mer enn innsamlinger.",
    "Nå får vi en partner vi kan bygge noe sammen med over tid.",
    "Vi trenger kolleger like mye som vi trenger penger.",
    "Det viktigste nå er at barna kan gå på skolen.",
    "Vi har mye å lære av hvordan de har holdt kommunen i gang.",
    "De kommunene som lykkes, tar med seg hele organisasjonen.",
]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def genitive(name):
    """Swedish genitive: "Kalmar" -> "Kalmars", "Borås" -> "Borås"."""
    return name if name[-1] in "sxzSXZ" else name + "s"


def strip_dot(q):
    return q[:-1] if q[-1] in ".!?" else q


class Person:
    def __init__(self, first, last, female, role, org, party):
        self.first, self.last, self.female = first, last, female
        self.name = first + " " + last
        self.role, self.org, self.party = role, org, party

    @property
    def pronoun(self):
        return "hon" if self.female else "han"

    def role_org(self):
        """"kommunalråd i Kalmar" or just "kommunalråd"."""
        return self.role + (" " + self.org if self.org else "")


class Article:
    """Builds one article from the generator's random stream."""

    def __init__(self, rng, gaz):
        self.r = rng
        self.g = gaz

    # -- random draws --------------------------------------------------------

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def chance(self, p):
        return self.r.random() < p

    def swedish_side(self):
        """(official name, short name) of a municipality, sometimes a region."""
        if self.chance(0.08):
            return self.pick(self.g.regions)
        return self.pick(self.g.munis)

    def partner(self, cc=None):
        if cc is None:
            cc = self.r.choices(self.g.country_codes, self.g.country_weights)[0]
        return self.pick(self.g.partners[cc]), cc

    def swede(self, ctx, kind="sv"):
        female = self.chance(0.5)
        first = self.pick(SV_FIRST_F if female else SV_FIRST_M)
        if kind == "icld":
            role, org = self.pick(ICLD_ROLES)
            party = ""
        else:
            role, org = self.pick(SV_ROLES)
            org = org.format(s=ctx["s"], o=ctx["o"])
            party = self.pick(PARTIES) if role in ("kommunalråd", "oppositionsråd",
                                                   "kommunstyrelsens ordförande",
                                                   "ledamot i kommunfullmäktige") else ""
        return Person(first, self.pick(SV_LAST), female, role, org, party)

    def foreigner(self, ctx):
        f, m, last = FOREIGN_NAMES[COUNTRIES[ctx["cc"]][4]]
        female = self.chance(0.5)
        role, org = self.pick(FOREIGN_ROLES)
        return Person(self.pick(f if female else m), self.pick(last), female,
                      role, org.format(p=ctx["p"]), "")

    def norwegian_person(self):
        female = self.chance(0.5)
        return Person(self.pick(NO_FIRST_F if female else NO_FIRST_M), self.pick(NO_LAST),
                      female, self.pick(NO_ROLES), "", "")

    def date(self):
        return self.r.randint(1, 28), self.r.randrange(12), self.r.randint(2019, 2025)

    # -- Swedish quote paragraphs -------------------------------------------

    def deal(self, **banks):
        """Per article, shuffled copies of the banks: nothing repeats."""
        self.decks = {k: self.r.sample(v, len(v)) for k, v in banks.items()}

    def take(self, deck, n=1):
        """Up to N items from a deck; quotes are dealt again when used up."""
        d = self.decks[deck]
        if len(d) < n and deck == "quotes":
            d += self.r.sample(self.banks_quotes, len(self.banks_quotes))
        out, self.decks[deck] = d[:n], d[n:]
        return out

    def quote_text(self, n=None):
        n = n or (1 if self.chance(0.55) else 2)
        return " ".join(self.take("quotes", n))

    def one_quote(self):
        return self.take("quotes")[0]

    def sv_dash(self):
        d = self.r.random()
        if d < 0.62:
            return "– "
        if d < 0.74:
            return "— "
        if d < 0.84:
            return "− "
        if d < 0.96:
            return "- "
        return "–"

    def sv_quote_block(self, ctx, person, introduced):
        """One to three paragraphs of direct speech by PERSON."""
        verb = self.pick(SV_VERBS)
        q = self.quote_text()
        style = self.r.random()
        if introduced and self.chance(0.4):
            who = person.name if self.chance(0.6) else person.pronoun
        else:
            who = None
        party = " (%s)" % person.party if person.party else ""
        if who is None:
            # Full attribution, name first or role first.
            if self.chance(0.25) and person.party:
                who = "%s %s%s" % (person.role, person.name, party)
            else:
                who = "%s%s, %s" % (person.name, party, person.role_org())
        if style < 0.55:
            dash = self.sv_dash()
            if self.chance(0.12) and ". " not in q:
                # Attribution in the middle: "– A, säger X. – B"
                more = self.one_quote()
                paras = ["%s%s, %s %s. %s%s" % (dash, strip_dot(q), verb, who, dash, more)]
            else:
                paras = ["%s%s, %s %s." % (dash, strip_dot(q), verb, who)]
            if self.chance(0.3):   # continuation paragraph
                paras.append(dash + self.one_quote())
            return paras
        if style < 0.80:
            open_, close = ("”", "”") if self.chance(0.8) else ('"', '"')
            if self.chance(0.75):
                return ["%s%s,%s %s %s." % (open_, strip_dot(q), close, verb, who)]
            return ["%s%s%s, %s %s." % (open_, strip_dot(q), close, verb, who)]
        if style < 0.90:
            if self.chance(0.5):
                return ["»%s» %s %s." % (q, verb, who)]
            return ["»%s», %s %s." % (strip_dot(q), verb, who)]
        if style > 0.96:
            # Inline colon intro: "... kommenterar Eva Holm (C), kommunalråd i Sala: ”Text”"
            return ["I ett pressmeddelande kommenterar %s%s, %s: ”%s”" % (
                person.name, party, person.role_org(), q)]
        # Colon intro: "Kommunalrådet Eva Holm (C) säger:" and the quote below.
        intro = "%s %s%s säger:" % (person.role.capitalize(), person.name, party)
        sep = "\n" if self.chance(0.5) else "\n\n"
        return [intro + sep + "– " + q]

    def sv_apposition(self, ctx, person):
        vp = self.pick(SV_VPS)
        party = " (%s)" % person.party if person.party else ""
        if person.org and self.chance(0.5):
            return "%s%s, %s, %s." % (person.name, party, person.role_org(), vp)
        if person.role in DEFINITE and person.org.startswith("i ") and self.chance(0.6):
            # "Kommunalrådet i Kalmar, Anna Berg (S), ser att ..."
            return "%s %s, %s%s, %s." % (DEFINITE[person.role], person.org, person.name, party, vp)
        if person.org.startswith("i ") and person.org[2:] == ctx["p"] and self.chance(0.5):
            # "Lutsks borgmästare Olena Melnyk har ..."
            return "%s %s %s %s." % (ctx["gp"], person.role, person.name, vp)
        return "%s %s%s %s." % (person.role.capitalize(), person.name, party, vp)

    # -- whole articles ------------------------------------------------------

    def context(self):
        off, short = self.swedish_side()
        p, cc = self.partner()
        p2, _ = self.partner(cc)
        off2, s2 = self.pick(self.g.munis)
        topic = self.pick(TOPICS)
        day, mon, year = self.date()
        return dict(o=off, s=short, gs=genitive(short), p=p, gp=genitive(p), cc=cc,
                    p2=p2, s2=s2, c=COUNTRIES[cc][0], adj=COUNTRIES[cc][2],
                    t=topic["thing"], T=topic["thing"].capitalize(), obj=topic["obj"],
                    site=topic["site"], aim=topic["aim"], topic=topic,
                    n=self.pick(NUMBERS_SV), N=self.pick(NUMBERS_SV).capitalize(),
                    k=self.r.randint(2, 9), m=self.r.randint(1, 9),
                    day=day, month=MONTHS_SV[mon], Month=MONTHS_EN[mon], year=year,
                    year0=year - self.r.randint(1, 6), year2=year + self.r.randint(1, 3),
                    cname=self.pick(SV_FIRST_F + SV_FIRST_M) + " " + self.pick(SV_LAST))

    def fill(self, template, ctx):
        return template.format(**ctx)

    def paragraph(self, ctx, n):
        """N sentences from the article's deck; None when it is used up."""
        sents = self.take("sents", n)
        return " ".join(self.fill(s, ctx) for s in sents) if sents else None

    def sv_paragraph(self, ctx, n=None):
        return self.paragraph(ctx, n or self.r.randint(2, 4))

    def sv_published(self, ctx):
        d = "%d %s %d" % (ctx["day"], ctx["month"], ctx["year"])
        x = self.r.random()
        if x < 0.6:
            return ["Publicerad " + d]
        if x < 0.8:
            t = "%02d.%02d" % (self.r.randint(6, 21), self.r.randrange(60))
            lines = ["Publicerad: %s %s" % (d, t)]
            if self.chance(0.5):
                lines.append("Uppdaterad: %s %02d.%02d" % (d, self.r.randint(12, 23), self.r.randrange(60)))
            return lines
        return ["Publicerad den " + d]

    def sv_header(self, ctx, title):
        menu = [self.fill(l, ctx) for l in self.pick(SV_MENUS)]
        pub = self.sv_published(ctx)
        if self.chance(0.6):
            return menu + [""] + [title] + [""] + pub
        return [title] + menu + [""] + pub

    def metadata(self, ctx, pairs, lang):
        """The metadata blocks of a scraped project or news page."""
        topic = ctx["topic"]
        sdgs = sorted(set(topic["sdg"] + self.r.sample(range(1, 18), self.r.randint(0, 2))))
        out = []
        en = lang == "en"
        if en:
            fmt = "SDG %d: %s" if self.chance(0.5) else "%d - %s"
            goals = "".join(fmt % (c, self.g.sdgs[c - 1][2]) for c in sdgs)
            out += ["Sustainable Development Goals", goals]
        else:
            out += ["Globala mål", "".join("%d - %s" % (c, self.g.sdgs[c - 1][1]) for c in sdgs)]
        themes = [topic["en_theme" if en else "theme"]]
        if self.chance(0.25):
            themes.append("Lokal demokrati" if not en else "Local democracy")
        out += ["Theme" if en else "Tema", "".join(sorted(set(themes)))]
        swedes = sorted(set(off for off, _, _ in pairs))
        partners = sorted(set(p for _, p, _ in pairs))
        # Scraped lists run their values together; some sites lowercase the
        # first letter of a value that follows a lowercase letter.
        joined = swedes[0]
        for name in swedes[1:]:
            if not en and joined[-1].islower() and self.chance(0.3):
                name = name[0].lower() + name[1:]
            joined += name
        out += ["Swedish partner" if en else "Svensk partner", joined,
                "International partner" if en else "Internationell partner", "".join(partners)]
        if self.chance(0.4):
            c = COUNTRIES[ctx["cc"]][1 if en else 0]
            out += (["Partner country", c] if en else
                    (["Samarbetsland: " + c] if self.chance(0.5) else ["Samarbetsland", c]))
        if self.chance(0.4):
            out += (["Area of Cooperation", topic["en_theme"]] if en else
                    ["Samarbetsområde", topic["area"]])
        if not en and self.chance(0.1):
            out += ["Projektområde", topic["thing"].capitalize()]
        if not en and self.chance(0.03):
            out += ["Typ av publikation", self.pick(["Nyhet", "Rapport", "Reportage"])]
        if self.chance(0.5):
            tags = [topic["tag"], COUNTRIES[ctx["cc"]][0], "Kommunala partnerskap", "Nyheter"]
            tags = self.r.sample(tags, self.r.randint(2, 4))
            if en:
                out += ["Tags", ", ".join([COUNTRIES[ctx["cc"]][1], "Partnership", "News"])]
            elif self.chance(0.5):
                out += ["Etiketter", ", ".join(tags) + ","]
            else:
                out += ["Etiketter: " + ", ".join(tags) + ","]
        return out

    def extra_pairs(self, ctx, k):
        """K more (official, partner, short) pairs for list lines and metadata."""
        pairs = []
        for _ in range(k):
            off, short = self.swedish_side()
            p, _ = self.partner(ctx["cc"] if self.chance(0.7) else None)
            pairs.append((off, p, short))
        return pairs

    def swedish(self):
        ctx = self.context()
        self.banks_quotes = SV_QUOTES
        self.deal(sents=SV_SENT, quotes=SV_QUOTES)
        if self.chance(0.07):
            return self.notice(ctx)
        r = self.r
        target = r.triangular(1500, 3900, 2400)
        main = (ctx["o"], ctx["p"], ctx["s"])
        title = self.fill(self.pick(SV_TITLES), ctx)
        head = self.sv_header(ctx, title)
        lead = self.fill(self.pick([
            "{o} och {adj} {p} har inlett ett samarbete om {t}. " ,
            "Sedan {year0} samarbetar {s} med {p} i {c}. ",
            "Under {n} dagar i {month} besökte politiker och tjänstepersoner från {p} {s}. ",
            "{N} svenska kommuner och regioner med partner i {c} träffades i {month} för att prata om {t}. ",
        ]), ctx) + self.sv_paragraph(ctx, r.randint(1, 2))

        # The middle of the article: body paragraphs, people and quotes.
        blocks = []
        people = [self.swede(ctx), self.foreigner(ctx)]
        if self.chance(0.3):
            people.append(self.swede(ctx, "icld"))
        for person in people[: r.randint(1, len(people))]:
            introduced = self.chance(0.45)
            if introduced:
                blocks.append([self.sv_apposition(ctx, person)])
            blocks.append(self.sv_quote_block(ctx, person, introduced))
            if self.chance(0.25):
                q = self.one_quote()
                blocks.append(["– %s, %s %s." % (strip_dot(q), self.pick(SV_VERBS), person.pronoun)])
        if self.chance(0.5):
            blocks.append([self.fill(self.pick(SV_PAIR_SENTENCES), ctx)])
        if self.chance(0.35):
            blocks.append([self.fill(self.pick(SV_NEGATIVES), ctx)])
        if self.chance(0.2):
            blocks.append([self.fill(self.pick(SV_CAPTIONS), ctx)])
        if self.chance(0.05):
            who = self.swede(ctx)
            qa = ["Fem snabba frågor till %s" % who.name]
            for i in r.sample(range(len(SV_QUESTIONS)), 3):
                qa.append(SV_QUESTIONS[i] + "\n– " + SV_ANSWERS[i])
            blocks.append(qa)

        # The tail: pair lists, slogan, metadata, footer.
        pairs = [main]
        tail = []
        if self.chance(0.3):
            more = self.extra_pairs(ctx, r.randint(2, 7))
            pairs += more
            tail.append(self.pick(SV_LIST_HEADINGS))
            lines = ["%s och %s" % (off, p) for off, p, _ in pairs]
            if self.chance(0.6):
                tail += lines
            else:
                tail.append("\n".join(lines))
        elif self.chance(0.15):
            more = self.extra_pairs(ctx, r.randint(2, 4))
            pairs += more
            blocks.append(["Några av partnerskapen:"])
            blocks.append(["\n".join("- %s och %s %s" % (s, p, self.fill(self.pick(SV_BULLET_VPS), ctx))
                                     for _, p, s in pairs)])
        if self.chance(0.2):
            tail.append(self.fill(self.pick(SV_SLOGANS), ctx))
        meta = []
        if self.chance(0.5):
            meta = ["\n".join(self.metadata(ctx, pairs, "sv"))]
        elif self.chance(0.15):
            meta = ["\n".join(["Svensk partner", ctx["o"], "Internationell partner", ctx["p"],
                               "Samarbetsland", ctx["c"]])]
        foot = [self.fill(l, ctx) for l in self.pick(SV_FOOTERS)]
        return self.assemble(head, [lead], blocks, tail + meta, foot, target,
                             lambda: self.sv_paragraph(ctx))

    def assemble(self, head, lead, blocks, tail, foot, target, filler):
        """Interleave blocks with filler paragraphs until the size target."""
        body = list(lead)
        fixed = sum(len(x) + 2 for b in blocks for x in b) + sum(len(x) + 2 for x in tail)
        fixed += sum(len(x) + 1 for x in head + foot) + len(body[0])
        fill = []
        while fixed + sum(len(x) + 2 for x in fill) < target:
            f = filler()
            if f is None:
                break
            fill.append(f)
        while len(fill) > 1 and fixed + sum(len(x) + 2 for x in fill) > 3950:
            fill.pop()
        # Spread the filler between the blocks.
        slots = [[] for _ in range(len(blocks) + 1)]
        for f in fill:
            slots[self.r.randrange(len(slots))].append(f)
        for i, b in enumerate(blocks):
            body += slots[i] + b
        body += slots[-1]
        text = "\n".join(head) + "\n\n" + "\n\n".join(body + tail)
        if foot:
            text += "\n\n" + "\n".join(foot)
        return text + "\n"

    def notice(self, ctx):
        """A pure negative: a municipal notice with no pair and no quote."""
        r = self.r
        place = ctx["s"]
        title = self.pick(["Nya öppettider på återvinningscentralen i sommar",
                           "Vägarbete på {s}vägen under hösten",
                           "Biblioteket i {s} byter lokaler",
                           "Simhallen stänger för renovering"]).format(s=place)
        head = [genitive(place) + " kommun", "Invånare   Kultur och fritid   Trafik", "Sök",
                "Startsida > Nyheter", "", title, ""] + self.sv_published(ctx)
        days = ["Måndag – torsdag: %d–%d" % (r.randint(7, 10), r.randint(16, 19)),
                "Fredag: %d–%d" % (r.randint(7, 10), r.randint(14, 16)),
                "Lördag: %d–%d" % (r.randint(9, 11), r.randint(13, 15)), "Söndag: stängt"]
        body = [
            "Under perioden %d %s – %d %s gäller andra tider än vanligt." % (
                r.randint(1, 14), ctx["month"], r.randint(15, 28), ctx["month"]),
            "\n".join(days),
            "Tänk på att:",
            "- Sortera ditt avfall innan du kommer.\n- Visa upp ditt kort vid infarten.\n"
            "- Farligt avfall lämnas i den gula containern.",
            "Verksamhetschefen %s berättar att besökarna brukar bli fler när semestern börjar." % ctx["cname"],
            "%s och %s samarbetar om tjänsten sedan flera år." % (place, ctx["s2"]),
            "Kampanjen heter ”Rätt sak på rätt plats” och pågår hela sommaren.",
        ]
        text = "\n".join(head) + "\n\n" + "\n\n".join(body)
        while len(text) < 1500:
            text += "\n\n" + self.pick([
                "Kontakta kundtjänst om du har frågor om dina tömningar.",
                "Information om avgifter finns på kommunens webbplats.",
                "Personalen hjälper gärna till om du är osäker på hur något ska sorteras.",
                "Under helgdagar kan tiderna ändras med kort varsel.",
                "Parkeringen vid entrén är tillfälligt avstängd under arbetet.",
            ])
        return text + "\n\nDela\nFacebook\n"

    def english(self):
        ctx = self.context()
        self.banks_quotes = EN_QUOTES
        self.deal(sents=EN_SENT[1:], quotes=EN_QUOTES)
        topic = ctx["topic"]
        ctx.update(t=topic["en"], aim=topic["en_aim"])
        r = self.r
        target = r.triangular(1500, 3800, 2300)
        title = self.fill(self.pick(EN_TITLES), ctx)
        title = title[0].upper() + title[1:]
        head = self.pick([["ICLD", "About   What we do   Projects   News", "Search", "", "Projects"],
                          ["News", "Home > News > %d" % ctx["year"]], ["Skip to content", "Menu"]])
        head = head + ["", title, "", "Published %d %s %d" % (ctx["day"], ctx["Month"], ctx["year"])]
        blocks = []
        pairs = [(ctx["o"], ctx["p"], ctx["s"])]
        if self.chance(0.3):
            more = self.extra_pairs(ctx, 2)
            pairs += more
            # "between Skellefteå and Chernihiv, Karlstad and Korosten, and Umeå and Lutsk"
            names = ["%s and %s" % (s, p) for _, p, s in pairs]
            blocks.append(["The visits were organised within the partnerships between %s, and %s."
                           % (", ".join(names[:-1]), names[-1])])
        for person, roles in ((self.foreigner(ctx), EN_ROLES_P), (self.swede(ctx), EN_ROLES_S)):
            f_role = self.pick(roles).format(p=ctx["p"], s=ctx["s"])
            q = self.quote_text()
            x = r.random()
            if x < 0.45:
                blocks.append(["– %s, %s %s, %s." % (strip_dot(q), self.pick(EN_VERBS), person.name, f_role)])
            elif x < 0.75:
                blocks.append(["“%s,” said %s, %s." % (strip_dot(q), person.name, f_role)])
            elif x < 0.9:
                blocks.append(["%s, %s, %s." % (person.name, f_role, self.pick(EN_VPS)),
                               "‘%s’, says %s." % (strip_dot(q), person.name)])
            else:
                party = " (%s)" % self.pick(PARTIES)
                blocks.append(["“%s” says %s%s, %s." % (strip_dot(q), person.name, party, f_role)])
            if self.chance(0.25):
                blocks.append(["– " + self.one_quote()])
        meta = []
        if self.chance(0.6):
            meta = ["\n".join(self.metadata(ctx, pairs, "en"))]
        foot = self.pick([["Share", "Facebook", "LinkedIn"], []])
        return self.assemble(head, [self.fill(self.pick(EN_SENT[:1]), ctx)], blocks, meta, foot,
                             target, lambda: self.paragraph(ctx, r.randint(2, 3)))

    def norwegian(self):
        ctx = self.context()
        self.banks_quotes = NO_QUOTES
        self.deal(sents=NO_SENT[1:], quotes=NO_QUOTES)
        r = self.r
        ctx.update(s=self.pick(NO_TOWNS), t=ctx["topic"]["no"], month=MONTHS_NO[r.randrange(12)])
        target = r.triangular(1500, 3200, 2000)
        title = self.fill(self.pick(NO_TITLES), ctx)
        head = [ctx["s"] + " kommune", "Aktuelt", "Søk", "Meny", "", title, "",
                "Publisert %d. %s %d" % (ctx["day"], MONTHS_NO[r.randrange(12)], ctx["year"])]
        blocks = []
        for i in range(r.randint(1, 3)):
            person = self.norwegian_person()
            q = self.quote_text()
            x = r.random()
            if x < 0.5:
                blocks.append(["– %s, sier %s %s." % (strip_dot(q), person.role, person.name)])
            elif x < 0.8:
                blocks.append(["«%s,» sier %s, %s." % (strip_dot(q), person.name, person.role)])
            else:
                blocks.append(["%s %s sier:" % (person.role.capitalize(), person.name), "– " + q])
        return self.assemble(head, [self.fill(NO_SENT[0], ctx)], blocks, [],
                             ["Del artikkelen", "Facebook", "E-post"], target,
                             lambda: self.paragraph(ctx, r.randint(1, 3)))


# ---------------------------------------------------------------------------
# Texture: what scrapers and old systems do to text
# ---------------------------------------------------------------------------

LONG_WORD = re.compile(r"[^\W\d_]{12,}")
CP1252_FOLD = {"\u2212": "\u2013", "\u200b": "", "\ufeff": ""}


def sprinkle_nbsp(rng, text, k):
    """Replace K random spaces with NO-BREAK SPACE."""
    for _ in range(k):
        i = text.find(" ", rng.randrange(len(text)))
        if i > 0:
            text = text[:i] + "\u00a0" + text[i + 1:]
    return text


def hyphenate(rng, text, k, mark="\u00ad"):
    """Insert MARK (a soft hyphen or ZWSP) inside K of the long words."""
    words = [m.span() for m in LONG_WORD.finditer(text)]
    if not words:
        return text
    spans = sorted(rng.sample(words, min(k, len(words))), reverse=True)
    for a, b in spans:
        cut = rng.randint(a + 4, b - 4)
        text = text[:cut] + mark + text[cut:]
    return text


def to_cp1252(text):
    """Fold characters Windows-1252 cannot hold (Romanian ș, Cyrillic ...)."""
    out = []
    for ch in text:
        ch = CP1252_FOLD.get(ch, ch)
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            ch = "".join(c for c in unicodedata.normalize("NFKD", ch)
                         if not unicodedata.combining(c)) or "?"
            try:
                ch.encode("cp1252")
            except UnicodeEncodeError:
                ch = "?"
        out.append(ch)
    return "".join(out)


def texture(rng, text, stats):
    """Returns (bytes for the file, text for the JSONL archive)."""
    x = rng.random()
    if x < 0.0015:
        stats["empty"] += 1
        return b"", ""
    if x < 0.0025:
        stats["blank"] += 1
        t = rng.choice([" \n", "\n\n\t \n", "   "])
        return t.encode(), t
    if rng.random() < 0.25:
        stats["nbsp"] += 1
        text = sprinkle_nbsp(rng, text, rng.randint(1, 4))
    if rng.random() < 0.15:
        stats["shy"] += 1
        text = hyphenate(rng, text, rng.randint(1, 3))
    if rng.random() < 0.02:
        stats["zwsp"] += 1
        text = hyphenate(rng, text, 1, "\u200b")
    if rng.random() < 0.10:
        stats["crlf"] += 1
        text = text.replace("\n", "\r\n")
    y = rng.random()
    if y < 0.03:
        stats["cp1252"] += 1
        text = to_cp1252(text)
        return text.encode("cp1252"), text
    if y < 0.08:
        stats["nfd"] += 1
        text = unicodedata.normalize("NFD", text)
    elif y < 0.09:
        stats["bom"] += 1
        return b"\xef\xbb\xbf" + text.encode("utf-8"), text
    return text.encode("utf-8"), text


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="folder for the files (with --files)")
    ap.add_argument("--size-mb", type=float, default=100.0,
                    help="stop when the files reach N * 10^6 bytes (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jsonl", help="also write every article as JSON Lines to FILE (.gz: gzip)")
    ap.add_argument("--files", action="store_true",
                    help="write one file per article under --out (default without --jsonl)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    a = ap.parse_args()
    write_files = a.files or not a.jsonl
    if write_files and not a.out:
        ap.error("--out DIR is needed to write files")

    t0 = time.monotonic()
    rng = random.Random(a.seed)
    gaz = Gazetteer()
    art = Article(rng, gaz)
    limit = int(a.size_mb * 1_000_000)
    stats = {k: 0 for k in ("sv", "en", "no", "empty", "blank", "nbsp", "shy", "zwsp",
                            "crlf", "cp1252", "nfd", "bom")}
    jf = None
    if a.jsonl:
        os.makedirs(os.path.dirname(os.path.abspath(a.jsonl)), exist_ok=True)
        jf = (gzip.open(a.jsonl, "wt", encoding="utf-8", compresslevel=6)
              if a.jsonl.endswith(".gz") else open(a.jsonl, "w", encoding="utf-8"))
    total = n = 0
    folder = None
    while total < limit:
        x = rng.random()
        lang = "sv" if x < 0.90 else ("en" if x < 0.97 else "no")
        stats[lang] += 1
        text = {"sv": art.swedish, "en": art.english, "no": art.norwegian}[lang]()
        data, jtext = texture(rng, text, stats)
        rel = "%04d/%07d-%s.txt" % (n // 1000, n, lang)
        if write_files:
            if n % 1000 == 0:
                folder = os.path.join(a.out, "%04d" % (n // 1000))
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(a.out, rel), "wb") as f:
                f.write(data)
        if jf:
            jf.write(json.dumps({"id": rel, "text": jtext}, ensure_ascii=False) + "\n")
        total += len(data)
        n += 1
    if jf:
        jf.close()
    if not a.quiet:
        sec = time.monotonic() - t0
        print("gen.py: %d articles, %.1f MB in %.1f s (seed %d); %s" % (
            n, total / 1e6, sec, a.seed,
            ", ".join("%s %d" % kv for kv in stats.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
