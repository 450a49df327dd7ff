/** Process entry of the `faultlab` command. */
import { useNodeSha256 } from '../runtime/node-sha256.js';
import { main } from './main.js';

useNodeSha256();

main(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`faultlab: internal error: ${(err as Error).message}\n`);
    process.exitCode = 3;
  },
);
