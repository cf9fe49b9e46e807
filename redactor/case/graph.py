"""The identity graph of a case: every person entity of every document (the detector's, one per
document) and every identity of the profile is a node; nodes that are one person are joined.

Links, in this order, each found through an index (never by comparing documents pairwise):
1. *layout*: what one document's layout says (`SURNAME, Given`; Last/First/Middle name fields)
   and its alias labels ("a.k.a.", "other names used", "the Russian spelling").
2. *name*: two full names with the same given name and surname, allowing one spelling difference
   in each (Dzmitry Hrytsevich = Dmitry Gritsevich), transliterations already folded by the key.
3. *identifier*, *date of birth*: one A-number ties the names around it; one date of birth ties
   names that share a name word. Both are refused between people whose given names are plainly
   different (the mother's A-number written next to her son's name in a table).
4. *single name*: a name written alone ("GRITSEVICH", "Maksim") joins the one person whose full
   name contains it, choosing by relation, role or initials when several do; if it still fits
   several people it becomes one "shared name" entity, masked everywhere, never silently given to
   one of them. A public person's single name joins only public people, and a private or unknown
   one only private people (or someone the profile says to keep).

A person's role: the profile's, else the strongest private role its mentions carry (applicant,
minor, family, witness, persecutor: the most frequent), else "private", else a public role if only
public roles were seen (kept), else none (masked by the policy's default for people)."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from redactor.case.evidence import STRONG_PRIVATE, DocumentEvidence, a_number_key, given_and_surname
from redactor.case.model import CaseDocument
from redactor.case.naming import NameForm, canonical, deletions, is_common_word, name_forms, similar
from redactor.case.profile import CaseProfile
from redactor.model import PUBLIC_ROLES

PROFILE_DOC = -1


@dataclass
class Node:
    doc: int  # PROFILE_DOC for the profile's identities and keep terms
    local_id: str
    forms: list[NameForm]
    roles: Counter
    first: tuple[int, int]  # (document, offset) of the first mention; the profile comes first
    forced_role: str | None = None  # from the profile: an identity's role, or "public" to keep
    cue_words: set[str] = field(default_factory=set)  # single names seen with a role cue
    relation: str | None = None
    identifiers: set[tuple[str, str]] = field(default_factory=set)

    @property
    def full_forms(self) -> list[NameForm]:
        return [f for f in self.forms if f.is_full]

    @property
    def givens(self) -> set[str]:
        return {given_and_surname(f)[0] for f in self.full_forms}

    @property
    def words(self) -> set[str]:
        return {k for f in self.forms for k in f.keys}

    @property
    def public(self) -> bool:
        if self.forced_role:
            return self.forced_role in PUBLIC_ROLES
        return bool(self.roles) and all(r in PUBLIC_ROLES for r in self.roles)

    @property
    def unknown(self) -> bool:
        return self.forced_role is None and all(r is None for r in self.roles)


@dataclass
class Person:
    """One person of the case (a joined set of nodes), before numbering."""

    key: int
    nodes: list[int]
    role: str | None
    public: bool
    forms: list[NameForm]
    full_names: dict[str, str]  # canonical full name → as written: searched in every document
    spread_words: dict[str, str]  # canonical single name → as written: searched too
    initials: set[str]  # first letters of its names and the initials written with them
    given_initials: set[str]  # first letters of its given names
    relation: str | None
    first: tuple[int, int]
    sources: set[str]
    links: Counter
    flags: list[str]
    shared_word: str | None = None  # a "shared name" entity: the word it stands for
    canonical_form: NameForm | None = None  # the name its initials follow (the profile's first)


class _Joins:
    """Union-find over nodes, remembering each set's given names (for the veto) and its links."""

    def __init__(self, nodes: list[Node]):
        self.parent = list(range(len(nodes)))
        self.givens = [set(n.givens) for n in nodes]
        self.links = [Counter() for _ in nodes]
        self.refused = 0

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, rule: str, veto: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if veto and not compatible(self.givens[ra], self.givens[rb]):
            self.refused += 1
            return False
        if len(self.givens[ra]) < len(self.givens[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.givens[ra] |= self.givens[rb]
        self.links[ra] += self.links[rb]
        self.links[ra][rule] += 1
        return True


def compatible(givens_a: set[str], givens_b: set[str]) -> bool:
    """Could these be one person's given names? Plainly different ones (Maksim, Aliaksandra) no;
    spellings of one name (Aliaksandra, Alexandra) yes; unknown given names yes."""
    if not givens_a or not givens_b:
        return True
    return any(a[0] == b[0] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.7
               for a in givens_a for b in givens_b)


def _nodes(documents: list[CaseDocument], evidence: list[DocumentEvidence],
           profile: CaseProfile | None) -> list[Node]:
    nodes: list[Node] = []
    if profile is not None:
        for i, identity in enumerate(profile.identities):
            forms = [f for name in identity.names for f in name_forms(name)]
            ids = {("A_NUMBER", k) for k in map(a_number_key, identity.a_numbers) if k}
            ids |= {("DATE_OF_BIRTH", d.isoformat()) for d in identity.dates_of_birth}
            nodes.append(Node(PROFILE_DOC, f"identity-{i + 1}", forms, Counter(), (PROFILE_DOC, i),
                              identity.role, {k for f in forms for k in f.keys}, identity.relation, ids))
        offset = len(profile.identities)
        for i, term in enumerate(t for t in profile.mask if t.type == "PERSON"):
            forms = name_forms(term.text)
            nodes.append(Node(PROFILE_DOC, f"mask-{i + 1}", forms, Counter(), (PROFILE_DOC, offset + i),
                              "private", {k for f in forms for k in f.keys}))
        for i, term in enumerate(profile.keep):
            forms = [f for f in name_forms(term) if f.words]
            if forms:
                nodes.append(Node(PROFILE_DOC, f"keep-{i + 1}", forms, Counter(), (PROFILE_DOC, 10**6 + i),
                                  "public"))
    for doc, ev in zip(documents, evidence):
        by_local: dict[str, Node] = {}
        for m in ev.mentions:
            node = by_local.get(m.local_id)
            if node is None:
                node = by_local[m.local_id] = Node(doc.index, m.local_id, [], Counter(), (doc.index, m.start))
            forms = m.forms
            node.forms.extend(forms)
            node.roles[m.role] += 1
            if m.role is not None:
                node.cue_words |= {k for f in forms if not f.is_full for k in f.keys}
        for local_id, derived in ev.derived.items():
            if local_id in by_local:
                by_local[local_id].forms.extend(derived)
        for local_id, relation in ev.relations.items():
            if local_id in by_local:
                by_local[local_id].relation = relation
        for local_id, kind, value in ev.identifiers:
            if local_id in by_local:
                by_local[local_id].identifiers.add((kind, value))
        nodes.extend(by_local.values())
    return nodes


def _join_layout(nodes: list[Node], evidence: list[DocumentEvidence], joins: _Joins) -> None:
    where = {(n.doc, n.local_id): i for i, n in enumerate(nodes)}
    for doc_index, ev in enumerate(evidence):
        for rule, pairs in (("layout", ev.same), ("alias", ev.aliases)):
            for a, b in pairs:
                if (doc_index, a) in where and (doc_index, b) in where:
                    joins.join(where[(doc_index, a)], where[(doc_index, b)], rule)


@lru_cache(maxsize=65536)
def _name_keys(form: NameForm) -> frozenset[tuple[str, str]]:
    given, surname = given_and_surname(form)
    variants_g = deletions(given) if len(given) >= 5 else {given}
    variants_s = deletions(surname) if len(surname) >= 5 else {surname}
    return frozenset((g, s) for g in variants_g for s in variants_s)


def _gendered(a: str, b: str) -> bool:
    """Aleksandr/Aleksandra, Petrov/Petrova: one letter apart, and two people."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and long_.endswith("a") and long_[:-1] == short


def _same_name(a: NameForm, b: NameForm) -> bool:
    (ga, sa), (gb, sb) = given_and_surname(a), given_and_surname(b)
    return (similar(ga, gb) or ga == gb) and (similar(sa, sb) or sa == sb) \
        and not _gendered(ga, gb) and not _gendered(sa, sb)


def _join_names(nodes: list[Node], joins: _Joins) -> None:
    seen: dict[tuple[str, str], tuple[int, NameForm]] = {}
    for i, node in enumerate(nodes):
        distinct = {given_and_surname(f): f for f in node.full_forms}  # one form per name
        for form in distinct.values():
            for key in _name_keys(form):
                if key not in seen:
                    seen[key] = (i, form)
                elif _same_name(seen[key][1], form):
                    joins.join(seen[key][0], i, "name")


def _join_identifiers(nodes: list[Node], joins: _Joins) -> None:
    seen: dict[tuple, int] = {}
    for i, node in enumerate(nodes):
        for kind, value in node.identifiers:
            if kind == "A_NUMBER":
                keys = {(kind, value)}
            else:  # a date of birth ties only names that share a name word
                keys = {(kind, value, d) for w in node.words for d in (deletions(w) if len(w) >= 5 else {w})}
            for key in keys:
                if key in seen:
                    joins.join(seen[key], i, "identifier" if kind == "A_NUMBER" else "date of birth",
                               veto=True)
                else:
                    seen[key] = i


def _class(nodes: list[Node], members: list[int]) -> str:
    """public | private | unknown, for which single names may join a set."""
    forced = [nodes[i].forced_role for i in members if nodes[i].forced_role]
    if forced:
        return "public" if all(r in PUBLIC_ROLES for r in forced) else "private"
    roles = [r for i in members for r in nodes[i].roles if r is not None]
    if any(r not in PUBLIC_ROLES for r in roles):
        return "private"
    return "public" if roles else "unknown"


def _join_single_names(nodes: list[Node], joins: _Joins) -> dict[int, str]:
    """Single names join the one person whose full name holds them; returns the nodes left
    ambiguous (node → the word they share)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[joins.find(i)].append(i)
    anchored_words: dict[str, set[int]] = defaultdict(set)  # canonical word → set roots
    fuzzy_words: dict[str, set[int]] = defaultdict(set)
    for root, members in groups.items():
        if not any(nodes[i].full_forms for i in members):
            continue
        for i in members:  # every name word of a person with a full name (aliases too)
            for form in nodes[i].forms:
                for key in form.keys:
                    anchored_words[key].add(root)
                    if len(key) >= 5:
                        for d in deletions(key):
                            fuzzy_words[d].add(root)
    klass = {root: _class(nodes, members) for root, members in groups.items()}
    relation = {root: {nodes[i].relation for i in members} - {None} for root, members in groups.items()}
    roles = {root: {r for i in members for r in nodes[i].roles} | {nodes[i].forced_role for i in members}
             for root, members in groups.items()}
    initials = {root: {k[0] for i in members for f in nodes[i].full_forms for k in f.keys}
                for root, members in groups.items()}
    ambiguous: dict[int, str] = {}
    alone: dict[tuple[str, str], int] = {}  # (class, word) → a set with no full name anywhere
    for root, members in groups.items():
        if any(nodes[i].full_forms for i in members):
            continue  # anchored: linked by its full names
        words = {k for i in members for f in nodes[i].forms for k in f.keys}
        node_initials = {c for i in members for f in nodes[i].forms for c in f.initials}
        candidates: set[int] = set()
        for word in words:
            exact = anchored_words.get(word, set())
            candidates |= exact or {r for d in (deletions(word) if len(word) >= 5 else ())
                                    for r in fuzzy_words.get(d, ()) if any(
                                        similar(word, k) for k in _root_words(nodes, groups[r]))}
        mine = klass[root]
        if mine == "public":
            # a public guess joins public people; failing that, a person the profile names (the
            # profile knows better than a role cue: "investigator Sidorenko" is the persecutor)
            candidates = {c for c in candidates if klass[c] == "public"
                          and any(nodes[i].doc != PROFILE_DOC for i in groups[c])} or {
                c for c in candidates if any(nodes[i].forced_role in STRONG_PRIVATE + ("private",)
                                             for i in groups[c])}
        else:
            private = {c for c in candidates if klass[c] != "public"}
            forced_keep = {c for c in candidates if klass[c] == "public" and mine == "unknown"
                           and any(nodes[i].forced_role for i in groups[c])}
            candidates = private or forced_keep
        candidates.discard(root)
        if len(candidates) > 1:
            candidates = _narrow(candidates, relation[root], roles[root], node_initials, relation, roles,
                                 initials)
        word = _one_word(words, members, nodes)
        if len(candidates) == 1:
            joins.join(root, candidates.pop(), "single name")
        elif len(candidates) > 1 and word is not None:
            for i in members:
                ambiguous[i] = word
        elif not candidates and word is not None:
            # "Zhuk" alone in two documents, and no full name anywhere: one person
            other = alone.setdefault((mine if mine == "public" else "private", word), root)
            if other != root:
                joins.join(other, root, "single name")
    return ambiguous


def _one_word(words: set[str], members: list[int], nodes: list[Node]) -> str | None:
    """The one name word a set of single names spells (Hrytsevich, Hrytsevitch), or None."""
    if not words:
        return None
    counts = Counter(k for i in members for f in nodes[i].forms for k in f.keys)
    best = max(sorted(words), key=lambda w: counts[w])
    return best if all(w == best or similar(w, best) for w in words) else None


def _root_words(nodes: list[Node], members: list[int]) -> set[str]:
    return {k for i in members for f in nodes[i].full_forms for k in f.keys}


def _narrow(candidates: set[int], my_relations: set[str], my_roles: set, my_initials: set[str],
            relation: dict, roles: dict, initials: dict) -> set[int]:
    """Among several people a single name could be: the one with the same relation label, the same
    private role cue, or whose given name starts with the initials written with it."""
    strong = {r for r in my_roles if r in STRONG_PRIVATE}
    for keep in (
        lambda c: bool(my_relations & relation[c]),
        lambda c: bool(strong & roles[c]),
        lambda c: bool(my_initials) and my_initials <= initials[c],
    ):
        narrowed = {c for c in candidates if keep(c)}
        if len(narrowed) == 1:
            return narrowed
    return candidates


def _role(nodes: list[Node], members: list[int]) -> tuple[str | None, list[str]]:
    flags: list[str] = []
    # the profile's word wins; of two (an identity and a keep term), the private one
    forced = sorted((nodes[i].forced_role for i in members if nodes[i].forced_role),
                    key=lambda r: r in PUBLIC_ROLES)
    counts: Counter = Counter()
    for i in members:
        counts.update(nodes[i].roles)
    public_seen = any(r in PUBLIC_ROLES for r in counts)
    private_seen = any(r is not None and r not in PUBLIC_ROLES for r in counts)
    if public_seen and private_seen:
        flags.append("role conflict: public in one mention, private in another")
    if forced:
        return forced[0], flags
    strong = [(n, -STRONG_PRIVATE.index(r), r) for r, n in counts.items() if r in STRONG_PRIVATE]
    if strong:
        return max(strong)[2], flags
    if counts.get("private"):
        return "private", flags
    public = [(n, r) for r, n in counts.items() if r in PUBLIC_ROLES]
    if public:
        if counts.get(None):
            flags.append("kept for a public role found in another mention")
        return max(public)[1], flags
    return None, flags


def link_people(documents: list[CaseDocument], evidence: list[DocumentEvidence],
                profile: CaseProfile | None) -> tuple[list[Person], dict[tuple[int, str], int]]:
    """The persons of the case, and which person each document's person entity belongs to."""
    nodes = _nodes(documents, evidence, profile)
    joins = _Joins(nodes)
    _join_layout(nodes, evidence, joins)
    _join_names(nodes, joins)
    _join_identifiers(nodes, joins)
    ambiguous = _join_single_names(nodes, joins)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        groups[joins.find(i)].append(i)
    # nodes left ambiguous on one word become one "shared name" person per word
    shared: dict[str, list[int]] = defaultdict(list)
    for root in list(groups):
        members = groups[root]
        if all(i in ambiguous for i in members):
            shared[ambiguous[members[0]]].extend(members)
            del groups[root]
    persons: list[Person] = []
    member_of: dict[tuple[int, str], int] = {}
    for members in [*groups.values(), *shared.values()]:
        word = ambiguous.get(members[0]) if all(i in ambiguous for i in members) else None
        person = _person(len(persons), nodes, members, joins, word)
        persons.append(person)
        for i in members:
            member_of[(nodes[i].doc, nodes[i].local_id)] = person.key
    return persons, member_of


def _person(key: int, nodes: list[Node], members: list[int], joins: _Joins, shared_word: str | None) -> Person:
    role, flags = _role(nodes, members)
    forms = [f for i in members for f in nodes[i].forms]
    full_names = {canonical(" ".join(f.words)): " ".join(f.words) for f in forms if f.is_full}
    # the words of a full name spread alone where the person has a role cue or they are no common
    # English words: "Grace Young" found without a cue is searched whole, not as "Young"
    cued = role is not None or any(nodes[i].forced_role for i in members)
    spread = {k: w for f in forms if f.is_full for w, k in zip(f.words, f.keys)
              if cued or not is_common_word(w)}
    for i in members:
        node = nodes[i]
        for form in node.forms:
            if form.is_full:
                continue
            for word, k in zip(form.words, form.keys):
                # a single name found alone spreads if it came with a role cue or from the
                # profile, or is no common English word ("Telegram" guessed once stays put)
                if k in node.cue_words or not is_common_word(word):
                    spread.setdefault(k, word)
    initials = {k[0] for f in forms for k in f.keys} | {c for f in forms for c in f.initials}
    given_initials = {given_and_surname(f)[0][0] for f in forms if f.is_full}
    relations = sorted({nodes[i].relation for i in members} - {None})
    links = Counter()
    for i in members:
        links += joins.links[i] if joins.find(i) == i else Counter()
    sources = {"profile" if nodes[i].doc == PROFILE_DOC else "detector" for i in members}
    if any(nodes[i].forced_role == "public" for i in members):
        sources.add("keep")
    if shared_word is not None:
        flags.append("a name shared by several people of the case")
    public = role in PUBLIC_ROLES
    profile_names = [nodes[i].forms[0] for i in members
                     if nodes[i].doc == PROFILE_DOC and nodes[i].forms and nodes[i].forced_role != "public"]
    full = [f for f in forms if f.is_full]
    counted = Counter(canonical(" ".join(f.words)) for f in full)
    canonical_form = (profile_names[0] if profile_names else
                      max(full, key=lambda f: (counted[canonical(" ".join(f.words))], len(f.words)))
                      if full else (forms[0] if forms else None))
    return Person(key, members, role, public, forms, full_names, spread, initials, given_initials,
                  relations[0] if relations else None,
                  min(nodes[i].first for i in members), sources, links, flags, shared_word, canonical_form)


def add_shared_names(persons: list[Person]) -> list[Person]:
    """A single name that several private people of the case carry (a family's surname) gets one
    "shared name" entity: where nothing tells whose it is, that is what it is tagged as."""
    owners: dict[str, list[Person]] = defaultdict(list)
    for person in persons:
        if not person.public and person.shared_word is None:
            for word in person.spread_words:
                owners[word].append(person)
    have = {p.shared_word for p in persons if p.shared_word is not None}
    added = list(persons)
    for word, people in sorted(owners.items()):
        if len(people) < 2 or word in have:
            continue
        roles = [p.role for p in people if p.role in STRONG_PRIVATE]
        role = min(roles, key=STRONG_PRIVATE.index) if roles else "private"
        written = people[0].spread_words[word]
        # numbered by its first mention, never among the profile's people
        added.append(Person(len(added), [], role, False, [], {}, {word: written}, {word[0]}, set(), None,
                            (0, 0), {"case"}, Counter(),
                            ["a name shared by several people of the case"], word))
    return added
