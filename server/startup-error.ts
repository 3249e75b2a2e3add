/**
 * A problem the operator can fix (bad configuration, database unreachable,
 * port in use). main.ts prints its message as one line and exits non-zero,
 * never a bare stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
