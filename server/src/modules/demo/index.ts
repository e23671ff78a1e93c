import type { Ctx } from '../../core/context.ts';

/** Filled in by the demo-data work (issue #2 part 10). */
export async function seedDemo(_ctx: Ctx, _options: { customers: number }): Promise<string> {
  throw new Error('seed --demo is not implemented yet');
}
