"""Reference PLD values and timings from Google's dp_accounting 0.6.0, for src/lib/privacy/testdata.

Not part of the build or the tests: it documents how src/lib/privacy/testdata/dp-accounting-pld.json was made.
Needs Python 3 with numpy, scipy, absl-py, attrs and mpmath (Debian: python3-numpy python3-scipy python3-absl
python3-attr python3-mpmath) and the dp_accounting sources (github.com/google/differential-privacy,
python/dp_accounting, VERSION 0.6.0) on PYTHONPATH:

    PYTHONPATH=…/python/dp_accounting python3 scripts/reference/dp_accounting_pld.py > out.json

Settings: every epsilon case of shared/reference/accountant.json, the thesis setting (N 162,079, batch 256,
10 epochs, sigma 1.3, delta 1e-9) and the TF Privacy MNIST setting (N 60,000, batch 256, 60 epochs, sigma 1.1,
delta 1e-5), each at value_discretization_interval 1e-5 and 1e-4, with the seconds each took; then the MNIST
setting at 1e-4 nine times after one untimed run, with a fresh sigma each time (the bench's pld_ms setting).

    ... dp_accounting_pld.py --time-only

prints only those nine timings ({"mnist_interval_1e-4_seconds": [...]}): `npm run -s bench -- accountant` runs
it when DP_ACCOUNTING_PYTHONPATH is set, to put dp_accounting's time beside pld_ms from the same run.
"""
import json
import math
import sys
import time

from dp_accounting import dp_event
from dp_accounting.pld import pld_privacy_accountant


def epsilon(q, sigma, steps, delta, interval):
    accountant = pld_privacy_accountant.PLDAccountant(value_discretization_interval=interval)
    event = dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(sigma))
    accountant.compose(dp_event.SelfComposedDpEvent(event, steps))
    return accountant.get_epsilon(delta)


def time_mnist():
    """One run first (imports, caches), then nine timed ones, each with a fresh sigma."""
    seconds = []
    for rep in range(-1, 9):
        start = time.perf_counter()
        epsilon(256 / 60000, 1.1 * (1 + (rep + 1) * 1e-9), 14063, 1e-5, 1e-4)
        if rep >= 0:
            seconds.append(round(time.perf_counter() - start, 4))
    return seconds


def main(reference_path):
    with open(reference_path) as f:
        reference = json.load(f)
    cases = [
        {k: c[k] for k in ('q', 'steps', 'sigma', 'delta')} for c in reference['epsilon_improved']['cases']
    ]
    cases.append({'q': 256 / 162079, 'steps': math.ceil(10 * 162079 / 256), 'sigma': 1.3, 'delta': 1e-9})
    cases.append({'q': 256 / 60000, 'steps': 14063, 'sigma': 1.1, 'delta': 1e-5})
    rows = []
    for c in cases:
        row = dict(c)
        for interval, name in ((1e-5, '1e-5'), (1e-4, '1e-4')):
            start = time.perf_counter()
            row['epsilon_interval_' + name] = epsilon(c['q'], c['sigma'], c['steps'], c['delta'], interval)
            row['seconds_interval_' + name] = round(time.perf_counter() - start, 3)
        rows.append(row)
    json.dump({'cases': rows, 'mnist_interval_1e-4_seconds': time_mnist()}, sys.stdout, indent=1)


if __name__ == '__main__':
    if sys.argv[1:] == ['--time-only']:
        json.dump({'mnist_interval_1e-4_seconds': time_mnist()}, sys.stdout)
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else '../shared/reference/accountant.json')
