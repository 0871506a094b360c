import fs from 'node:fs';
import path from 'node:path';
import { run } from './processes';

/**
 * A Python tool pinned to one version in its own git-ignored virtualenv: installed with pip the first
 * time, and again only when the pin changes (a marker file in the venv remembers what was installed, and
 * where: a venv's scripts name their interpreter by absolute path, so a moved project needs a new venv).
 * `with` pins packages installed beside the tool (a marker change reinstalls them too).
 * Returns the path of the tool's executable.
 */
export function ensurePinnedTool(
  {
    venv,
    name,
    version,
    with: extras = [],
  }: { venv: string; name: string; version: string; with?: string[] },
  log: (line: string) => void,
  exec: (command: string, args: string[]) => unknown = run,
): string {
  const bin = path.join(venv, 'bin', name);
  const marker = path.join(venv, `.${name}-version`);
  const requirements = [`${name}==${version}`, ...extras];
  const installed = `${requirements.join(' ')} ${path.resolve(venv)}`;
  if (fs.existsSync(bin) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === installed)
    return bin;
  log(
    `installing ${requirements.join(', ')} into ${path.relative(process.cwd(), venv) || venv} (first run only)`,
  );
  exec('python3', ['-m', 'venv', '--clear', venv]);
  exec(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', ...requirements]);
  fs.writeFileSync(marker, installed);
  return bin;
}
