#!/usr/bin/env node
// cloudify-plugin: tools for a plugin repository. Subcommands:
//   package  bundle the operations into plugins/<name>/plugin.mjs next to plugin.yaml
//   types    derive src/plugin-types.ts (typed node properties, operation inputs) from plugin.yaml
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { PackageError, packagePlugin } from '../packaging/package-plugin.js';
import { BundleError } from '../packaging/bundle.js';
import { PluginYamlError } from '../packaging/plugin-yaml.js';
import {
  DEFAULT_PLUGIN_YAML,
  DEFAULT_TYPES_FILE,
  PluginTypesError,
  checkPluginTypes,
  formatPluginYamlErrors,
  writePluginTypes,
} from '../typegen/index.js';
import { commanderExitCode } from './commander-exit.js';
import { isMainModule } from './is-main-module.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function sdkVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('cloudify-plugin')
    .description('Tools for a Cloudify plugin written with cloudify-plugin-sdk')
    .version(sdkVersion())
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('package')
    .description(
      'Bundle the plugin into <out>/plugins/<name>/plugin.mjs (one self-contained file that Cloudify ' +
        "runs with node) and copy plugin.yaml next to it. Run it in the plugin repository's root.",
    )
    .option('--entry <file>', "the plugin's main module, which calls runPlugin()", 'src/main.ts')
    .option('--out <dir>', 'where to write the plugins/ folder', 'dist/package')
    .action(async (options: { entry: string; out: string }) => {
      const result = await packagePlugin(options);
      for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
      io.stdout(
        `Packaged ${result.name}:\n` +
          `  ${result.bundlePath} (${kilobytes(result.bundleBytes)})\n` +
          `  ${result.pluginYamlPath}\n` +
          `Copy ${options.out}/plugins/ into a blueprint folder and import plugins/${result.name}/plugin.yaml.\n`,
      );
      setExitCode(0);
    });

  program
    .command('types')
    .description(
      'Write TypeScript types for the node types of plugin.yaml (properties, with inherited ones, and ' +
        'operation inputs) to one file, for operation<Properties, Runtime, Inputs>(). With --check, ' +
        'write nothing and fail when the file is out of date.',
    )
    .option('--plugin-yaml <file>', "the plugin's plugin.yaml", DEFAULT_PLUGIN_YAML)
    .option('--out <file>', 'the generated TypeScript file', DEFAULT_TYPES_FILE)
    .option('--check', 'only check that the file is up to date (exit 1 when not)')
    .action(async (options: { pluginYaml: string; out: string; check?: boolean }) => {
      const paths = { pluginYaml: options.pluginYaml, out: options.out };
      if (options.check) {
        const result = await checkPluginTypes(paths);
        if (result.message !== undefined) io.stderr(`cloudify-plugin: ${result.message}\n`);
        else io.stdout(`${options.out} is up to date with ${options.pluginYaml}\n`);
        setExitCode(result.upToDate ? 0 : 1);
        return;
      }
      const result = await writePluginTypes(paths);
      const count = result.nodeTypes.length === 1 ? '1 node type' : `${result.nodeTypes.length} node types`;
      if (result.nodeTypes.length === 0) io.stderr(`warning: ${options.pluginYaml} declares no node types\n`);
      io.stdout(
        result.written
          ? `Wrote ${options.out} (${count} from ${options.pluginYaml})\n`
          : `${options.out} is up to date (${count} from ${options.pluginYaml})\n`,
      );
      setExitCode(0);
    });
  return program;
}

/** Runs the CLI; resolves to its exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return commanderExitCode(error);
    }
    if (error instanceof PluginTypesError) {
      for (const line of formatPluginYamlErrors(error)) io.stderr(`${line}\n`);
      io.stderr(`cloudify-plugin: ${error.message}\n`);
      return 1;
    }
    if (error instanceof PackageError || error instanceof BundleError || error instanceof PluginYamlError) {
      io.stderr(`cloudify-plugin: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
