"""Reproducible benchmarks of stanceclf: ``python -m benchmarks [--data PATH] [--quick] [--only NAME]``.

Suites (``--only``): ``semeval`` (TweetEval stance test, peers side by side), ``ablation``
(cross-validated directions on TweetEval train+val), ``aipolicy`` (leave-one-article-out on the
corpus) and ``speed`` (training time, throughput, peak memory). Each writes
``benchmarks/results/<name>.json``; ``BENCHMARKS.md`` is regenerated from all results files.
"""
