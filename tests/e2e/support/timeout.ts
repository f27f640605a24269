// Starting the stack (a JVM, esbuild, worker threads) and a browser on 2 shared cores.
jest.setTimeout(150_000);
