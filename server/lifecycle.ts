/**
 * Resources to release on shutdown, in reverse order of acquisition (HTTP
 * server, then pool, then the embedded database), each bounded by a deadline
 * so one stuck resource cannot keep the process alive.
 */
export class Lifecycle {
  private readonly releases: { name: string; release: () => Promise<void> }[] = [];
  private stopping: Promise<void> | undefined;

  onShutdown(name: string, release: () => Promise<void>): void {
    this.releases.push({ name, release });
  }

  shutdown(deadlineMs = 15_000, log: (line: string) => void = () => {}): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, release } of this.releases.splice(0).reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            log(`${name} did not stop within ${deadlineMs / 1000} s; moving on`);
            resolve();
          }, deadlineMs);
        });
        await Promise.race([release().catch((error: unknown) => log(`${name}: ${(error as Error).message}`)), timeout]);
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }
}
