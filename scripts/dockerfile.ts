/**
 * A small reader of docker/Dockerfile (instructions, continuation lines, ARG defaults), for the test
 * that checks the image against upstream's and its build context, and for scripts/image-layout.ts,
 * which lays the same COPY instructions over an emulation of the released image.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface Instruction {
  keyword: string;
  /** the rest of the line, continuations joined */
  args: string;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      line = line.trimEnd().slice(0, -1) + ' ' + lines[++i].trim();
    }
    const m = /^\s*(\S+)\s*(.*)$/.exec(line)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start + 1 });
  }
  return out;
}

export function readDockerfile(path: string): Instruction[] {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

export interface CopyStep {
  /** --from=… when the source is another stage or image */
  from?: string;
  sources: string[];
  /** absolute path in the image */
  destination: string;
  line: number;
}

/**
 * The COPY/ADD steps with their build arguments expanded (`args`, e.g. TARGETARCH) and relative
 * destinations resolved against the WORKDIR in force.
 */
export function copySteps(instructions: Instruction[], args: Record<string, string>): CopyStep[] {
  const values: Record<string, string> = { ...args };
  const expand = (s: string) =>
    s.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string, b: string) => {
      const name = a ?? b;
      if (!(name in values)) throw new Error(`Dockerfile: no value for ${whole}`);
      return values[name];
    });
  let workdir = '/';
  const steps: CopyStep[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') workdir = '/';
    if (ins.keyword === 'ARG') {
      const [name, value] = ins.args.split('=');
      if (!(name in values) && value !== undefined) values[name] = value;
    }
    if (ins.keyword === 'WORKDIR') workdir = posix.resolve(workdir, expand(ins.args));
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const words = ins.args.split(/\s+/);
    const flags = words.filter((w) => w.startsWith('--'));
    const paths = words.filter((w) => !w.startsWith('--')).map(expand);
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    const destination = posix.resolve(workdir, paths.at(-1)!);
    steps.push({ from, sources: paths.slice(0, -1), destination, line: ins.line });
  }
  return steps;
}

/** An exec-form instruction (ENTRYPOINT ["a", "b"]) as its array, or the shell form as one string. */
export function execForm(instruction: Instruction | undefined): string[] | string | undefined {
  if (!instruction) return undefined;
  return instruction.args.startsWith('[') ? (JSON.parse(instruction.args) as string[]) : instruction.args;
}
