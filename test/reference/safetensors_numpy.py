#!/usr/bin/env python3
"""Read a safetensors file with the format's specification and numpy alone (no safetensors package).

    python3 safetensors_numpy.py model.safetensors > tensors.json

Prints {"metadata": {...}, "tensors": {name: {"dtype", "shape", "values"}}}: an independent reader
that test/unit/shared/export compares with the workbench's own.
"""
import json
import struct
import sys

import numpy as np

data = open(sys.argv[1], 'rb').read()
(length,) = struct.unpack('<Q', data[:8])
header = json.loads(data[8:8 + length])
body = data[8 + length:]
metadata = header.pop('__metadata__', {})
tensors = {}
for name, entry in header.items():
    begin, end = entry['data_offsets']
    dtype = {'F32': '<f4', 'F64': '<f8'}[entry['dtype']]
    values = np.frombuffer(body[begin:end], dtype=dtype).reshape(entry['shape'])
    tensors[name] = {'dtype': entry['dtype'], 'shape': list(values.shape), 'values': values.astype(float).ravel().tolist()}
json.dump({'metadata': metadata, 'aligned': (8 + length) % 8 == 0, 'tensors': tensors}, sys.stdout)
