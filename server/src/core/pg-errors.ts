/** The PostgreSQL error behind a failed query (drizzle wraps it as `cause`). */
export interface PgError {
  code: string;
  constraint?: string;
  detail?: string;
  message: string;
}

export function pgErrorOf(error: unknown): PgError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (typeof (current as Partial<PgError>).code === 'string' && 'severity' in current)
      return current as unknown as PgError;
  }
  return undefined;
}

export const pgCodes = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  insufficientPrivilege: '42501',
  serializationFailure: '40001',
  characterNotInRepertoire: '22021',
  untranslatableCharacter: '22P05',
} as const;
