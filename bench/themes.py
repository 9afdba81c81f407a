"""Benchmark ThemeModel on labelled short-text sets, held out, against TF-IDF + k-means.

Scores ACC (best one-to-one cluster-to-class mapping, Hungarian method) and NMI against the gold
labels, as the mean over seeds, next to a plain TF-IDF + k-means baseline run in the same
process and the published SCCL figures; wall time and peak memory; the automatic number of
themes; and a timed run on a large synthetic collection made by perturbing StackOverflow titles.

**Leave one set out.** Each candidate configuration (``CONFIGURATIONS``) runs with k given on
every set. For each set, the configuration with the best mean (ACC + NMI) / 2 on the *other*
sets is chosen and scored on it; the mean of those held-out scores is the estimate of how the
method choice does on a set it was not tuned on. The default's own mean is printed too, but it
was chosen on all four sets, so it is not held out.

  /work/venv/bin/python bench/themes.py [--data-dir ../shared/data/shorttext] [--seeds 2]
      [--datasets stackoverflow,searchsnippets,tweet,googlenews_ts] [--configurations ...]
      [--no-auto] [--scale 100000] [--subsets 5,10] [--extra Tweet.jsonl]

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
from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.themes.model import ThemeModel

ROOT = Path(__file__).resolve().parents[1]
DATASETS = "stackoverflow,searchsnippets,tweet,googlenews_ts"
BASELINE = "TF-IDF + k-means"
AUTO = "k automatic, defaults"
# The candidate configurations the leave-one-set-out check chooses among (ThemeModel
# parameters). The one equal to ThemeModel's defaults is the choice made on all four sets.
CONFIGURATIONS: dict[str, dict] = {
    "expansion 0": {"expansion": 0.0},
    "expansion 0.5": {"expansion": 0.5},
    "expansion 1": {"expansion": 1.0},
}
DEFAULT = next(name for name, params in CONFIGURATIONS.items()
               if all(ThemeModel().get_params()[p] == v for p, v in params.items()))
# SCCL (Zhang et al. 2021, NAACL), the reference figures for these sets (ACC, NMI).
PUBLISHED = {"stackoverflow": (0.755, 0.745), "searchsnippets": (0.852, 0.711),
             "tweet": (0.782, 0.892), "googlenews_ts": (0.898, 0.949)}


class Run(NamedTuple):
    dataset: str
    method: str
    seed: int
    acc: float
    nmi: float
    seconds: float
    n_found: float
    other: float
    memory: float


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


def score(truth: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    return accuracy(truth, labels), float(normalized_mutual_info_score(truth, labels))


def bench_dataset(
    name: str, path: Path, seeds: list[int], configurations: dict[str, dict], auto: bool,
    sample: int = 0,
) -> list[Run]:
    """Each configuration (k given), the baseline, and if ``auto`` the default with k automatic.

    With ``sample``, each seed scores a random sample of that many texts (its own sample).
    """
    all_texts, all_truth = load(path)
    print(f"\n{name}: {len(all_texts)} texts, {np.unique(all_truth).size} classes"
          + (f", samples of {sample}" if sample else ""), file=sys.stderr)
    runs = []
    for seed in seeds:
        texts, truth = all_texts, all_truth
        if 0 < sample < len(all_texts):
            rows = np.sort(np.random.default_rng(1000 + seed).choice(len(texts), sample,
                                                                     replace=False))
            texts, truth = [all_texts[r] for r in rows], all_truth[rows]
        k = np.unique(truth).size

        def given(params: dict, texts: list[str] = texts, k: int = k, seed: int = seed) -> Callable:
            return lambda: ThemeModel(k, random_state=seed, **params).fit_predict(texts)

        methods = {f"k given, {config}": given(params)
                   for config, params in configurations.items()}
        methods[BASELINE] = lambda texts=texts, k=k, seed=seed: baseline(texts, k, seed)
        if auto:
            methods[AUTO] = lambda texts=texts, seed=seed: ThemeModel(random_state=seed).fit(
                texts).labels_
        for method_name, method in methods.items():
            labels, seconds = timed(method)
            acc, nmi = score(truth, labels)
            runs.append(Run(name, method_name, seed, acc, nmi, seconds,
                            np.unique(labels[labels >= 0]).size, float(np.mean(labels == -1)),
                            peak_memory_mb()))
            print(f"  {method_name} seed {seed}: ACC {acc:.3f} NMI {nmi:.3f} {seconds:.1f}s "
                  f"k={runs[-1].n_found} other={runs[-1].other:.1%}", file=sys.stderr)
    return runs


def mean_of(runs: list[Run], dataset: str, method: str) -> Run:
    """The mean over seeds of one method on one dataset (as a Run with seed -1)."""
    chosen = [r for r in runs if r.dataset == dataset and r.method == method]
    values = np.mean([[r.acc, r.nmi, r.seconds, r.n_found, r.other] for r in chosen], axis=0)
    return Run(dataset, method, -1, *values[:3], float(values[3]), float(values[4]),
               max(r.memory for r in chosen))


def leave_one_set_out(
    runs: list[Run], datasets: list[str], configurations: list[str]
) -> list[tuple[str, str, float, float]]:
    """For each dataset: the configuration best on the others (mean of ACC and NMI), scored on it.

    This is how the choice of configuration would fare on a set it was not chosen on.
    """
    held_out = []
    for dataset in datasets:
        others = [d for d in datasets if d != dataset]

        def quality(config: str, others: list[str] = others) -> float:
            means = [mean_of(runs, d, f"k given, {config}") for d in others]
            return float(np.mean([(m.acc + m.nmi) / 2 for m in means]))

        chosen = max(configurations, key=quality)
        result = mean_of(runs, dataset, f"k given, {chosen}")
        held_out.append((dataset, chosen, result.acc, result.nmi))
    return held_out


def print_quality(
    runs: list[Run], datasets: list[str], configurations: list[str], sampled: bool
) -> None:
    """The table of scores, k automatic against k given, and the leave-one-set-out estimate."""
    n_seeds = len({r.seed for r in runs})
    print(f"\nk given unless said; mean over {n_seeds} seeds; x = ratio to TF-IDF + k-means "
          "in the same run")
    header = (f"{'dataset':<15} {'method':<26} {'ACC':>6} {'NMI':>6} {'ACC x':>6} {'NMI x':>6} "
              f"{'wall s':>7} {'k':>5} {'other':>6} {'peak MB':>8}")
    print(header)
    print("-" * len(header))
    methods = sorted({r.method for r in runs}, key=lambda m: (m == BASELINE, m == AUTO, m))
    for dataset in datasets:
        base = mean_of(runs, dataset, BASELINE)
        for method in methods:
            m = mean_of(runs, dataset, method)
            print(f"{dataset:<15} {method:<26} {m.acc:6.3f} {m.nmi:6.3f} {m.acc / base.acc:6.2f} "
                  f"{m.nmi / base.nmi:6.2f} {m.seconds:7.1f} {m.n_found:5.1f} {m.other:6.1%} "
                  f"{m.memory:8.0f}")
        if dataset in PUBLISHED and not sampled:
            acc, nmi = PUBLISHED[dataset]
            print(f"{dataset:<15} {'SCCL (published)':<26} {acc:6.3f} {nmi:6.3f}")
    if any(r.method == AUTO for r in runs):
        print()
        for dataset in datasets:
            auto = mean_of(runs, dataset, AUTO)
            given = mean_of(runs, dataset, f"k given, {DEFAULT}")
            print(f"{dataset}: k automatic found {auto.n_found:.0f} themes; "
                  f"NMI auto - NMI given ({DEFAULT}) = {auto.nmi - given.nmi:+.3f}")
    if len(datasets) < 2:
        return
    print("\nleave one set out: the configuration chosen on the other sets, scored on this one")
    held_out = leave_one_set_out(runs, datasets, configurations)
    for dataset, chosen, acc, nmi in held_out:
        base = mean_of(runs, dataset, BASELINE)
        print(f"  {dataset:<15} chose {chosen:<14} ACC {acc:.3f} NMI {nmi:.3f}   "
              f"(TF-IDF + k-means {base.acc:.3f} / {base.nmi:.3f})")
    baselines = [mean_of(runs, d, BASELINE) for d in datasets]
    default = [mean_of(runs, d, f"k given, {DEFAULT}") for d in datasets]
    print(f"  held-out mean: ACC {np.mean([h[2] for h in held_out]):.3f} "
          f"NMI {np.mean([h[3] for h in held_out]):.3f}")
    print(f"  default, {DEFAULT} (chosen on all sets, not held out): "
          f"ACC {np.mean([m.acc for m in default]):.3f} "
          f"NMI {np.mean([m.nmi for m in default]):.3f}")
    print(f"  TF-IDF + k-means: ACC {np.mean([b.acc for b in baselines]):.3f} "
          f"NMI {np.mean([b.nmi for b in baselines]):.3f}")
    published = [PUBLISHED[d] for d in datasets if d in PUBLISHED]
    if len(published) == len(datasets) and not sampled:
        print(f"  SCCL (published) mean: ACC {np.mean([p[0] for p in published]):.3f} "
              f"NMI {np.mean([p[1] for p in published]):.3f}")


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
    parser.add_argument("--datasets", default=DATASETS,
                        help="comma-separated dataset names (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=2, help="seeds to average (default: 2)")
    parser.add_argument("--scale", type=int, default=100_000,
                        help="size of the timed large run, 0 to skip (default: %(default)s)")
    parser.add_argument("--subsets", default="5,10",
                        help="StackOverflow class counts for the auto-k check, '' to skip "
                             "(default: %(default)s)")
    parser.add_argument("--extra", default="", metavar="PATH[,PATH]",
                        help="more labelled sets to score: label<TAB>text files with a header, "
                             "or JSON lines of {\"text\", \"cluster\"} (.jsonl)")
    parser.add_argument("--configurations", default=",".join(CONFIGURATIONS),
                        help="candidate configurations for the leave-one-set-out choice "
                             f"(default: %(default)s; known: {', '.join(CONFIGURATIONS)})")
    parser.add_argument("--no-auto", action="store_true", help="skip the runs with k automatic")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="score random samples of N texts of each set (one per seed), the "
                             "size of a consultation, instead of whole sets (default: whole)")
    args = parser.parse_args()
    seeds = list(range(args.seeds))

    paths = [args.data_dir / f"{name}.tsv" for name in args.datasets.split(",") if name]
    paths += [Path(extra) for extra in args.extra.split(",") if extra]
    unknown = set(args.configurations.split(",")) - set(CONFIGURATIONS)
    if unknown:
        print(f"error: unknown configuration {', '.join(sorted(unknown))}; known: "
              f"{', '.join(CONFIGURATIONS)}", file=sys.stderr)
        return 2
    configurations = {name: CONFIGURATIONS[name] for name in args.configurations.split(",")}
    if DEFAULT not in configurations:
        configurations = {DEFAULT: CONFIGURATIONS[DEFAULT], **configurations}
    runs: list[Run] = []
    for path in paths:
        if not path.exists():
            print(f"error: {path} not found (use --data-dir)", file=sys.stderr)
            return 2
        runs += bench_dataset(path.stem, path, seeds, configurations, auto=not args.no_auto,
                              sample=args.sample)
    print_quality(runs, [path.stem for path in paths], list(configurations), args.sample > 0)

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
