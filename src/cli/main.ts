/** Entry point of the `sgp32` command. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stderr.write(`sgp32: no commands yet (${argv.join(' ')})\n`);
  return 2;
}
