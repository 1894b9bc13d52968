// One run of the generator, whichever front door started it: `yo cloudify-plugin` (generators/app,
// through Yeoman) or `create-cloudify-plugin` (lib/cli, without Yeoman). The front door hands over
// the flags, a logger and a way to ask; the steps below are the same for both:
//   start → collectAnswers → write → install → finish
// Update mode (a folder that holds a generated plugin) and the type refresh after an install are
// loaded only when a run needs them.
import { spawn } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { ANSWER_SPECS, type Answers, type DefaultsContext } from './answers.js';
import { checkRawAnswers, collectAnswers, isInteractive, type AnswerQuestion } from './collect-answers.js';
import { ExitStatus, UsageError } from './errors.js';
import { gitAuthor, initRepository, isInsideGitRepository } from './git.js';
import { bundledLicensePath } from './licenses.js';
import { nextSteps } from './next-steps.js';
import { commandsFor, detectPackageManager } from './package-manager.js';
import {
  checkTemplatesDir,
  defaultSdkSpec,
  findGeneratorPackage,
  sdkSpecFromFlag,
  updateSdkSpec,
  type SdkSpec,
} from './package-info.js';
import { renderPlugin, type RenderedFiles } from './render.js';
import { checkTargetWritable, inspectTarget, type TargetState } from './target-folder.js';
import type { UpdateMode, UpdateReport } from './update/update-plugin.js';
import { manifestOf } from './update/manifest.js';
import { writeFiles } from './write-files.js';
import {
  notAPluginMessage,
  readStoredAnswers,
  recordExtras,
  YO_RC_FILE,
  yoRcContent,
  type GenerationRecord,
  type RecordExtras,
  type StoredAnswers,
} from './yo-rc.js';

const FIRST_COMMIT = 'Initial commit from create-cloudify-plugin';

/** What the run says; Yeoman's logger has this shape, and lib/cli/console-log.ts prints the same. */
export interface Log {
  info(message: string): unknown;
  ok(message: string): unknown;
  error(message: string): unknown;
  writeln(message: string): unknown;
}

/** What a front door hands over. */
export interface GenerationHost {
  /** The folder the command was started in. */
  cwd: string;
  /** The directory argument, when given. */
  directory: string | undefined;
  /** A flag as given (kebab-case name); undefined when it was not given. */
  flag(name: string): unknown;
  log: Log;
  /** Asks one question; called only when the run is interactive. */
  prompt(question: AnswerQuestion): Promise<unknown>;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** templates/plugin, or the copy CLOUDIFY_PLUGIN_TEMPLATES_DIR names. */
  templatesDir: string;
}

interface Target {
  dir: string;
  state: TargetState;
}

/** Runs `command` with the terminal attached; rejects with the way it failed. */
function runInherited(command: string, args: readonly string[], cwd: string): Promise<void> {
  const shown = [command, ...args].join(' ');
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(new Error(`Command failed with ${error.code ?? error.message}: ${shown}`, { cause: error })),
    );
    child.on('close', (code, signal) => {
      if (code === 0) done();
      else
        fail(new Error(`Command failed with ${signal ? `signal ${signal}` : `exit code ${code}`}: ${shown}`));
    });
  });
}

export class PluginGeneration {
  private readonly generatorPackage = findGeneratorPackage(import.meta.url);
  private flags: Partial<Answers> = {};
  private stored: StoredAnswers | undefined;
  private folderName: string | undefined;
  private target: Target | undefined;
  private answers: Answers | undefined;
  private installed = false;
  /** Update mode: the folder holds a generated plugin (or --update). */
  private updating = false;
  private updateReport: UpdateReport | undefined;
  /** The files of a new plugin as rendered, recorded in git as the base of its first update. */
  private rendered: { files: RenderedFiles; record: GenerationRecord } | undefined;

  constructor(private readonly host: GenerationHost) {}

  /** Every step in order: what create-cloudify-plugin runs. */
  async run(): Promise<void> {
    await this.start();
    await this.collectAnswers();
    await this.write();
    await this.install();
    await this.finish();
  }

  private flag(name: string): unknown {
    return this.host.flag(name);
  }

  private get log(): Log {
    return this.host.log;
  }

  private get dryRun(): boolean {
    return this.flag('dry-run') === true;
  }

  private get updateMode(): UpdateMode {
    if (this.flag('check') === true) return 'check';
    return this.dryRun ? 'dry-run' : 'apply';
  }

  /** A folder that holds a generated plugin is updated; any other must be empty, or --force. */
  private resolveTarget(dir: string, stored: StoredAnswers | undefined): Target {
    const state = inspectTarget(dir);
    if (!stored) checkTargetWritable(dir, state, this.flag('force') === true);
    return { dir, state };
  }

