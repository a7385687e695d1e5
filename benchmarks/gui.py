"""GUI timings on a data file: `python -m benchmarks.gui PATH [--runs N]` (DJRH_USER/DJRH_PASSWORD set).

Runs benchmarks.gui_probe in fresh processes and prints the median of each figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time


def run_once(path: str) -> dict:
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.gui_probe", path, repr(started)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    runs = [run_once(args.path) for _ in range(args.runs)]
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key:24s} median {statistics.median(values):>10}   all {values}")


if __name__ == "__main__":
    main()
