// `yo cloudify-plugin [dir]`: scaffolds a TypeScript Cloudify plugin. The run itself is
// lib/plugin-generation.ts (create-cloudify-plugin runs the same one without Yeoman); this class
// declares the options of lib/options.ts and hands each of Yeoman's priorities its step.
import type { BaseOptions } from 'yeoman-generator';
import { BaseGenerator } from '../lib/base-generator.js';
import { DIRECTORY_ARGUMENT, generatorOptions } from '../lib/options.js';
import { findGeneratorPackage, templatesDirFor } from '../lib/package-info.js';
import { PluginGeneration } from '../lib/plugin-generation.js';

const SUMMARY = 'Scaffolds a Cloudify plugin written in TypeScript, wired to cloudify-plugin-sdk.';
const OPTION_TYPES = { string: String, boolean: Boolean } as const;

export default class CloudifyPluginGenerator extends BaseGenerator {
  private generation: PluginGeneration | undefined;

  constructor(args?: string[], options?: BaseOptions) {
    // tasksMatchingPriority: only the methods named after a priority are tasks.
    super(args, options, { customInstallTask: true, tasksMatchingPriority: true });
    const generatorPackage = findGeneratorPackage(import.meta.url);
    // Yeoman takes its own description from options.description, which is our --description answer.
    this.description = SUMMARY;
    this.sourceRoot(templatesDirFor(generatorPackage));
    this.argument(DIRECTORY_ARGUMENT.name, {
      type: String,
      required: false,
      description: DIRECTORY_ARGUMENT.description,
    });
    for (const { name, type, description, alias, defaultValue } of generatorOptions(
      generatorPackage.version,
    )) {
      this.option(name, {
        type: OPTION_TYPES[type],
        description,
        ...(alias ? { alias } : {}),
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
      });
    }
  }

  initializing(): Promise<void> {
    const directory = this.flag(DIRECTORY_ARGUMENT.name);
    this.generation = new PluginGeneration({
      cwd: this.env.cwd,
      directory: typeof directory === 'string' && directory !== '' ? directory : undefined,
      flag: (name) => this.flag(name),
      log: this.log,
      prompt: async (question) => {
        const answers: Record<string, unknown> = await this.prompt([question]);
        return answers[question.name];
      },
      stdinIsTTY: Boolean(process.stdin.isTTY),
      env: process.env,
      templatesDir: this.templatePath(),
    });
    return this.generation.start();
  }

  prompting(): Promise<void> {
    return this.started().collectAnswers();
  }

  writing(): Promise<void> {
    return this.started().write();
  }

  install(): Promise<void> {
    return this.started().install();
  }

  end(): Promise<void> {
    return this.started().finish();
  }

  private started(): PluginGeneration {
    if (!this.generation) throw new Error('initializing did not run');
    return this.generation;
  }
}
