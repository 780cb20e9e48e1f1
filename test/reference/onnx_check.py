#!/usr/bin/env python3
"""Run ONNX's own checker on an exported model and print what a user of the file sees.

    python3 onnx_check.py model.onnx

Exits non-zero (with the checker's message) when the model is invalid; otherwise prints a JSON
object with the opset, the input and output names and shapes, the operators and metadata_props,
which test/unit/shared/export compares with what the exporter meant to write.
"""
import json
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)


def shape(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


print(json.dumps({
    'opset': [o.version for o in model.opset_import if o.domain in ('', 'ai.onnx')][0],
    'inputs': [[v.name, shape(v), v.type.tensor_type.elem_type] for v in model.graph.input],
    'outputs': [[v.name, shape(v), v.type.tensor_type.elem_type] for v in model.graph.output],
    'ops': [n.op_type for n in model.graph.node],
    'metadata': {p.key: p.value for p in model.metadata_props},
}))