  /** The flags checked, the target folder found, and update mode entered when it holds a plugin. */
  start(): Promise<void> {
    const { cwd, directory } = this.host;
    checkTemplatesDir(this.host.templatesDir, this.host.env);
    const raw: Record<string, unknown> = {};
    for (const spec of ANSWER_SPECS) raw[spec.key] = this.flag(spec.flag);
    this.flags = checkRawAnswers(raw, (spec) => `--${spec.flag}`);

    const dir = directory ? resolve(cwd, directory) : cwd;
    this.stored = readStoredAnswers(dir);
    if (directory) {
      this.target = this.resolveTarget(dir, this.stored);
      this.folderName = basename(dir);
    } else if (this.stored) {
      this.target = this.resolveTarget(dir, this.stored);
    }

    const asked = ['update', 'check'].filter((flag) => this.flag(flag) === true);
    if (this.stored) {
      this.updating = true;
      this.log.info(`Found ${YO_RC_FILE} of a generated plugin in ${dir}: update mode.`);
    } else if (asked.length > 0) {
      throw new UsageError(notAPluginMessage(`--${asked[0] ?? 'update'}`, dir));
    }
    return Promise.resolve();
  }

  /** What the defaults are computed from; git is asked for the author only when no author is given. */
  private async defaultsContext(given: Partial<Answers>): Promise<DefaultsContext> {
    const author = given.author === undefined ? await gitAuthor(this.host.cwd) : undefined;
    const packageManager = detectPackageManager(this.host.env);
    return {
      ...(this.folderName === undefined ? {} : { folderName: this.folderName }),
      ...(author ? { gitAuthor: author } : {}),
      ...(packageManager ? { detectedPackageManager: packageManager } : {}),
    };
  }

  async collectAnswers(): Promise<void> {
    const stored = this.stored
      ? checkRawAnswers(this.stored.answers, (spec) => `${spec.key} in ${this.stored?.path ?? YO_RC_FILE}`)
      : {};
    const askAnswered = this.flag('ask-answered') === true;
    const given = askAnswered ? this.flags : { ...stored, ...this.flags };
    const interactive = isInteractive(this.flag('interactive'), this.host.stdinIsTTY, this.host.env);
    const { answers, defaulted } = await collectAnswers({
      given,
      context: await this.defaultsContext(given),
      ...(askAnswered ? { suggested: stored } : {}),
      ...(interactive ? { ask: (question: AnswerQuestion) => this.host.prompt(question) } : {}),
      acceptDefaults: this.flag('yes') === true,
    });
    if (defaulted.length > 0) {
      const flags = ANSWER_SPECS.filter((spec) => defaulted.includes(spec.key)).map(
        (spec) => `--${spec.flag}`,
      );
      this.log.info(`Not asked (no terminal, or --yes): defaults taken for ${flags.join(', ')}.`);
    }
    this.answers = answers;
    this.target ??= this.resolveTarget(resolve(this.host.cwd, answers.name), undefined);
  }

  private sdkSpec(): SdkSpec {
    const given = this.flag('sdk');
    if (given === undefined && this.updating) {
      const { sdk, templateVersion } = this.stored?.record ?? {};
      return updateSdkSpec(sdk, templateVersion, defaultSdkSpec(this.generatorPackage));
    }
    if (given === undefined) return defaultSdkSpec(this.generatorPackage);
    if (typeof given !== 'string' || given.trim() === '') {
      throw new UsageError(
        '--sdk needs an npm spec, e.g. --sdk ^0.1.0 or --sdk ../cloudify-plugin-sdk-0.1.0.tgz.',
      );
    }
    return sdkSpecFromFlag(given.trim(), this.host.cwd);
  }

  async write(): Promise<void> {
    const { answers, target } = this.ready();
    const { templatesDir } = this.host;
    const sdk = this.sdkSpec();
    if (sdk.source === 'checkout') {
      this.log.info(`cloudify-plugin-sdk comes from this source checkout: ${sdk.spec} (--sdk overrides it).`);
      if (!sdk.built) {
        this.log.error(
          `The SDK in ${sdk.sdkDir ?? 'packages/sdk'} is not built yet: run \`npm run build\` there first.`,
        );
      }
    }
    if (!bundledLicensePath(templatesDir, answers.license)) {
      this.log.info(
        `No bundled text for the license ${answers.license}: LICENSE names it; paste its full text there.`,
      );
    }
    const copyrightYear = this.stored?.record.copyrightYear ?? new Date().getFullYear();
    const record: GenerationRecord & RecordExtras = {
      ...(this.stored ? recordExtras(this.stored.record) : {}),
      ...answers,
      templateVersion: this.generatorPackage.version,
      copyrightYear,
      sdk: sdk.spec,
    };
    if (this.updating) {
      await this.update(target, record);
      return;
    }
    const files = await renderPlugin({ templatesDir, answers, sdkSpec: sdk.spec, copyrightYear });
    this.rendered = { files: new Map(files), record };
    files.set(YO_RC_FILE, yoRcContent(target.dir, { ...record, files: manifestOf(files) }));

    if (this.dryRun) {
      this.log.info(`Dry run: would write ${files.size} files into ${target.dir}:`);
      for (const path of files.keys()) this.log.writeln(`  ${path}`);
      return;
    }
    await writeFiles(target.dir, files, target.state.kind !== 'missing');
    this.log.ok(`Wrote ${files.size} files into ${target.dir}`);
  }

