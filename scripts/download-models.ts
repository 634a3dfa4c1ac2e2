/**
 * Fetches CLIP models into Immich's ML cache layout on the user's machine (this sandbox cannot
 * reach the model hosts). Run through `scripts/download-models`:
 *
 *   scripts/download-models --list
 *   scripts/download-models --cache /cache ViT-B-32__openai XLM-Roberta-Large-Vit-B-32
 *   scripts/download-models --cache /cache cn-clip-ViT-B-16 --from-export ./vit-b-16 --vocab vocab.txt
 *
 * Immich models come from Hugging Face (immich-app/<name>, HF_ENDPOINT honoured). Chinese-CLIP has
 * no ONNX release: export it with cn_clip (the manifest has the command), then install the export.
 * Every installed model is opened and run once to check its embedding size against the manifest.
 */
import { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { ClipModel } from '../server-module/inference/clip';
import { downloadImmichModel, findModel, installCnClipExport, loadClipManifest } from './clip-model-catalog';
import { ModelManager } from '../server-module/inference/model-manager';

async function verify(dir: string, expectedDim: number): Promise<void> {
  const manager = new ModelManager({ idleUnloadMs: 0 });
  try {
    const clip = await ClipModel.open(dir, manager);
    const text = await clip.encodeText('一张猫的照片 a photo of a cat');
    const size = clip.files.visual?.preprocess === 'from-model-input' ? 224 : (clip.files.visual?.preprocess.size ?? 224);
    const image = await clip.encodeImages([await grayImage(size)]);
    if (!image[0].ok) throw image[0].error;
    for (const [what, v] of [['text', text], ['image', image[0].embedding]] as const) {
      if (v.length !== expectedDim) throw new Error(`${what} embedding has ${v.length} dimensions, the manifest says ${expectedDim}`);
    }
    console.log(`verified ${dir}: ${expectedDim}-dim text and image embeddings`);
  } finally {
    await manager.dispose();
  }
}

async function grayImage(size: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('download-models')
    .argument('[names...]', 'model names from models/clip-models.json')
    .option('--cache <dir>', 'Immich ML cache folder (MACHINE_LEARNING_CACHE_FOLDER)', process.env.MACHINE_LEARNING_CACHE_FOLDER ?? '/cache')
    .option('--list', 'list the models of the manifest')
    .option('--manifest <file>', 'another manifest file')
    .option('--from-export <prefix>', 'Chinese-CLIP: prefix of the cn_clip ONNX export (<prefix>.img.fp32.onnx, <prefix>.txt.fp32.onnx)')
    .option('--vocab <file>', 'Chinese-CLIP: vocab.txt (cn_clip/clip/vocab.txt)')
    .option('--force', 're-download files that already exist')
    .option('--no-verify', 'skip running each model once after installing');
  await program.parseAsync(argv, { from: 'user' });
  const opts = program.opts<{ cache: string; list?: boolean; manifest?: string; fromExport?: string; vocab?: string; force?: boolean; verify: boolean }>();
  const manifest = await loadClipManifest(opts.manifest);

  if (opts.list || program.args.length === 0) {
    for (const m of manifest) console.log(`${m.name.padEnd(34)} ${String(m.embedDim).padStart(4)}-dim  ${m.family}  (${m.source.type})`);
    return 0;
  }
  ort.env.logLevel = 'error';
  for (const name of program.args) {
    const entry = findModel(manifest, name);
    let dir: string;
    if (entry.source.type === 'huggingface') {
      dir = await downloadImmichModel(entry, opts.cache, { force: opts.force, log: console.log });
    } else {
      if (!opts.fromExport || !opts.vocab) {
        console.error(`${name}: Chinese-CLIP has no ONNX download. Export it, then install the export:\n  curl -LO ${entry.source.checkpoint}\n  curl -LO ${entry.source.vocab}\n  ${entry.source.export}\n  scripts/download-models --cache ${opts.cache} ${name} --from-export ./${entry.source.arch.toLowerCase()} --vocab vocab.txt`);
        return 2;
      }
      dir = await installCnClipExport(entry, opts.fromExport, opts.vocab, opts.cache, console.log);
    }
    if (opts.verify) await verify(dir, entry.embedDim);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
