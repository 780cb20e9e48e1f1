#!/usr/bin/python3
"""The import peer for bench/import.ts: Fashion-MNIST train read the usual numpy way.

    import_numpy.py idx <images.gz> <labels.gz>   gzip + np.frombuffer, pixels / 255 as float32
    import_numpy.py csv <file.csv[.gz]>           np.loadtxt (header skipped; a .gz decompressed by numpy) as float32

Prints one JSON line: seconds, rows, features, peak RSS (ru_maxrss) and the RSS before reading.
"""
import gzip
import json
import resource
import sys
import time

import numpy as np


def rss_now():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize()


kind, *paths = sys.argv[1:]
baseline = rss_now()
start = time.perf_counter()
if kind == 'idx':
    with gzip.open(paths[0], 'rb') as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    with gzip.open(paths[1], 'rb') as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int32)
    x = images.reshape(len(labels), -1).astype(np.float32) / np.float32(255)
else:
    table = np.loadtxt(paths[0], delimiter=',', skiprows=1, dtype=np.float32)
    labels = table[:, 0].astype(np.int32)
    x = table[:, 1:]
seconds = time.perf_counter() - start
print(json.dumps({
    'seconds': seconds,
    'rows': int(x.shape[0]),
    'features': int(x.shape[1]),
    'baselineRss': baseline,
    'peakRss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    'numpy': np.__version__,
}))
