/**
 * LensImmichModule the way Immich's app.module wires it: imported by the app module, Immich's
 * MachineLearningRepository token bound to the local provider with useExisting, `setup(config)`
 * called with Immich's config, OCR answered in-process while the ML URL has nothing listening.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LensImmichModule, LocalMachineLearningRepository } from '../../server-module/immich';
import { DEFAULT_MACHINE_LEARNING_CONFIG } from '../../server-module/ml-provider/types';
import { renderLines } from '../ocr/render';

/** Stands for Immich's MachineLearningRepository class token. */
@Injectable()
class MachineLearningRepository {}

@Module({
  imports: [LensImmichModule.forRoot({ env: { IMMICH_LENS_LOCAL: 'clip,ocr', MACHINE_LEARNING_CACHE_FOLDER: '/nonexistent-cache' } })],
  providers: [{ provide: MachineLearningRepository, useExisting: LocalMachineLearningRepository }],
})
class HostModule {}

it('answers Immich OCR calls in-process under Immich\'s token, with the ML URL dead', async () => {
  const app = await NestFactory.createApplicationContext(HostModule, { logger: false });
  try {
    const ml = app.get(MachineLearningRepository) as unknown as LocalMachineLearningRepository;
    expect(ml).toBeInstanceOf(LocalMachineLearningRepository);
    const config = { ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: ['http://127.0.0.1:9'] };
    ml.setup(config);
    const dir = mkdtempSync(join(tmpdir(), 'lens-immich-'));
    const file = join(dir, 'receipt.png');
    writeFileSync(file, (await renderLines(['增值税发票 No 1234'])).png);
    const result = await ml.ocr(file, config.ocr); // PP-OCRv5_mobile is not cached: the embedded model answers
    expect(result.text.join('')).toContain('发票');
    expect(result.box).toHaveLength(result.text.length * 8);
    expect(ml.routed).toMatchObject({ 'ocr:local': 1 });
  } finally {
    await app.close(); // disposes the sessions
  }
});
