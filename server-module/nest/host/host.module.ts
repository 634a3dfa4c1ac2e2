import 'reflect-metadata';
/**
 * The standalone host: LensModule plus HTTP controllers under /api, API-key auth, zod validation and
 * OpenAPI docs at /api/docs.
 */
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc, ZodValidationPipe } from 'nestjs-zod';
import { LensModule } from '../lens.module';
import type { LensModuleOptions } from '../lens-options';
import { AssetsController, LensJobsController } from './assets.controller';
import { ApiKeyGuard } from './auth.guard';
import { LensExceptionFilter } from './exception.filter';
import { SearchController } from './search.controller';
import { serveWebUi } from './web-ui';

@Module({})
export class LensHostModule {
  static forRoot(options: LensModuleOptions): DynamicModule {
    return {
      module: LensHostModule,
      imports: [LensModule.forRoot(options)],
      controllers: [SearchController, AssetsController, LensJobsController],
      providers: [ApiKeyGuard, { provide: APP_PIPE, useClass: ZodValidationPipe }],
    };
  }
}

export async function createHostApp(options: LensModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create(LensHostModule.forRoot(options), { logger: ['error', 'warn'], bodyParser: true });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new LensExceptionFilter(options.log));
  const config = new DocumentBuilder()
    .setTitle('immich-lens')
    .setDescription('Ranked OCR search, CLIP search and regenerate jobs (Immich-compatible endpoints)')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api_key')
    .build();
  SwaggerModule.setup('api/docs', app, () => cleanupOpenApiDoc(SwaggerModule.createDocument(app, config)));
  serveWebUi(app);
  return app;
}
