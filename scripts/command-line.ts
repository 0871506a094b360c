/** Small helpers shared by the npm commands in scripts/. */

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

/** The value following `--name` in the arguments, if any. */
export function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
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
