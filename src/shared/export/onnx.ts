import { onnx } from './generated/onnx-proto.js';
import { describeModel, type PortableLayer, type PortableModel } from './portable-model';

// ONNX export: the network as a graph of standard operators, encoded with ONNX's own schema
// (onnx.proto, through protobufjs's generated encoder). The model takes raw features, exactly
// the columns of `input.features`, one row per sample and any number of rows:
//
//   features [batch, n_0] → Sub(shift) → Div(scale)                 (when the inputs were normalized)
//            → Gemm(W1, b1, transB) → activation → … → Gemm(WL, bL, transB) → activation
//            → Mul(output_scale) → Add(output_shift)                (when a regression's targets were scaled)
//            → output [batch, n_L]
//
// so the output is in the targets' own units, as the workbench's predictions are.
// W[l] is stored as trained (n_l × n_{l−1}) and Gemm's transB multiplies by its transpose, which
// is the tutorials' W·A with samples as rows. Opset 13 is the oldest where every operator used
// here has its current meaning (Softmax over one axis), so older runtimes still load the file.

export const ONNX_OPSET = 13;
/** IR version 7 is the one opset 13 was released with. */
export const ONNX_IR_VERSION = 7;
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'output';

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

function elementType(model: PortableModel): number {
  return model.dtype === 'float32' ? DataType.FLOAT : DataType.DOUBLE;
}

/** A tensor holding `values` little-endian in raw_data (ONNX's byte order whatever the host's). */
function tensor(name: string, dims: number[], values: Float32Array | Float64Array): onnx.TensorProto.$Properties {
  const bytes = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  if (values instanceof Float32Array) values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else values.forEach((v, i) => view.setFloat64(8 * i, v, true));
  return { name, dims, data_type: values instanceof Float32Array ? DataType.FLOAT : DataType.DOUBLE, raw_data: bytes };
}

function valueInfo(name: string, model: PortableModel, width: number, doc: string): onnx.ValueInfoProto.$Properties {
  return {
    name,
    doc_string: doc,
    type: { tensor_type: { elem_type: elementType(model), shape: { dim: [{ dim_param: 'batch' }, { dim_value: width }] } } },
  };
}

/**
 * The nodes turning `input` into `output` by the layer's activation (none for linear), adding any
 * constants they need to `initializer`. LeakyRelu's alpha is an attribute of type float, which
 * would round a float64 model's slope to float32 (and ONNX Runtime has no float64 LeakyRelu):
 * float64 models spell it out as Where(Z > 0, Z, slope·Z), the workbench's own arithmetic.
 */
function activationNodes(
  model: PortableModel,
  layer: PortableLayer,
  input: string,
  output: string,
  l: number,
  initializer: onnx.TensorProto.$Properties[],
): onnx.NodeProto.$Properties[] {
  const node = (op_type: string, attribute: onnx.AttributeProto.$Properties[] = []) => [{ op_type, name: `${op_type.toLowerCase()}${l}`, input: [input], output: [output], attribute }];
  switch (layer.activation.name) {
    case 'sigmoid':
      return node('Sigmoid');
    case 'tanh':
      return node('Tanh');
    case 'relu':
      return node('Relu');
    case 'leakyRelu':
      if (model.dtype === 'float32') return node('LeakyRelu', [{ name: 'alpha', type: AttributeType.FLOAT, f: layer.activation.slope }]);
      initializer.push(tensor(`zero${l}`, [], Float64Array.of(0)), tensor(`slope${l}`, [], Float64Array.of(layer.activation.slope)));
      return [
        { op_type: 'Greater', name: `positive${l}`, input: [input, `zero${l}`], output: [`positive${l}`] },
        { op_type: 'Mul', name: `leak${l}`, input: [input, `slope${l}`], output: [`leak${l}`] },
        { op_type: 'Where', name: `leakyrelu${l}`, input: [`positive${l}`, input, `leak${l}`], output: [output] },
      ];
    case 'softmax':
      return node('Softmax', [{ name: 'axis', type: AttributeType.INT, i: 1 }]);
    case 'linear':
      return [];
  }
}

