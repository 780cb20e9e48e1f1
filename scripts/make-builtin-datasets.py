#!/usr/bin/python3
"""Writes the built-in datasets the app ships in resources/datasets/ (standard library only).

- iris.csv, breast-cancer.csv: copies of the test fixtures (see test/fixtures/make-fixtures.py).
- xor-tutorial.csv: the first tutorial's X (a third input that is always 1) and y, written by hand.
- fashion-mnist-7k-{images-idx3,labels-idx1}-ubyte.gz: the first 6,000 training and the first 1,000
  test images of Fashion-MNIST, in that order, as gzipped IDX (uint8 pixels), read from Debian's
  dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist) or the folder given as argument.
  The gzip timestamp is fixed so the files are byte-identical on every run.

    python3 scripts/make-builtin-datasets.py [fashion-mnist-folder]
"""
import gzip
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'resources' / 'datasets'
SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else '/usr/share/datasets/fashion-mnist')
TRAIN, TEST = 6000, 1000


def read_idx(path, count):
    """Header dims and the first `count` items of a gzipped uint8 IDX file."""
    with gzip.open(path, 'rb') as f:
        zero, dtype, ndims = struct.unpack('>HBB', f.read(4))
        assert zero == 0 and dtype == 0x08, f'{path}: not a uint8 IDX file'
        dims = list(struct.unpack('>' + 'I' * ndims, f.read(4 * ndims)))
        item = 1
        for d in dims[1:]:
            item *= d
        return dims, f.read(count * item)


def write_idx(path, dims, data):
    header = struct.pack('>HBB', 0, 0x08, len(dims)) + struct.pack('>' + 'I' * len(dims), *dims)
    with open(path, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', compresslevel=9, mtime=0, filename='') as f:
        f.write(header + data)
    print(f'{path.name}: {path.stat().st_size} bytes')


OUT.mkdir(parents=True, exist_ok=True)
for name in ('iris.csv', 'breast-cancer.csv'):
    shutil.copyfile(ROOT / 'test' / 'fixtures' / name, OUT / name)
    print(f'{name}: copied from test/fixtures')

dims, train_images = read_idx(SOURCE / 'train-images-idx3-ubyte.gz', TRAIN)
_, test_images = read_idx(SOURCE / 't10k-images-idx3-ubyte.gz', TEST)
_, train_labels = read_idx(SOURCE / 'train-labels-idx1-ubyte.gz', TRAIN)
_, test_labels = read_idx(SOURCE / 't10k-labels-idx1-ubyte.gz', TEST)
write_idx(OUT / 'fashion-mnist-7k-images-idx3-ubyte.gz', [TRAIN + TEST, *dims[1:]], train_images + test_images)
write_idx(OUT / 'fashion-mnist-7k-labels-idx1-ubyte.gz', [TRAIN + TEST], train_labels + test_labels)
