import { BadRequestException } from '@nestjs/common';
import { ModelError } from '../inference/model-errors';

/**
 * Text encoding for a search: a CLIP model that is missing or unusable is the admin's to fix, and
 * the user gets a 400 naming it instead of a 500.
 */
export async function clipErrorsAsBadRequest<T>(encoding: Promise<T>): Promise<T> {
  try {
    return await encoding;
  } catch (error) {
    if (error instanceof ModelError) throw new BadRequestException(`Smart search cannot run: ${error.message}`);
    throw error;
  }
}
