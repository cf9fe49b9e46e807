"""The Ray engine for `redactor batch --engine ray`: an actor pool whose actors each hold a loaded
policy and analyzer, reading and writing through the same io layer as the local engine (so outputs
are byte for byte the same). Without an address it starts a local Ray instance; with one it joins
the cluster (inputs and outputs must then be on a filesystem every node sees)."""

from __future__ import annotations

from typing import Iterable, Iterator

from redactor.errors import RedactorError


def _ray():
    try:
        import ray
    except ImportError:
        raise RedactorError("the ray engine needs Ray: pip install 'redactor[ray]'") from None
    return ray


def run_ray(jobs: Iterable, policy_ref: str, out_dir: str, include_text: bool, workers: int,
            address: str | None = None) -> Iterator:
    ray = _ray()
    from ray.util import ActorPool

    started_here = not ray.is_initialized()
    if started_here:
        options = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=workers, **options)

    @ray.remote(num_cpus=1)
    class Redactor:
        def __init__(self, policy: str):
            from redactor.detect.engine import get_analyzer
            from redactor.policy import load_policy
            from redactor.settings import get_settings

            self.loaded = load_policy(policy)
            get_analyzer(get_settings().spacy_model)

        def redact(self, job, out: str, with_text: bool):
            from redactor.batch import process

            return process(job, self.loaded, out, with_text)

    try:
        pool = ActorPool([Redactor.remote(policy_ref) for _ in range(max(1, workers))])
        in_flight = 0
        for job in jobs:
            if in_flight >= 2 * max(1, workers):
                yield pool.get_next_unordered()
                in_flight -= 1
            pool.submit(lambda actor, j: actor.redact.remote(j, out_dir, include_text), job)
            in_flight += 1
        while pool.has_next():
            yield pool.get_next_unordered()
    finally:
        if started_here:
            ray.shutdown()
