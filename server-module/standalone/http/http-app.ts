import 'reflect-metadata';
/**
 * The standalone host's HTTP app: the StandaloneModule plus controllers under /api, API-key auth, zod
 * validation, OpenAPI docs at /api/docs and the demo page at /.
 */
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc, ZodValidationPipe } from 'nestjs-zod';
import type { StandaloneModuleOptions } from '../module-options';
import { StandaloneModule } from '../standalone.module';
import { AssetsController, JobsController } from './assets.controller';
import { ApiKeyGuard } from './auth.guard';
import { LensExceptionFilter } from './exception.filter';
import { SearchController } from './search.controller';
import { findWebUiDir, serveWebUi } from './web-ui';

@Module({})
export class StandaloneHttpModule {
  static forRoot(options: StandaloneModuleOptions): DynamicModule {
    return {
      module: StandaloneHttpModule,
      imports: [StandaloneModule.forRoot(options)],
      controllers: [SearchController, AssetsController, JobsController],
      providers: [ApiKeyGuard, { provide: APP_PIPE, useClass: ZodValidationPipe }],
    };
  }
}

export async function createStandaloneApp(options: StandaloneModuleOptions, webDir: string | null = findWebUiDir()): Promise<INestApplication> {
  const app = await NestFactory.create(StandaloneHttpModule.forRoot(options), { logger: ['error', 'warn'], bodyParser: true });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new LensExceptionFilter(options.log));
  const config = new DocumentBuilder()
    .setTitle('immich-lens')
    .setDescription('Ranked OCR search, CLIP search and regenerate jobs (Immich-compatible endpoints)')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api_key')
    .build();
  SwaggerModule.setup('api/docs', app, () => cleanupOpenApiDoc(SwaggerModule.createDocument(app, config)));
  serveWebUi(app, webDir);
  return app;
}