  private async update(target: Target, record: GenerationRecord & RecordExtras): Promise<void> {
    const [{ updatePlugin }, { formatUpdateReport }] = await Promise.all([
      import('./update/update-plugin.js'),
      import('./update/report.js'),
    ]);
    const report = await updatePlugin({
      dir: target.dir,
      record,
      templatesDir: this.host.templatesDir,
      mode: this.updateMode,
      restore: this.flag('restore') === true,
      allowDirty: this.flag('allow-dirty') === true,
    });
    this.updateReport = report;
    this.log.writeln(formatUpdateReport(report));
    if (report.mode === 'dry-run') this.log.info('Dry run: nothing was written.');
  }

  /** An update installs only when it changed the dependencies (and left package.json without conflict). */
  private get installDue(): boolean {
    if (!this.updating) return !this.dryRun;
    const report = this.updateReport;
    return report !== undefined && report.applied && report.dependenciesChanged;
  }

  async install(): Promise<void> {
    const { answers, target } = this.ready();
    if (!this.installDue || this.flag('skip-install') === true) return;
    const [command, ...args] = commandsFor(answers.packageManager).install;
    this.log.info(`Installing the dependencies: ${[command, ...args].join(' ')}`);
    try {
      await runInherited(command, args, target.dir);
      this.installed = true;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (this.flag('force-install') === true)
        throw new Error(`Installing the dependencies failed: ${reason}`, { cause: error });
      this.log.error(
        `Installing the dependencies failed (${reason}); the plugin is written, install it yourself.`,
      );
    }
  }

  async finish(): Promise<void> {
    const { answers, target } = this.ready();
    if (this.updating) {
      if (this.updateReport?.applied) await this.refreshTypes(target.dir);
      await this.endUpdate();
      return;
    }
    if (this.dryRun) return;
    if (this.installed) await this.refreshTypes(target.dir);
    if (this.flag('git') === false) {
      this.log.info('No git repository created (--no-git).');
    } else if (await isInsideGitRepository(target.dir)) {
      this.log.info('Already inside a git repository: no new repository and no commit.');
    } else {
      const outcome = await initRepository(target.dir, FIRST_COMMIT);
      if (outcome.done) this.log.ok('Created a git repository with a first commit.');
      else this.log.error(`No git repository created: ${outcome.reason}`);
    }
    await this.recordRenderInGit(target.dir);
    this.log.writeln(
      `\n${nextSteps({
        cwd: this.host.cwd,
        target: target.dir,
        name: answers.name,
        packageManager: answers.packageManager,
        installed: this.installed,
      })}`,
    );
  }

  /**
   * Regenerates src/plugin-types.ts with the SDK the plugin installed (after an update, plugin.yaml
   * may have changed; a new plugin gets the file of its SDK version). Without an installed SDK the
   * rendered (or existing) file stays, and the user is told how to refresh it.
   */
  private async refreshTypes(dir: string): Promise<void> {
    const { PLUGIN_TYPES_FILE, refreshAdvice, refreshPluginTypes } = await import('./plugin-types.js');
    const outcome = await refreshPluginTypes(dir);
    if (outcome.status === 'written') this.log.ok(`Regenerated ${PLUGIN_TYPES_FILE} from plugin.yaml.`);
    if (outcome.status === 'up-to-date' || outcome.status === 'written') return;
    const advice = refreshAdvice(commandsFor(this.ready().answers.packageManager).run);
    if (outcome.status === 'failed')
      this.log.error(`${outcome.problem}\nOnce plugin.yaml is fixed, ${advice}.`);
    else if (this.updating) this.log.info(`The SDK is not installed here: ${advice}.`);
  }

  /** Keeps the pristine render in the repository (if any), as the base of the first update. */
  private async recordRenderInGit(dir: string): Promise<void> {
    if (!this.rendered) return;
    const { baseCommitMessage, openRepository, recordBase } = await import('./update/git-repo.js');
    const repo = await openRepository(dir);
    if (!repo) return;
    try {
      await recordBase(repo, this.rendered.files, baseCommitMessage(this.rendered.record));
    } catch (error) {
      // Not fatal: the next update re-renders the recorded answers to find its base.
      this.log.error(
        `Could not keep the rendered files in git: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The update's last word: next steps, and its exit status (1: conflicts; 2: --check found an update). */
  private async endUpdate(): Promise<void> {
    const report = this.updateReport;
    if (!report) return;
    const { updateNextSteps, updateVerdict } = await import('./update/report.js');
    if (report.mode === 'apply') {
      const install = commandsFor(this.ready().answers.packageManager).install.join(' ');
      this.log.writeln(`\n${updateNextSteps(report, this.installed ? undefined : install)}`);
    }
    if (report.mode === 'check' && !report.changed) this.log.ok('Up to date: no update available.');
    const verdict = updateVerdict(report);
    if (verdict) throw new ExitStatus(verdict.exitCode, verdict.message);
  }

  private ready(): { answers: Answers; target: Target } {
    if (!this.answers || !this.target)
      throw new Error('The answers are not collected yet (collectAnswers did not run).');
    return { answers: this.answers, target: this.target };
  }
}
