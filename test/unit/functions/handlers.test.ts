import fs from 'node:fs';
import path from 'node:path';
import { readServerlessYml } from '../../support/serverless-yml';

const ROOT = path.resolve(__dirname, '../../..');
const config = readServerlessYml();

describe('serverless.yml handlers', () => {
  // The Lambda Node runtime takes everything before the first dot of the file name as the module:
  // `create-order.handler.handler` would load `create-order` and look for `handler.handler` in it.
  it.each(Object.entries(config.functions))(
    '%s names a module without dots, which Lambda can load',
    (_, fn) => {
      const fileName = path.basename(fn.handler);
      const [module, exported] = fileName.split('.');

      expect(fileName).toBe(`${module}.${exported}`);
      expect(exported).toBe('handler');
      expect(fs.existsSync(path.join(ROOT, path.dirname(fn.handler), `${module}.ts`))).toBe(true);
    },
  );
});
