import fs from 'node:fs';
import path from 'node:path';
import { run } from './processes';

/**
 * A Python tool pinned to one version in its own git-ignored virtualenv: installed with pip the first
 * time, and again only when the pin changes (a marker file in the venv remembers what was installed, and
 * where: a venv's scripts name their interpreter by absolute path, so a moved project needs a new venv).
 * Returns the path of the tool's executable.
 */
export function ensurePinnedTool(
  { venv, name, version }: { venv: string; name: string; version: string },
  log: (line: string) => void,
  exec: (command: string, args: string[]) => unknown = run,
): string {
  const bin = path.join(venv, 'bin', name);
  const marker = path.join(venv, `.${name}-version`);
  const installed = `${version} ${path.resolve(venv)}`;
  if (fs.existsSync(bin) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === installed)
    return bin;
  log(`installing ${name} ${version} into ${path.relative(process.cwd(), venv) || venv} (first run only)`);
  exec('python3', ['-m', 'venv', '--clear', venv]);
  exec(path.join(venv, 'bin', 'pip'), [
    'install',
    '-q',
    '--disable-pip-version-check',
    `${name}==${version}`,
  ]);
  fs.writeFileSync(marker, installed);
  return bin;
}
