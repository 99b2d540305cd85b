"""Observatory benchmark: risk measurement and k-anonymisation at 1 M and 10 M rows.

    PYTHONPATH=src .venv/bin/python bench/bench_observatory.py [--skip-large]

Prints, in one run:
- time to measure k, l and unique rows with Carnet and with pycanon on 1 M rows
  (pycanon runs in its own venv, bench/.venv-observatory, under a timeout);
- time to make the 1 M and 10 M tables 10-anonymous, and 10-anonymous
  2-diverse, with the levels chosen, the suppression and the information loss
  (and, at 1 M, whether an exhaustive search agrees that they are optimal);
- anjana and Carnet on 100,000 rows (anjana under a timeout);
- the process's peak memory.

Create the comparison venv once (pycanon and anjana pin pandas/numpy
versions of their own):
    uv venv -p 3.11 bench/.venv-observatory
    uv pip install -p bench/.venv-observatory/bin/python pycanon anjana
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_observatory_data import synthetic_table  # noqa: E402

from carnet.observatory import anonymize, lattice, measure  # noqa: E402
from carnet.observatory.hierarchies import guess_hierarchy  # noqa: E402

BENCH = Path(__file__).resolve().parent
VENV_PYTHON = BENCH / ".venv-observatory" / "bin" / "python"
QUASI = ["birth_date", "sex", "postcode"]
SENSITIVE = ["diagnosis_1", "diagnosis_2", "prescription"]
ARX_REFERENCE = {"1M": 1.2, "10M": 14.0}  # seconds, from the issue, same machine class


def size_label(rows: int) -> str:
    return f"{rows / 1e6:g}M" if rows >= 1_000_000 else f"{rows / 1e3:g}k"


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def measure_with_carnet(df: pl.DataFrame, label: str) -> float:
    """Time of the first measure of this table (the one reported), and of a repeat."""
    seconds, report = timed(measure, df, QUASI, SENSITIVE)
    repeat, _ = timed(measure, df, QUASI, SENSITIVE)
    print(f"  carnet measure {label}: {seconds:.2f} s, repeated {repeat:.2f} s  (k={report['k_achieved']}, "
          f"l={report['l_achieved']}, unique rows={report['unique_rows']:,}, "
          f"classes={report['classes']:,})")
    return seconds


def anonymise_with_carnet(df: pl.DataFrame, label: str, l: int | None, check_optimum: bool) -> float:
    seconds, (out, report) = timed(anonymize, df, QUASI, SENSITIVE, k=10, l=l)
    name = "10-anonymous" + (f" {l}-diverse" if l else "")
    loss = report["information_loss"]
    print(f"  carnet {name} {label}: {seconds:.2f} s  levels={report['levels']}  "
          f"suppressed={report['suppressed']:,} ({report['suppressed_share']:.2%})  "
          f"loss LM={loss['value']:.4f} (with suppression {loss['with_suppression']:.4f})  "
          f"k={report['k_achieved']}" + (f" l={report['l_achieved']}" if l else "")
          + f"  nodes evaluated {report['search']['evaluated']}/{report['search']['nodes']}")
    if check_optimum:
        hierarchies = {c: guess_hierarchy(c, df.get_column(c).unique().head(5000)) for c in QUASI}
        problem = lattice.Problem.build(df, hierarchies, SENSITIVE, 10, l or 1, 0.02)
        exhaustive_seconds, exhaustive = timed(lattice.search_exhaustive, problem)
        agrees = exhaustive.best.levels == tuple(report["level_indices"][c] for c in QUASI)
        print(f"    exhaustive search over all {exhaustive.nodes} nodes ({exhaustive_seconds:.1f} s): "
              f"{'same node: optimal' if agrees else 'DIFFERENT node ' + str(exhaustive.best.levels)}")
    return seconds


def run_in_comparison_venv(script: str, timeout: int) -> tuple[str, float | None]:
    if not VENV_PYTHON.exists():
        return f"skipped: {VENV_PYTHON} missing (see this file's docstring)", None
    started = time.perf_counter()
    try:
        done = subprocess.run([str(VENV_PYTHON), "-c", script], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        partial = exc.stdout or ""
        if isinstance(partial, bytes):
            partial = partial.decode(errors="replace")
        return partial + f"\ndid not finish in {timeout} s (killed)", None
    if done.returncode != 0:
        return "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1], None
    return done.stdout.strip(), time.perf_counter() - started


PYCANON_SCRIPT = """
import json, sys, time
import pandas as pd
from pycanon import anonymity
df = pd.read_csv({path!r}, dtype=str)
quasi, sensitive = {quasi!r}, {sensitive!r}
out = {{}}
t = time.perf_counter(); out["k"] = int(anonymity.k_anonymity(df, quasi)); out["k_s"] = time.perf_counter() - t
print(json.dumps(out), flush=True)
t = time.perf_counter(); out["l"] = int(anonymity.l_diversity(df, quasi, sensitive)); out["l_s"] = time.perf_counter() - t
print(json.dumps(out), flush=True)
"""

ANJANA_SCRIPT = """
import json, time
import pandas as pd
from anjana.anonymity import k_anonymity, l_diversity
df = pd.read_csv({path!r}, dtype=str)
spec = json.load(open({hierarchies!r}))
hierarchies = {{q: {{int(level): pd.Series(values) for level, values in levels.items()}} for q, levels in spec.items()}}
t = time.perf_counter()
out = k_anonymity(df, [], {quasi!r}, 10, 2, hierarchies)
seconds = time.perf_counter() - t
print(json.dumps({{"k_s": seconds, "rows_out": len(out),
                  "levels": {{q: sorted(out[q].astype(str).unique().tolist())[:3] for q in {quasi!r}}}}}), flush=True)
