import { runProduce } from './run';

// The SDK's notice about Node 20 support says nothing about this run; keep the terminal for progress.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Exits explicitly: a source's sockets or timers must not keep a finished run alive.
runProduce(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
