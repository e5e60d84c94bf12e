"""Benchmark of the cohort composition engine on synthetic instances (`make bench-cohorts`).

One line per size, exactly:

    candidates=N seconds=S objective=O optimum_gap=G greedy_gain=R status=optimal|feasible

- S: wall time of `compose`, 2 decimals (the time limit is 10 s unless --time-limit);
- O: the objective (sum of the pair affinities inside the cohorts), 3 decimals;
- G: relative gap to CP-SAT's best bound, (bound − objective) / bound, as a RATIO with 4
  decimals (0.0100 = 1 %); 0.0000 when the optimum is proven (status=optimal). Where the full
  model is too big for the time limit, the bound is the much looser degree bound (see solver.py);
- R: (objective − greedy) / greedy as a ratio with 4 decimals, where greedy is the objective of
  the greedy baseline (compose_greedy) on the same instance; "n/a" if the greedy broke a
  constraint.

Instances come from essaim.composition.generate (deterministic: same size, same
candidates): French needs from three themes' vocabularies, NAF sectors, value-chain tags,
Normandie and Pays de la Loire departments, co-applicant groups and two pins. Department
neighbours come from data/geojson like the management command.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from essaim.composition import (  # noqa: E402
    Options,
    compose,
    compose_greedy,
    neighbours_from_geojson,
)
from essaim.composition.generate import generate_candidates  # noqa: E402

SIZES = (12, 24, 36, 48, 60, 90, 120)
GEOJSON = ROOT / "data" / "geojson" / "departements-metropole-simplifies.geojson"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--seed", type=int, default=0, help="instance and solver seed")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="candidate counts")
    args = parser.parse_args(argv)
    neighbours = neighbours_from_geojson(GEOJSON)
    for count in args.sizes:
        candidates = generate_candidates(count, seed=args.seed)
        options = Options(time_limit=args.time_limit, seed=args.seed)
        started = time.perf_counter()
        proposal = compose(candidates, options, neighbours=neighbours)
        seconds = time.perf_counter() - started
        greedy = compose_greedy(candidates, options, neighbours=neighbours)
        gain = (
            f"{(proposal.objective - greedy.objective) / greedy.objective:.4f}"
            if greedy.status == "feasible" and greedy.objective > 0
            else "n/a"
        )
        print(
            f"candidates={count} seconds={seconds:.2f} objective={proposal.objective:.3f} "
            f"optimum_gap={proposal.gap:.4f} greedy_gain={gain} status={proposal.status}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
