/** Small helpers shared by the npm commands in scripts/. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Runs a command's main function and exits with its code; an error becomes one line on stderr, not a stack. */
export function runMain(name: string, main: (args: string[]) => Promise<number>): void {
  // The SDK's notice that its 2027 releases need Node 22 is for the README, not every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's options, parsed strictly (`node:util` parseArgs): `--name value` and `--name=value` both
 * work; an option the command does not know, a missing value or a stray argument is an error naming it,
 * never silently ignored.
 */
export function parseOptions<const O extends OptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const known = Object.keys(options).map((name) => `--${name}`);
    // Node's own error, from another realm under jest: read its message rather than test its class.
    const unknown = /^Unknown option '([^']+)'/.exec(String((error as { message?: unknown }).message));
    if (unknown) throw new Error(`unknown option ${unknown[1]}; this command takes ${known.join(', ')}`);
    throw error;
  }
}

/** Plain text columns; the listed columns are right-aligned (numbers). */
export function table(header: string[], rows: string[][], alignRight: number[] = []): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (alignRight.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
