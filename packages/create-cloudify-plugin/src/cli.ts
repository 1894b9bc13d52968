#!/usr/bin/env node
// create-cloudify-plugin: `npm init cloudify-plugin [directory]` runs the generator of
// generator-cloudify-plugin (the one `yo cloudify-plugin` runs) without Yeoman, and
// `create-cloudify-plugin operation|node-type|relationship <name>` its subgenerators. The command
// line lives in that package (dist/generators/lib/cli), next to the option definitions yo uses too.
// Exit codes: 0 done, 1 failed, 2 usage.
const MAIN = 'generator-cloudify-plugin/dist/generators/lib/cli/main.js';
const SUPPORTED_NODE = '^20.19.0 || >=22.13.0';

/** generator-cloudify-plugin's command line (typed here: that package is built after this one). */
interface CliModule {
  main: (args: readonly string[]) => Promise<number>;
}

function nodeSupported(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 13) || major > 22;
}

// `create-cloudify-plugin --help | head` closes the pipe early: that is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

if (nodeSupported()) {
  const { main } = (await import(MAIN)) as CliModule;
  process.exitCode = await main(process.argv.slice(2));
} else {
  process.stderr.write(
    `create-cloudify-plugin needs Node.js ${SUPPORTED_NODE}; this is ${process.version}.\n`,
  );
  process.exitCode = 1;
}
