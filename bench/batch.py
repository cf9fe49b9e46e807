"""`make bench` (batch part): documents/s and characters/s at 1 and 2 workers on one corpus, peak
memory per worker, cost growth for 1x/4x/16x the corpus and for single 100 KB/1 MB/10 MB documents,
and the Ray engine against the local engine (throughput ratio and identical outputs). Prints
figures; asserts nothing."""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench import corpus  # noqa: E402


def write_corpus(folder: Path, texts: list[str], copies: int = 1) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for i, text in enumerate(texts):
            (folder / f"doc{n:02d}_{i:03d}.txt").write_text(text, encoding="utf-8")
    return sum(map(len, texts)) * copies


def timed_batch(in_dir: Path, out_dir: Path, workers: int, engine: str = "local") -> tuple[float, dict]:
    from redactor.batch import run_batch

    start = time.perf_counter()
    summary = run_batch(in_dir, out_dir, "asylum-confidential", workers, engine=engine)
    return time.perf_counter() - start, summary


def same_outputs(a: Path, b: Path) -> bool:
    skip = {"manifest.jsonl", "summary.json"}
    files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file() and p.name not in skip}
    files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file() and p.name not in skip}
    return files_a == files_b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20, help="ECHR judgments in the base corpus")
    parser.add_argument("--sizes", default="100000,1000000,10000000", help="single-document sizes")
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    texts = corpus(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        chars = write_corpus(tmp / "base", texts)
        print(f"base corpus: {len(texts)} documents, {chars:,} characters")
        t1, s1 = timed_batch(tmp / "base", tmp / "w1", 1)
        t2, _ = timed_batch(tmp / "base", tmp / "w2", 2)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"workers=1: {len(texts) / t1:.2f} docs/s, {chars / t1:,.0f} chars/s ({t1:.1f} s)")
        print(f"workers=2: {len(texts) / t2:.2f} docs/s, {chars / t2:,.0f} chars/s ({t2:.1f} s)")
        print(f"speed-up 2 workers / 1 worker: {t1 / t2:.2f}")
        print(f"peak memory of one worker process: {peak:,.0f} MB")
        print(f"identical outputs at 1 and 2 workers: {same_outputs(tmp / 'w1', tmp / 'w2')}")

        print("cost growth (2 workers):")
        base_rate = None
        for copies in (1, 4, 16):
            folder = tmp / f"x{copies}"
            n = write_corpus(folder, texts, copies)
            seconds, _ = timed_batch(folder, tmp / f"out{copies}", 2)
            rate = n / seconds
            base_rate = base_rate or rate
            print(f"  {copies:2d}x ({n:>11,} chars): {seconds:7.1f} s, {rate:,.0f} chars/s "
                  f"({rate / base_rate:.2f} of 1x)")
            shutil.rmtree(folder)
            shutil.rmtree(tmp / f"out{copies}")

        print("single documents (chunked):")
        joined = "\n\n".join(texts)
        base_rate = None
        for size in map(int, args.sizes.split(",")):
            while len(joined) < size:
                joined += "\n\n" + joined
            folder = tmp / f"single{size}"
            folder.mkdir()
            (folder / "big.txt").write_text(joined[:size], encoding="utf-8")
            seconds, _ = timed_batch(folder, tmp / f"sout{size}", 1)
            rate = size / seconds
            base_rate = base_rate or rate
            print(f"  {size:>11,} chars: {seconds:7.1f} s, {rate:,.0f} chars/s ({rate / base_rate:.2f} of the first)")
            shutil.rmtree(folder)

        if not args.no_ray:
            try:
                import ray  # noqa: F401
            except ImportError:
                print("ray engine: not installed (pip install 'redactor[ray]')")
                return
            tr, _ = timed_batch(tmp / "base", tmp / "ray", 2, engine="ray")
            print(f"ray engine, 2 actors on this machine: {chars / tr:,.0f} chars/s ({tr:.1f} s, "
                  f"including Ray start-up); ray/local throughput {t2 / tr:.2f}")
            print(f"identical outputs ray vs local: {same_outputs(tmp / 'w2', tmp / 'ray')}")


if __name__ == "__main__":
    main()
