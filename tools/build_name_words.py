"""Build redactor/detect/data/name_words.txt.gz from the `names-dataset` package (pinned in
requirements-dev; Apache-2.0, data aggregated from public profiles: only name *words* with their
rank per country, never a person).

The detector treats an unknown capitalised word as a name candidate by itself; this artefact only
supports the harder case, a capitalised word that is *also* a common word (Hope, Sunday, Long, Will,
Cruz, Paz): such a word becomes a (weak) name candidate when it is a well-ranked given name or
surname somewhere, and is then masked only in a name-shaped context. Loading names-dataset takes
about 11 s and 1.9 GB, so the detector reads this compact derivative instead.

    python tools/build_name_words.py            # rewrite the artefact
"""

from __future__ import annotations

import gzip
import sys
from importlib.metadata import version
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "redactor" / "detect" / "data" / "name_words.txt.gz"
MAX_RANK = 3000     # a given name or surname among the 3,000 most frequent of some country
MIN_ZIPF = 0.0      # every well-ranked name word, common or not
LANGS = ("en", "es", "fr", "pt")


def main() -> int:
    from names_dataset import NameDataset

    dataset = NameDataset()
    words: dict[str, set[str]] = {}
    best: dict[str, int] = {}
    for kind, table in (("given", dataset.first_names), ("surname", dataset.last_names)):
        for name, info in table.items():
            ranks = [r for r in (info.get("rank") or {}).values() if r]
            if not ranks or min(ranks) > MAX_RANK:
                continue
            word = name.strip()
            if len(word) < 2 or not word.isalpha():
                continue
            key = word.casefold()
            if max(zipf_frequency(key, lang) for lang in LANGS) < MIN_ZIPF:
                continue
            words.setdefault(key, set()).add(kind)
            best[key] = min(best.get(key, MAX_RANK), min(ranks))
    lines = [f"# derived from names-dataset {version('names-dataset')} (Apache-2.0) by "
             f"tools/build_name_words.py: rank <= {MAX_RANK}, zipf >= {MIN_ZIPF} in {','.join(LANGS)}"]
    # word, kinds (given, surname), best rank in any country
    lines += [f"{w}\t{','.join(sorted(k))}\t{best[w]}" for w, k in sorted(words.items())]
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{OUT}: {len(words)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
