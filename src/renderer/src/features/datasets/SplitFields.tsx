// Validation and test percentages and the split's seed, as typed; `splitFromFields` turns them into
// fractions or says which box is wrong.

export interface SplitFieldsState {
  validation: string;
  test: string;
  seed: string;
}

export const DEFAULT_SPLIT_FIELDS: SplitFieldsState = { validation: '20', test: '0', seed: '0' };

export function splitFromFields(fields: SplitFieldsState): { validation: number; test: number; seed: number } | { error: string } {
  const validation = Number(fields.validation);
  const test = Number(fields.test);
  const seed = Number(fields.seed);
  if (fields.validation.trim() === '' || !(validation >= 0 && validation <= 90)) return { error: 'Validation %: expected a percentage from 0 to 90' };
  if (fields.test.trim() === '' || !(test >= 0 && test <= 90)) return { error: 'Test %: expected a percentage from 0 to 90' };
  if (validation + test >= 100) return { error: 'Validation % and test % must leave rows for training' };
  if (!/^\d+$/.test(fields.seed.trim()) || seed > 2 ** 32 - 1) return { error: 'Split seed: expected a whole number ≥ 0' };
  return { validation: validation / 100, test: test / 100, seed };
}

export function SplitFields({ fields, onChange, prefix }: { fields: SplitFieldsState; onChange(next: SplitFieldsState): void; prefix: string }) {
  return (
    <>
      <label>
        Validation %
        <input data-testid={`${prefix}-validation`} inputMode="decimal" value={fields.validation} onChange={(e) => onChange({ ...fields, validation: e.target.value })} />
      </label>
      <label>
        Test %
        <input data-testid={`${prefix}-test`} inputMode="decimal" value={fields.test} onChange={(e) => onChange({ ...fields, test: e.target.value })} />
      </label>
      <label>
        Split seed
        <input data-testid={`${prefix}-seed`} inputMode="numeric" value={fields.seed} onChange={(e) => onChange({ ...fields, seed: e.target.value })} />
      </label>
    </>
  );
}
