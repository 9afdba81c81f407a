"""Benchmark ThemeModel on labelled short-text sets against plain TF-IDF + k-means.

Scores ACC (best one-to-one cluster-to-class mapping, Hungarian method) and NMI against the gold
labels, with the number of themes given and chosen automatically, as the mean over seeds, next
to a plain TF-IDF + k-means baseline run in the same process; wall time and peak memory; and a
timed run on a large synthetic collection made by perturbing the StackOverflow titles.

  .venv/bin/python bench/themes.py [--data-dir ../shared/data/shorttext] [--seeds 3]
                                   [--scale 100000] [--datasets stackoverflow,searchsnippets]
                                   [--subsets 5,10] [--extra Tweet.jsonl,T.jsonl]

--subsets checks that the automatic k follows the true number of topics: StackOverflow reduced
to its first N classes, clustered with k given and automatic (seed 0).

Texts labelled "other" (-1) by the automatic mode count as one extra cluster in ACC and NMI.
Peak memory is the process's maximum resident size (ru_maxrss) after the stage, so it includes
the interpreter, the data and any earlier stage.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.themes.model import ThemeModel

ROOT = Path(__file__).resolve().parents[1]


def accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Share of texts whose cluster maps to their class under the best one-to-one mapping."""
    classes, truth_index = np.unique(truth, return_inverse=True)
    clusters, predicted_index = np.unique(predicted, return_inverse=True)
    counts = np.zeros((clusters.size, classes.size))
    np.add.at(counts, (predicted_index, truth_index), 1)
    rows, cols = linear_sum_assignment(-counts)
    return float(counts[rows, cols].sum() / truth.size)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def load(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and labels from ``label<TAB>text`` with a header, or JSON lines (``.json*``).

    JSON lines hold ``{"text": ..., "cluster": ...}`` per line, the format in which the
    Tweet and GoogleNews short-text sets of the GSDMM paper (Yin & Wang, KDD 2014) circulate.
    """
    if path.suffix.startswith(".json"):
        with path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        return [str(row["text"]) for row in rows], np.array([str(row["cluster"]) for row in rows])
    texts, labels = [], []
    with path.open(encoding="utf-8") as handle:
        next(handle)  # header: label<TAB>text
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            texts.append(text)
    return texts, np.array(labels)


def baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """The textbook recipe: TF-IDF (English stop words) and k-means."""
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    return KMeans(k, n_init=1, random_state=seed).fit_predict(matrix)


def timed(method: Callable[[], np.ndarray]) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    labels = method()
    return np.asarray(labels), time.perf_counter() - start


def perturbed(texts: list[str], size: int, seed: int) -> list[str]:
    """``size`` texts resampled from ``texts``, each with a dropped word or a swapped letter."""
    rng = random.Random(seed)
    out = []
    for _ in range(size):
        words = rng.choice(texts).split()
        if len(words) > 3 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            j = rng.randrange(len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
        out.append(" ".join(words))
    return out


def bench_dataset(name: str, path: Path, seeds: list[int]) -> list[tuple]:
    texts, truth = load(path)
    k = np.unique(truth).size
    print(f"\n{name}: {len(texts)} texts, {k} classes", file=sys.stderr)
    methods: dict[str, Callable[[int], Callable[[], np.ndarray]]] = {
        "ThemeModel k given": lambda s: lambda: ThemeModel(k, random_state=s).fit_predict(texts),
        "ThemeModel k auto": lambda s: lambda: ThemeModel(random_state=s).fit(texts).labels_,
        "TF-IDF + k-means": lambda s: lambda: baseline(texts, k, s),
    }
    rows = []
    for method_name, make in methods.items():
        scores = []
        for seed in seeds:
            labels, seconds = timed(make(seed))
            n_found = np.unique(labels[labels >= 0]).size
            scores.append((accuracy(truth, labels), normalized_mutual_info_score(truth, labels),
                           seconds, n_found, float(np.mean(labels == -1))))
            print(f"  {method_name} seed {seed}: ACC {scores[-1][0]:.3f} NMI {scores[-1][1]:.3f} "
                  f"{seconds:.1f}s k={n_found} other={scores[-1][4]:.1%}", file=sys.stderr)
        mean = np.mean(np.array(scores), axis=0)
        rows.append((name, method_name, *mean, peak_memory_mb()))
    return rows


def bench_scale(source: Path, size: int, seed: int) -> list[tuple[str, float, int, float]]:
    texts = perturbed(load(source)[0], size, seed)
    results = []
    for label, n_themes in (("k given (20)", 20), ("k given (100)", 100), ("k auto", None)):
        start = time.perf_counter()
        model = ThemeModel(n_themes, random_state=seed).fit(texts)
        results.append((label, time.perf_counter() - start, model.n_themes_, peak_memory_mb()))
        print(f"  scale {size} {label}: {results[-1][1]:.1f}s", file=sys.stderr)
    start = time.perf_counter()
    baseline(texts, 20, seed)
    results.append(("TF-IDF + k-means (20)", time.perf_counter() - start, 20, peak_memory_mb()))
    return results


def bench_subsets(source: Path, sizes: list[int], seed: int) -> list[tuple]:
    texts, truth = load(source)
    rows = []
    for n_classes in sizes:
        keep = np.isin(truth, np.unique(truth)[:n_classes])
        subset = [t for t, kept in zip(texts, keep, strict=True) if kept]
        given = ThemeModel(n_classes, random_state=seed).fit_predict(subset)
        auto = ThemeModel(random_state=seed).fit(subset)
        rows.append((n_classes, auto.n_themes_,
                     normalized_mutual_info_score(truth[keep], given),
                     normalized_mutual_info_score(truth[keep], auto.labels_),
                     float(np.mean(auto.labels_ == -1))))
        print(f"  subset {n_classes}: auto k={rows[-1][1]}", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".." / "shared/data/shorttext",
                        help="folder with <dataset>.tsv files (label<TAB>text)")
    parser.add_argument("--datasets", default="stackoverflow,searchsnippets",
                        help="comma-separated dataset names (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds to average (default: 3)")
    parser.add_argument("--scale", type=int, default=100_000,
                        help="size of the timed large run, 0 to skip (default: %(default)s)")
    parser.add_argument("--subsets", default="5,10",
                        help="StackOverflow class counts for the auto-k check, '' to skip "
                             "(default: %(default)s)")
    parser.add_argument("--extra", default="", metavar="PATH[,PATH]",
                        help="more labelled sets to score: label<TAB>text files with a header, "
                             "or JSON lines of {\"text\", \"cluster\"} (.jsonl)")
    args = parser.parse_args()
    seeds = list(range(args.seeds))

    paths = [args.data_dir / f"{name}.tsv" for name in args.datasets.split(",") if name]
    paths += [Path(extra) for extra in args.extra.split(",") if extra]
    rows = []
    for path in paths:
        if not path.exists():
            print(f"error: {path} not found (use --data-dir)", file=sys.stderr)
            return 2
        rows += bench_dataset(path.stem, path, seeds)

    print(f"\nmean over {len(seeds)} seeds; ratio = ThemeModel / baseline in the same run")
    header = (f"{'dataset':<15} {'method':<20} {'ACC':>6} {'NMI':>6} {'ACC x':>6} {'NMI x':>6} "
              f"{'wall s':>7} {'k':>5} {'other':>6} {'peak MB':>8}")
    print(header)
    print("-" * len(header))
    for name, method, acc, nmi, seconds, n_found, other, memory in rows:
        base = next(r for r in rows if r[0] == name and r[1] == "TF-IDF + k-means")
        print(f"{name:<15} {method:<20} {acc:6.3f} {nmi:6.3f} {acc / base[2]:6.2f} "
              f"{nmi / base[3]:6.2f} {seconds:7.1f} {n_found:5.1f} {other:6.1%} {memory:8.0f}")
    for name in {r[0] for r in rows}:
        given = next(r for r in rows if r[0] == name and r[1] == "ThemeModel k given")
        auto = next(r for r in rows if r[0] == name and r[1] == "ThemeModel k auto")
        print(f"{name}: NMI auto - NMI given = {auto[3] - given[3]:+.3f}")

    if args.subsets:
        sizes = [int(n) for n in args.subsets.split(",")]
        print("\nauto k on StackOverflow subsets (seed 0)")
        for n_classes, found, nmi_given, nmi_auto, other in bench_subsets(
            args.data_dir / "stackoverflow.tsv", sizes, seed=0
        ):
            print(f"  {n_classes:>3} classes: auto k {found:3d}  NMI given {nmi_given:.3f}  "
                  f"NMI auto {nmi_auto:.3f}  other {other:.1%}")

    if args.scale:
        source = args.data_dir / "stackoverflow.tsv"
        print(f"\nscale: {args.scale} perturbed StackOverflow titles")
        results = bench_scale(source, args.scale, seed=0)
        base_seconds = results[-1][1]
        for label, seconds, n_found, memory in results:
            print(f"  {label:<22} {seconds:7.1f} s  ({seconds / base_seconds:5.2f} x baseline)  "
                  f"themes {n_found:3d}  peak {memory:6.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
