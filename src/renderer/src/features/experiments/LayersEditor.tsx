import type { Dataset } from '../../../../shared/data/dataset';
import { taskOf } from '../../../../shared/data/dataset';
import { LOSS_NAMES, type ActivationName, type LossName } from '../../../../shared/schema/names';
import { LOSS_LABELS } from '../../components/describe-experiment';
import { FieldIssue, NumberField } from '../../components/NumberField';
import { activationNameOf, issueUnder, withOutputActivation, type DraftLayer, type DraftModel } from './experiment-draft';
import { InitSelect } from './InitSelect';
import { HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, pairingWarning } from './output-pairing';

// Hidden layers (add, remove, reorder; units, activation, initializer, dropout, bias), then the
// output layer, sized for the dataset, with its activation and loss paired as the tutorials pair them.

interface LayersEditorProps {
  model: DraftModel;
  dataset: Dataset | null;
  issues: Map<string, string>;
  onChange: (model: DraftModel) => void;
}

function ActivationSelect({ value, options, onChange, testId, label }: { value: DraftLayer['activation']; options: readonly ActivationName[]; onChange: (v: DraftLayer['activation']) => void; testId: string; label: string }) {
  const name = activationNameOf(value);
  return (
    <>
      <select aria-label={label} data-testid={testId} value={name} onChange={(event) => onChange(event.target.value as ActivationName)}>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      {name === 'leakyRelu' && (
        <NumberField
          label="slope"
          testId={`${testId}-slope`}
          placeholder="0.01"
          value={typeof value === 'object' ? value.slope : undefined}
          onChange={(slope) => onChange(slope === undefined ? 'leakyRelu' : { name: 'leakyRelu', slope })}
        />
      )}
    </>
  );
}

/** The bias box: unticked writes `"bias": false`; ticked leaves the field out (the default). */
function BiasCheckbox({ layer, testId, onChange }: { layer: DraftLayer; testId: string; onChange: (layer: DraftLayer) => void }) {
  return (
    <label className="field checkbox" title="Unticked: this layer has no b (it stays 0 and is never trained), as in the first tutorial's network">
      <input
        type="checkbox"
        data-testid={testId}
        checked={layer.bias !== false}
        onChange={(event) => {
          const { bias: _bias, ...rest } = layer;
          onChange(event.target.checked ? rest : { ...rest, bias: false });
        }}
      />
      bias
    </label>
  );
}

export function LayersEditor({ model, dataset, issues, onChange }: LayersEditorProps) {
  const hidden = model.layers.slice(0, -1);
  const output = model.layers[model.layers.length - 1];
  const outputActivation = activationNameOf(output.activation);
  const task = dataset ? taskOf(dataset) : 'classification';
  const setLayers = (layers: DraftLayer[]) => onChange({ ...model, layers });
  const setHidden = (index: number, patch: Partial<DraftLayer>) =>
    setLayers(model.layers.map((layer, i) => (i === index ? { ...layer, ...patch } : layer)));
  const replaceLayer = (index: number, replacement: DraftLayer) => setLayers(model.layers.map((layer, i) => (i === index ? replacement : layer)));
  const move = (index: number, by: -1 | 1) => {
    const layers = [...model.layers];
    [layers[index], layers[index + by]] = [layers[index + by], layers[index]];
    setLayers(layers);
  };
  const warning = pairingWarning(outputActivation, model.loss, task);

  return (
    <>
      <ol className="layer-list">
        {hidden.map((layer, index) => {
          const path = `model.layers.${index}`;
          return (
            <li key={index} className="layer-editor" data-testid={`hidden-layer-${index}`}>
              <div className="layer-editor-head">
                <strong>Hidden {index + 1}</strong>
                <span className="layer-tools">
                  <button type="button" className="icon-button" aria-label={`Move hidden layer ${index + 1} up`} data-testid={`layer-up-${index}`} disabled={index === 0} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={`Move hidden layer ${index + 1} down`} data-testid={`layer-down-${index}`} disabled={index === hidden.length - 1} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label={`Remove hidden layer ${index + 1}`} data-testid={`layer-remove-${index}`} onClick={() => setLayers(model.layers.filter((_, i) => i !== index))}>
                    ×
                  </button>
                </span>
              </div>
              <div className="layer-fields">
                <NumberField label="Units" testId={`layer-units-${index}`} value={layer.units} issue={issues.get(`${path}.units`)} onChange={(units) => setHidden(index, { units: units as number })} />
                <label className="field">
                  Activation
                  <ActivationSelect label={`Hidden layer ${index + 1} activation`} testId={`layer-activation-${index}`} value={layer.activation} options={HIDDEN_ACTIVATIONS} onChange={(activation) => setHidden(index, { activation })} />
                </label>
                <InitSelect label="Initializer" testId={`layer-init-${index}`} inheritLabel="as the model" value={layer.init} onChange={(init) => setHidden(index, { init })} issue={issueUnder(issues, `${path}.init`)} />
                <NumberField label="Dropout" testId={`layer-dropout-${index}`} placeholder="0" title="Share of this layer's outputs zeroed during training (inverted dropout)" value={layer.dropout} issue={issues.get(`${path}.dropout`)} onChange={(dropout) => setHidden(index, { dropout })} />
                <BiasCheckbox layer={layer} testId={`layer-bias-${index}`} onChange={(replacement) => replaceLayer(index, replacement)} />
              </div>
              <FieldIssue testId={`layer-issue-${index}`} issue={issues.get(`${path}.activation`) ?? issues.get(path)} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="link-button"
        data-testid="add-hidden-layer"
        onClick={() => setLayers([...hidden, { ...(hidden.at(-1) ?? { units: 8, activation: 'tanh' }) }, output])}
      >
        + Add hidden layer
      </button>
      <FieldIssue testId="layers-issue" issue={issues.get('model.layers')} />

      <div className="output-editor" data-testid="output-layer">
        <strong>Output</strong>
        <span className="muted" data-testid="output-units">
          {output.units} unit{output.units === 1 ? '' : 's'}
        </span>
        <label className="field">
          Activation
          <ActivationSelect label="Output activation" testId="output-activation" value={output.activation} options={OUTPUT_ACTIVATIONS} onChange={(activation) => onChange(withOutputActivation(model, activation, dataset))} />
        </label>
        <label className="field">
          Loss
          <select data-testid="loss-select" value={model.loss} onChange={(event) => onChange({ ...model, loss: event.target.value as LossName })}>
            {LOSS_NAMES.map((name) => (
              <option key={name} value={name}>
                {name} · {LOSS_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        <BiasCheckbox layer={output} testId="output-bias" onChange={(replacement) => replaceLayer(model.layers.length - 1, replacement)} />
      </div>
      <FieldIssue testId="output-issue" issue={issueUnder(issues, `model.layers.${model.layers.length - 1}`) ?? issues.get('model.loss')} />
      {warning && (
        <p className="pairing-warning" role="note" data-testid="pairing-warning">
          {warning}
        </p>
      )}
    </>
  );
}
