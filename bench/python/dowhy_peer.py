"""DoWhy's equivalents of `causeway causal estimate`, timed on the same CSV.

Usage: python3 bench/python/dowhy_peer.py DATA.csv BOOTSTRAP SIMULATIONS REPEATS
Prints one JSON object: median wall and CPU time (ms; CPU summed over all
threads, so BLAS threads count) of each phase over REPEATS runs,
and the values DoWhy reported in the last run. The graph is the benchmark's
back-door graph Z -> X, Z -> Y, X -> Y; the estimator is
backdoor.linear_regression (DoWhy's most used and fastest back-door
estimator; categorical Z is one-hot encoded by DoWhy).

Installed without a GPU stack: `pip install --no-deps dowhy causal-learn`
on top of numpy, pandas, scipy, scikit-learn, statsmodels, networkx, sympy.
"""
import json
import statistics
import sys
import time
import warnings

import networkx as nx
import pandas as pd

warnings.filterwarnings("ignore")
import logging

logging.disable(logging.WARNING)

from dowhy import CausalModel  # noqa: E402


def main() -> None:
    path, bootstrap, simulations, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    data = pd.read_csv(path, dtype={"Z": str})
    graph = nx.DiGraph([("Z", "X"), ("Z", "Y"), ("X", "Y")])
    phases: dict[str, list[float]] = {"estimate": [], "bootstrap": [], "placebo": [], "randomCommonCause": [], "dataSubset": []}
    cpu: dict[str, list[float]] = {k: [] for k in phases}
    values: dict[str, object] = {}
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        model = CausalModel(data=data, treatment="X", outcome="Y", graph=graph)
        estimand = model.identify_effect(proceed_when_unidentifiable=True)
        estimate = model.estimate_effect(estimand, method_name="backdoor.linear_regression", control_value=0, treatment_value=1)
        phases["estimate"].append(time.perf_counter() - t)
        cpu["estimate"].append(time.process_time() - c)
        values["ate"] = float(estimate.value)

        t, c = time.perf_counter(), time.process_time()
        interval = estimate.get_confidence_intervals(confidence_level=0.95, method="bootstrap", num_simulations=bootstrap)
        phases["bootstrap"].append(time.perf_counter() - t)
        cpu["bootstrap"].append(time.process_time() - c)
        values["interval"] = [float(v) for v in list(pd.Series(interval).to_numpy().ravel())]

        for name, method, extra in [
            ("placebo", "placebo_treatment_refuter", {"placebo_type": "permute"}),
            ("randomCommonCause", "random_common_cause", {}),
            ("dataSubset", "data_subset_refuter", {"subset_fraction": 0.8}),
        ]:
            t, c = time.perf_counter(), time.process_time()
            refutation = model.refute_estimate(estimand, estimate, method_name=method, num_simulations=simulations, **extra)
            phases[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
            values[name] = float(refutation.new_effect)
    median_ms = {k: statistics.median(v) * 1000 for k, v in phases.items()}
    median_ms["total"] = sum(median_ms.values())
    median_cpu_ms = {k: statistics.median(v) * 1000 for k, v in cpu.items()}
    median_cpu_ms["total"] = sum(median_cpu_ms.values())
    print(json.dumps({"rows": len(data), "medianMs": median_ms, "medianCpuMs": median_cpu_ms, "values": values}))


if __name__ == "__main__":
    main()
