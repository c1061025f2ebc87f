#!/usr/bin/env python3
"""Peers for bench/causal.bench.ts: the same queries through pyAgrum and pgmpy.

Input: a JSON file {datasets, warmRuns, coldRuns, networks: {file: [{target, do, given}]}}.
Output (stdout): {file: {engine: {warm, cold, answers} | {error}}}, medians in ms.

  pyAgrum LazyPropagation   P(target | do, given) on the mutilated network (arcs into
                            do-variables erased, point-mass CPTs). Warm: the mutilated
                            network and its LazyPropagation are built once per query,
                            each run sets evidence and infers. Cold: load the BIF,
                            mutilate, build, infer.
  pyAgrum.causal            csl.causalImpact(CausalModel, on, doing, knowing, values).
                            Warm: CausalModel built once. Cold: load + build each run.
  pgmpy CausalInference     .query(variables, do, evidence). Warm: the CausalInference
                            object built once. Cold: read the BIF and build each run.
                            pgmpy 1.1.2 returns P(target | do) when do() and evidence are
                            combined (it drops the evidence): timed anyway, flagged by the
                            |Δp| column of the table.
"""
import json
import os
import resource
import signal
import statistics
import sys
import time
import warnings

warnings.filterwarnings('ignore')

import pyagrum as gum  # noqa: E402
import pyagrum.causal as csl  # noqa: E402


PGMPY_COLD_QUERIES = 3


def finite(answer):
    # pgmpy answers NaN for some evidence combinations; JSON has no NaN.
    if answer is None:
        return None
    return {k: (v if v == v else None) for k, v in answer.items()}


def ms(fn):
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def labels(bn, name):
    return list(bn.variable(name).labels())


def mutilate(bn, do):
    m = gum.BayesNet(bn)
    for x, state in do.items():
        node = m.idFromName(x)
        for parent in list(m.parents(node)):
            m.eraseArc(parent, node)
        m.cpt(x).fillWith([1.0 if label == state else 0.0 for label in labels(bn, x)])
    return m


def lazy_answer(engine, bn, q):
    evidence = dict(q['given'])
    evidence.update(q['do'])
    engine.setEvidence(evidence)
    engine.makeInference()
    posterior = engine.posterior(q['target'])
    return {label: float(posterior[i]) for i, label in enumerate(labels(bn, q['target']))}


def bench_lazy(path, queries, warm_runs, cold_runs):
    bn = gum.loadBN(path)
    prepared = []
    for q in queries:
        m = mutilate(bn, q['do'])
        prepared.append((gum.LazyPropagation(m), m, q))
    answers = [lazy_answer(e, m, q) for e, m, q in prepared]
    warm = [ms(lambda: lazy_answer(e, m, q))[0] for _ in range(warm_runs) for e, m, q in prepared]

    def cold_once(q):
        b = gum.loadBN(path)
        m = mutilate(b, q['do'])
        return lazy_answer(gum.LazyPropagation(m), m, q)

    cold = [ms(lambda: cold_once(q))[0] for _ in range(cold_runs) for q in queries]
    return {'warm': statistics.median(warm), 'cold': statistics.median(cold), 'answers': answers}


def causal_answer(cm, bn, q):
    if not q['do']:
        raise ValueError('observational')
    values = dict(q['do'])
    values.update(q['given'])
    _, potential, _ = csl.causalImpact(cm, on=q['target'], doing=set(q['do']), knowing=set(q['given']), values=values)
    return {label: float(potential[{q['target']: label}]) for label in labels(bn, q['target'])}


PROBE_SECONDS = 20
PROBE_BYTES = 2 << 30


def finishes(fn):
    """Runs fn in a forked child under a time and memory cap; True if it returned.

    pyAgrum.causal's identification can take minutes and over 10 GB on some
    insurance queries with two interventions (measured: 271 s, 12 GB), so each
    query is probed before it is timed."""
    pid = os.fork()
    if pid == 0:
        resource.setrlimit(resource.RLIMIT_AS, (PROBE_BYTES, PROBE_BYTES))
        signal.alarm(PROBE_SECONDS)
        try:
            fn()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def bench_pyagrum_causal(path, queries, warm_runs, cold_runs):
    bn = gum.loadBN(path)
    cm = csl.CausalModel(bn)
    do_queries = [q for q in queries if q['do'] and finishes(lambda: causal_answer(cm, bn, q))]
    answers = []
    for q in queries:
        answers.append(causal_answer(cm, bn, q) if q in do_queries else None)
    given_up = sum(1 for q in queries if q['do']) - len(do_queries)
    warm = [ms(lambda: causal_answer(cm, bn, q))[0] for _ in range(max(1, warm_runs // 10)) for q in do_queries]

    def cold_once(q):
        b = gum.loadBN(path)
        return causal_answer(csl.CausalModel(b), b, q)

    cold = [ms(lambda: cold_once(q))[0] for _ in range(cold_runs) for q in do_queries]
    note = f'{len(do_queries)} do-queries' + (f', {given_up} given up (over {PROBE_SECONDS} s or 2 GB)' if given_up else '')
    return {'warm': statistics.median(warm), 'cold': statistics.median(cold), 'answers': answers, 'note': note}


def bench_pgmpy(path, queries, warm_runs, cold_runs):
    from pgmpy.inference import CausalInference
    from pgmpy.readwrite import BIFReader

    model = BIFReader(path).get_model()
    inference = CausalInference(model)

    def answer(inf, q):
        factor = inf.query(variables=[q['target']], do=q['do'] or None, evidence=q['given'] or None, show_progress=False)
        return {str(s): float(factor.values[i]) for i, s in enumerate(factor.state_names[q['target']])}

    answers = []
    usable = []
    for q in queries:
        try:
            answers.append(answer(inference, q))
            usable.append(q)
        except ValueError:
            answers.append(None)  # pgmpy refuses some queries (e.g. do() on a descendant of the target)
    warm = [ms(lambda: answer(inference, q))[0] for _ in range(max(1, warm_runs // 10)) for q in usable]

    def cold_once(q):
        return answer(CausalInference(BIFReader(path).get_model()), q)

    # Building pgmpy's model from the file takes seconds: cold is timed once on the first few queries.
    cold = [ms(lambda: cold_once(q))[0] for q in usable[:PGMPY_COLD_QUERIES]]
    return {'warm': statistics.median(warm), 'cold': statistics.median(cold), 'answers': answers, 'note': f'{len(usable)} accepted'}


def main():
    spec = json.load(open(sys.argv[1]))
    out = {}
    for file, queries in spec['networks'].items():
        path = os.path.join(spec['datasets'], file)
        out[file] = {}
        for name, fn in (
            ('pyAgrum LazyPropagation', bench_lazy),
            ('pyAgrum.causal', bench_pyagrum_causal),
            ('pgmpy CausalInference', bench_pgmpy),
        ):
            try:
                result = fn(path, queries, spec['warmRuns'], spec['coldRuns'])
                result['answers'] = [finite(a) for a in result['answers']]
                out[file][name] = result
            except Exception as error:  # record why a peer could not run, keep the others
                out[file][name] = {'error': f'{type(error).__name__}: {str(error)[:120]}'}
            print(f'{file} {name} done', file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
