import fs from 'node:fs';
import path from 'node:path';

/**
 * Fault-injection switches of the fault suite: files in FAULT_SWITCH_DIR, which only the suite's copy of
 * serverless.yml sets and only these test wrappers read. No switch file, no effect.
 */
const dir = process.env.FAULT_SWITCH_DIR;

/** True for exactly one caller while the switch file exists: the one that removed it. */
export function takeSwitch(name: string): boolean {
  if (!dir) return false;
  try {
    fs.unlinkSync(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

export function switchOn(name: string): boolean {
  return dir !== undefined && fs.existsSync(path.join(dir, name));
}

/** Tells the suite something happened in this process (the file name carries the pid). */
export function signal(name: string): void {
  if (dir) fs.writeFileSync(path.join(dir, `${name}-${process.pid}`), '');
}

/** Adds a line to a record the suite reads (one file per name, appended by every process). */
export function note(name: string, line: string): void {
  if (dir) fs.appendFileSync(path.join(dir, name), `${line}\n`);
}