function metadata(model: PortableModel): onnx.StringStringEntryProto.$Properties[] {
  const entries: [string, string][] = [
    ['task', model.output.task],
    ['feature_names', JSON.stringify(model.features)],
    model.output.task === 'classification' ? ['class_names', JSON.stringify(model.output.classes)] : ['target_names', JSON.stringify(model.output.targets)],
    ['normalization', model.normalization],
    ...(model.targetScaling !== 'none' ? [['target_scaling', `${model.targetScaling} (undone inside the model: the output is in the targets' units)`] as [string, string]] : []),
  ];
  return entries.map(([key, value]) => ({ key, value }));
}

function outputDoc(model: PortableModel): string {
  if (model.output.task === 'regression') return `one value per target, in the target's units: ${model.output.targets.join(', ')}`;
  const classes = model.output.classes;
  const last = model.layers[model.layers.length - 1];
  return last.units === 1 ? `P(class "${classes[1]}"); below 0.5 means "${classes[0]}"` : `one score per class (arg-max is the prediction): ${classes.join(', ')}`;
}

/** The ONNX file (ModelProto bytes) of a model. */
export function exportOnnx(model: PortableModel): Uint8Array {
  const nodes: onnx.NodeProto.$Properties[] = [];
  const initializer: onnx.TensorProto.$Properties[] = [];
  const width = model.features.length;
  let current = ONNX_INPUT;
  if (model.normalization !== 'none') {
    initializer.push(tensor('shift', [width], model.shift), tensor('scale', [width], model.scale));
    nodes.push(
      { op_type: 'Sub', name: 'normalize_shift', input: [ONNX_INPUT, 'shift'], output: ['shifted'] },
      { op_type: 'Div', name: 'normalize_scale', input: ['shifted', 'scale'], output: ['normalized'] },
    );
    current = 'normalized';
  }
  // With target scaling the last layer's output still goes through the un-scaling nodes.
  const scaled = model.targetScaling !== 'none';
  const networkOutput = scaled ? 'scaled_output' : ONNX_OUTPUT;
  model.layers.forEach((layer, index) => {
    const l = index + 1;
    const last = index === model.layers.length - 1;
    initializer.push(tensor(`W${l}`, [layer.units, layer.inputs], layer.W));
    // Gemm's C is optional: a layer without bias has none (not a tensor of zeros).
    if (layer.bias) initializer.push(tensor(`b${l}`, [layer.units], layer.b));
    const z = last && layer.activation.name === 'linear' ? networkOutput : `Z${l}`;
    nodes.push({
      op_type: 'Gemm',
      name: `gemm${l}`,
      input: layer.bias ? [current, `W${l}`, `b${l}`] : [current, `W${l}`],
      output: [z],
      attribute: [{ name: 'transB', type: AttributeType.INT, i: 1 }],
    });
    const a = last ? networkOutput : `A${l}`;
    const activation = activationNodes(model, layer, z, a, l, initializer);
    nodes.push(...activation);
    current = activation.length ? a : z;
  });
  if (scaled) {
    const targets = model.outputScale.length;
    initializer.push(tensor('output_scale', [targets], model.outputScale), tensor('output_shift', [targets], model.outputShift));
    nodes.push(
      { op_type: 'Mul', name: 'unscale_targets', input: [networkOutput, 'output_scale'], output: ['unscaled'] },
      { op_type: 'Add', name: 'shift_targets', input: ['unscaled', 'output_shift'], output: [ONNX_OUTPUT] },
    );
  }
  const normalized = model.normalization === 'none' ? '' : ` (normalized inside the model: ${model.normalization})`;
  return onnx.ModelProto.encode({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'NN Workbench',
    doc_string: `Multilayer perceptron ${describeModel(model)}, ${model.dtype}`,
    graph: {
      name: 'mlp',
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_INPUT, model, width, `raw features, one row per sample, in this order: ${model.features.join(', ')}${normalized}`)],
      output: [valueInfo(ONNX_OUTPUT, model, model.layers[model.layers.length - 1].units, outputDoc(model))],
    },
    metadata_props: metadata(model),
  }).finish();
}
