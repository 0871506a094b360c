import fs from 'node:fs';
import { contracts, renderValidator } from '../../../../scripts/contracts/generate-validators';

describe('generated event validators', () => {
  it('exist for every contract with a JSON Schema', () => {
    expect(contracts().map((contract) => contract.name)).toContain('order-created');
  });

  it.each(contracts().map((contract) => [contract.name, contract] as const))(
    '%s: is the committed output of the generator (run `npm run contracts:generate` after changing the schema)',
    (_, contract) => {
      expect(fs.readFileSync(contract.validatorFile, 'utf8')).toBe(renderValidator(contract));
    },
  );

  it.each(contracts().map((contract) => [contract.name, contract] as const))(
    '%s: imports nothing at run time, so it adds only itself to a bundle',
    (_, contract) => {
      const code = fs.readFileSync(contract.validatorFile, 'utf8');

      expect(code).not.toMatch(/\brequire\(/);
      expect(code.match(/^import .*$/gm)).toEqual([
        "import type { SchemaValidator } from '../schema-validator';",
      ]);
    },
  );
});
