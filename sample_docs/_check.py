import re, sys, collections
from pathlib import Path
sys.path.insert(0, '/work/main')
from redactor.gold import parse_marked
TYPES = {'PERSON','A_NUMBER','DOCKET','RECEIPT_NUMBER','DATE','DATE_OF_BIRTH','LOCATION','ADDRESS','PHONE','EMAIL','ID_CODE','ORG','NRP'}
PM = {'applicant','family','minor','witness','persecutor'}
PK = {'judge','attorney','official','interpreter','expert','precedent_party'}
OR = {'agency','country','public','professional','court','citation','statute','form'}
STOP = {'de','la','del','los','las','van','von','of','the','and','el','al','st','mr','ms','dr','no','y'}
L = r'[^\W\d_]'
def check(path):
    stem = Path(path).name.removesuffix('.marked.txt')
    g = parse_marked(Path(path).read_text(encoding='utf-8'), stem)
    t = g.text
    print(f'== {stem}: {len(t)} chars, {len(g.spans)} spans')
    if not 2500 <= len(t) <= 6000: print('  !! LENGTH out of range')
    mask = [False]*len(t); keep = [False]*len(t)
    for s in g.spans:
        arr = mask if s.action == 'mask' else keep
        for i in range(s.start, s.end): arr[i] = True
        w = []
        if s.type not in TYPES: w.append('bad type')
        if s.type == 'PERSON':
            if s.action == 'mask' and s.role not in PM: w.append('bad mask person role')
            if s.action == 'keep' and s.role not in PK: w.append('bad keep person role')
        elif s.action == 'mask' and s.role: w.append('mask with role')
        elif s.action == 'keep' and s.type != 'NRP' and s.role not in OR: w.append('keep role?')
        if s.text != s.text.strip(): w.append('edge space')
        if re.match(r'(Mr|Ms|Mrs|Dr|Judge)\.?\s', s.text): w.append('title inside')
        if re.search(r"['’]s$", s.text) and s.type=='PERSON': w.append('possessive inside')
        if w: print('  !!', s.start, repr(s.text), s.type, s.action, s.role, w)
    # unannotated occurrences of mask surfaces and their tokens
    seen = set(); issues = []
    for s in g.spans:
        toks = {s.text}
        if s.action == 'mask' and s.type in ('PERSON','LOCATION','ORG'):
            for tok in re.split(r"[\s\-,.'’()\"]+", s.text):
                if len(tok) >= 3 and tok.lower() not in STOP: toks.add(tok)
        for tok in toks:
            key = (tok.lower(), s.action)
            if key in seen: continue
            seen.add(key)
            for m in re.finditer(r'(?<!%s)%s(?!%s)' % (L, re.escape(tok), L), t, re.I):
                idx = [i for i in range(m.start(), m.end()) if not t[i].isspace()]
                if s.action == 'mask':
                    if not all(mask[i] for i in idx):
                        kind = 'KEEP-covered' if all(keep[i] for i in idx) else 'UNANNOTATED'
                        issues.append(f'  mask-token {tok!r} ({s.type}) at {m.start()} {kind}: ...{t[max(0,m.start()-30):m.end()+30]!r}')
                else:
                    if not any(mask[i] or keep[i] for i in idx) and len(tok) > 2:
                        issues.append(f'  keep-surface {tok!r} ({s.type}) unannotated at {m.start()}: ...{t[max(0,m.start()-25):m.end()+25]!r}')
    for i in issues: print(i)
    c = collections.Counter((s.type, s.action) for s in g.spans)
    return g, c
if __name__ == '__main__':
    tot = collections.Counter()
    for p in sys.argv[1:]:
        g, c = check(p); tot += c
        print('  ', dict(sorted(c.items())))