"""


def pycanon_measure(df: pl.DataFrame, out_dir: Path, timeout: int) -> dict | None:
    label = size_label(df.height)
    path = out_dir / f"table_{label}.csv"
    df.write_csv(path)
    script = PYCANON_SCRIPT.format(path=str(path), quasi=QUASI, sensitive=SENSITIVE)
    output, _ = run_in_comparison_venv(script, timeout)
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        print(f"  pycanon {label}: {output}")
        return None
    figures = json.loads(lines[-1])
    parts = [f"k {figures['k_s']:.2f} s (k={figures['k']})"]
    parts.append(f"l {figures['l_s']:.2f} s (l={figures['l']})" if "l_s" in figures
                 else f"l: {output.splitlines()[-1]}")
    print(f"  pycanon {label}: " + ", ".join(parts) + "  (pycanon has no unique-row count)")
    return figures


def anjana_hierarchies(df: pl.DataFrame) -> dict:
    """Carnet's built-in hierarchies written as anjana expects: level → values, row-aligned."""
    spec = {}
    for column in QUASI:
        distinct = df.get_column(column).unique().to_list()
        hierarchy = guess_hierarchy(column, df.get_column(column).unique().head(5000))
        spec[column] = {str(i): level for i, level in enumerate(hierarchy.labels(distinct))}
    return spec


def anjana_run(df: pl.DataFrame, out_dir: Path, timeout: int) -> None:
    as_text = df.with_columns(pl.col("birth_date").cast(pl.String))
    path = out_dir / f"table_{size_label(df.height)}.csv"
    as_text.write_csv(path)
    hierarchies_path = out_dir / "anjana_hierarchies.json"
    hierarchies_path.write_text(json.dumps(anjana_hierarchies(as_text)))
    script = ANJANA_SCRIPT.format(path=str(path), hierarchies=str(hierarchies_path), quasi=QUASI)
    output, _ = run_in_comparison_venv(script, timeout)
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        print(f"  anjana 10-anonymous {size_label(df.height)}: {output}")
        return
    figures = json.loads(lines[-1])
    print(f"  anjana 10-anonymous {size_label(df.height)}: {figures['k_s']:.2f} s, {figures['rows_out']:,} rows kept, "
          f"sample of values {figures['levels']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--large", type=int, default=10_000_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-comparison", action="store_true", help="no pycanon, no anjana")
    parser.add_argument("--pycanon-timeout", type=int, default=300)
    parser.add_argument("--anjana-timeout", type=int, default=300)
    parser.add_argument("--anjana-rows", type=int, default=100_000)
    args = parser.parse_args()
    out_dir = BENCH / "out"
    out_dir.mkdir(exist_ok=True)

    print(f"== {args.small:,} rows")
    seconds, small = timed(synthetic_table, args.small)
    print(f"  table built in {seconds:.1f} s; columns {small.columns}")
    small_label = size_label(args.small)
    carnet_measure = measure_with_carnet(small, small_label)
    if not args.skip_comparison:
        figures = pycanon_measure(small, out_dir, args.pycanon_timeout)
        if figures:
            pycanon_total = figures["k_s"] + figures.get("l_s", float("nan"))
            print(f"  ratio pycanon (k + l) / carnet (k + l + uniques): {pycanon_total / carnet_measure:.0f}x")
    anonymise_with_carnet(small, small_label, None, check_optimum=True)
    anonymise_with_carnet(small, small_label, 2, check_optimum=True)
    print(f"  (ARX reference, from the issue: 10-anonymous 1M in {ARX_REFERENCE['1M']} s)")

    print(f"== {args.anjana_rows:,} rows (anjana)")
    hundred_k = small.head(args.anjana_rows)
    anonymise_with_carnet(hundred_k, size_label(args.anjana_rows), None, check_optimum=False)
    if not args.skip_comparison:
        anjana_run(hundred_k, out_dir, args.anjana_timeout)
    del small, hundred_k

    if not args.skip_large:
        print(f"== {args.large:,} rows")
        seconds, large = timed(synthetic_table, args.large)
        print(f"  table built in {seconds:.1f} s")
        large_label = size_label(args.large)
        measure_with_carnet(large, large_label)
        anonymise_with_carnet(large, large_label, None, check_optimum=False)
        anonymise_with_carnet(large, large_label, 2, check_optimum=False)
        print(f"  (ARX reference, from the issue: 10-anonymous 10M in {ARX_REFERENCE['10M']} s)")
    print(f"== peak memory of this process (table generation included): {peak_rss_gb():.2f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
