/**
 * Lays the COPY steps of a build context's Dockerfile over ROOT, a directory holding what Immich's
 * released image has at those paths (scripts/immich/image-layout.sh puts a stock server deploy and
 * web build there), so the server the image would run can be started on this machine.
 *   node dist/scripts/image-layout.js CONTEXT ROOT [TARGETARCH]
 */
import { cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copySteps, readDockerfile } from './dockerfile';

export function layOver(context: string, root: string, arch: string): string[] {
  const applied: string[] = [];
  for (const step of copySteps(readDockerfile(join(context, 'Dockerfile')), { TARGETARCH: arch })) {
    if (step.from !== undefined) throw new Error(`Dockerfile line ${step.line}: COPY --from=${step.from} cannot be laid over a directory`);
    for (const source of step.sources) {
      if (!existsSync(join(context, source))) throw new Error(`Dockerfile line ${step.line}: ${source} is not in ${context}`);
      cpSync(join(context, source), join(root, step.destination), { recursive: true });
      applied.push(`${source} -> ${step.destination}`);
    }
  }
  return applied;
}

if (require.main === module) {
  const [context, root, arch = process.arch === 'arm64' ? 'arm64' : 'amd64'] = process.argv.slice(2);
  if (!context || !root) {
    console.error('usage: image-layout CONTEXT ROOT [TARGETARCH]');
    process.exit(2);
  }
  for (const line of layOver(resolve(context), resolve(root), arch)) console.log(`COPY ${line}`);
}
