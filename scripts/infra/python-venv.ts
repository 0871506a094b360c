import fs from 'node:fs';
import path from 'node:path';
import { run } from './processes';

/**
 * A Python tool pinned to one version in its own git-ignored virtualenv: installed with pip the first
 * time, and again only when the pin changes (a marker file in the venv remembers what was installed).
 * Returns the path of the tool's executable.
 */
export function ensurePinnedTool(
  { venv, name, version }: { venv: string; name: string; version: string },
  log: (line: string) => void,
): string {
  const bin = path.join(venv, 'bin', name);
  const marker = path.join(venv, `.${name}-version`);
  if (fs.existsSync(bin) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === version) return bin;
  log(`installing ${name} ${version} into ${path.relative(process.cwd(), venv) || venv} (first run only)`);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) run('python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', `${name}==${version}`]);
  fs.writeFileSync(marker, version);
  return bin;
}
