"""One row of a benchmark's table: a figure beside its same-run baseline, and their ratio."""


def row(benchmark, metric, value, baseline, unit, digits=2):
    return {
        "benchmark": benchmark,
        "metric": metric,
        "value": round(value, digits),
        "baseline": round(baseline, digits),
        "ratio": round(value / baseline, digits) if baseline else None,
        "unit": unit,
    }
