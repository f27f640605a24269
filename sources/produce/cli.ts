import { runProduce } from './run';

// Exits explicitly: a source's sockets or timers must not keep a finished run alive.
runProduce(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
