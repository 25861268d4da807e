import { SoftphoneError } from '../core/index.js';

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends SoftphoneError<'invalid-usage'> {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('invalid-usage', message);
  }
}
