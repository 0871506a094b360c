import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePinnedTool } from '../../../../scripts/infra/python-venv';

describe('ensurePinnedTool', () => {
  let venv: string;
  beforeEach(() => {
    venv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'venv-')), 'tool-venv');
    fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(venv, 'bin', 'tool'), '');
  });
  afterEach(() => fs.rmSync(path.dirname(venv), { recursive: true, force: true }));

  const ensure = (exec: jest.Mock) =>
    ensurePinnedTool({ venv, name: 'tool', version: '1.2.3' }, () => {}, exec);

  it('installs the pinned version once, then reuses it', () => {
    const exec = jest.fn();

    ensure(exec);
    ensure(exec);

    expect(exec.mock.calls).toEqual([
      ['python3', ['-m', 'venv', '--clear', venv]],
      [path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', 'tool==1.2.3']],
    ]);
  });

  it('rebuilds a venv made at another path, whose scripts point at an interpreter that moved with it', () => {
    fs.writeFileSync(path.join(venv, '.tool-version'), 'tool==1.2.3 /somewhere/else/tool-venv');
    const exec = jest.fn();

    const bin = ensure(exec);

    expect(bin).toBe(path.join(venv, 'bin', 'tool'));
    expect(exec).toHaveBeenCalledWith('python3', ['-m', 'venv', '--clear', venv]);
  });

  it('installs the packages pinned beside the tool, and again when their pins change', () => {
    const exec = jest.fn();
    const withPins = (pins: string[]) =>
      ensurePinnedTool({ venv, name: 'tool', version: '1.2.3', with: pins }, () => {}, exec);

    withPins(['server==1.0']);
    withPins(['server==1.0']);
    withPins(['server==1.1']);

    const pipInstalls = exec.mock.calls.filter(([command]) => command !== 'python3');
    expect(pipInstalls.map(([, args]) => args.slice(3))).toEqual([
      ['tool==1.2.3', 'server==1.0'],
      ['tool==1.2.3', 'server==1.1'],
    ]);
  });
});
