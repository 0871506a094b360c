/**
 * The JSON lines our loggers print, captured as they are written: Powertools' Logger writes to the
 * process's stdout (info, debug) and stderr (warn, error) through a Console of its own, not through the
 * global `console` jest captures. Anything that is not a JSON object line is passed through.
 */
export interface CapturedLogs {
  lines: Record<string, unknown>[];
  /** The raw text of each captured line, as CloudWatch would store it. */
  raw: string[];
  restore(): void;
}

export function captureLogs(): CapturedLogs {
  const captured: CapturedLogs = { lines: [], raw: [], restore: () => undefined };
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    return jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      const text = String(chunk);
      if (!text.startsWith('{')) return write(chunk as string, ...rest);
      for (const line of text.split('\n').filter(Boolean)) {
        captured.raw.push(line);
        captured.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      return true;
    }) as typeof stream.write);
  });
  captured.restore = () => spies.forEach((spy) => spy.mockRestore());
  return captured;
}
