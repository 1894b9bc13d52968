// `yo cloudify-plugin [dir]` and `npm init cloudify-plugin [dir]`: scaffolds a TypeScript Cloudify
// plugin. The steps live in ../lib; this class wires them into Yeoman's run loop.
import { basename, resolve } from 'node:path';
import type { BaseOptions } from 'yeoman-generator';
import { ANSWER_SPECS, type Answers, type DefaultsContext } from '../lib/answers.js';
import { BaseGenerator } from '../lib/base-generator.js';
import { checkRawAnswers, collectAnswers, type Ask, type RawAnswers } from '../lib/collect-answers.js';
import { ExitStatus, UsageError } from '../lib/errors.js';
import { gitAuthor, initRepository, isInsideGitRepository } from '../lib/git.js';
import { bundledLicensePath } from '../lib/licenses.js';
import { nextSteps } from '../lib/next-steps.js';
import { optionsHelp } from '../lib/options.js';
import { commandsFor, detectPackageManager } from '../lib/package-manager.js';
import { PLUGIN_TYPES_FILE, refreshAdvice, refreshPluginTypes } from '../lib/plugin-types.js';
import { isInteractive } from '../lib/preflight.js';
import {
  defaultSdkSpec,
  findGeneratorPackage,
  sdkSpecFromFlag,
  checkTemplatesDir,
  templatesDirFor,
  updateSdkSpec,
  type SdkSpec,
} from '../lib/package-info.js';
import { formatFiles, pluginPrettierOptions, renderPlugin, type RenderedFiles } from '../lib/render.js';
import { checkTargetWritable, inspectTarget, type TargetState } from '../lib/target-folder.js';
import { baseCommitMessage, openRepository, recordBase } from '../lib/update/git-repo.js';
import { manifestOf } from '../lib/update/manifest.js';
import { formatUpdateReport, updateNextSteps, updateVerdict } from '../lib/update/report.js';
import { updatePlugin, type UpdateMode, type UpdateReport } from '../lib/update/update-plugin.js';
import { writeFiles } from '../lib/write-files.js';
import {
  notAPluginMessage,
  readStoredAnswers,
  recordExtras,
  YO_RC_FILE,
  yoRcContent,
  type GenerationRecord,
  type RecordExtras,
  type StoredAnswers,
} from '../lib/yo-rc.js';

const SUMMARY = 'Scaffolds a Cloudify plugin written in TypeScript, wired to cloudify-plugin-sdk.';
const FIRST_COMMIT = 'Initial commit from create-cloudify-plugin';
interface Target {
  dir: string;
  state: TargetState;
}

export default class CloudifyPluginGenerator extends BaseGenerator {
  private readonly generatorPackage = findGeneratorPackage(import.meta.url);
  private flags: Partial<Answers> = {};
  private stored: StoredAnswers | undefined;
  private defaultsContext: DefaultsContext = {};
  private target: Target | undefined;
  private answers: Answers | undefined;
  private installed = false;
  /** Update mode: the folder holds a generated plugin (or --update). */
  private updating = false;
  private updateReport: UpdateReport | undefined;
  /** The files of a new plugin as rendered, recorded in git as the base of its first update. */
  private rendered: { files: RenderedFiles; record: GenerationRecord } | undefined;

  constructor(args?: string[], options?: BaseOptions) {
    // tasksMatchingPriority: only the methods named after a priority are tasks, not the helpers below.
    super(args, options, { customInstallTask: true, tasksMatchingPriority: true });
    // Yeoman takes its own description from options.description, which is our --description answer.
    this.description = SUMMARY;
    this.sourceRoot(templatesDirFor(this.generatorPackage));
    this.argument('directory', {
      type: String,
      required: false,
      description:
        "Target folder, '.' for the current one (default: a new folder named after the plugin; the current " +
        'folder when it holds a .yo-rc.json of this generator)',
    });
    for (const spec of ANSWER_SPECS) this.option(spec.flag, { type: String, description: spec.help });
    for (const [name, { type, description, alias }] of Object.entries(
      optionsHelp(this.generatorPackage.version),
    )) {
      this.option(name, {
        type: type === 'boolean' ? Boolean : String,
        description,
        ...(alias ? { alias } : {}),
      });
    }
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

  /** --update and --check need a generated plugin; a folder that holds one enters update mode. */
  private enterUpdateMode(): void {
    const asked = ['update', 'check'].filter((flag) => this.flag(flag) === true);
    if (this.stored) {
      this.updating = true;
      this.log.info(`Found ${YO_RC_FILE} of a generated plugin in ${this.target?.dir ?? '.'}: update mode.`);
    } else if (asked.length > 0) {
      throw new UsageError(notAPluginMessage(`--${asked[0] ?? 'update'}`, this.target?.dir ?? this.env.cwd));
    }
  }

  async initializing(): Promise<void> {
    checkTemplatesDir(this.templatePath());
    const raw: RawAnswers = {};
    for (const spec of ANSWER_SPECS) raw[spec.key] = this.flag(spec.flag);
    this.flags = checkRawAnswers(raw, (spec) => `--${spec.flag}`);

    const cwd = this.env.cwd;
    const directory = this.flag('directory');
    if (typeof directory === 'string' && directory !== '') {
      const dir = resolve(cwd, directory);
      this.stored = readStoredAnswers(dir);
      this.target = this.resolveTarget(dir, this.stored);
    } else {
      this.stored = readStoredAnswers(cwd);
      if (this.stored) this.target = this.resolveTarget(cwd, this.stored);
    }
    this.enterUpdateMode();

    this.defaultsContext = {
      ...(typeof directory === 'string' && directory !== '' && this.target
        ? { folderName: basename(this.target.dir) }
        : {}),
      ...(await gitAuthor(cwd).then((author) => (author ? { gitAuthor: author } : {}))),
      ...(detectPackageManager() ? { detectedPackageManager: detectPackageManager() } : {}),
    };
  }

  async prompting(): Promise<void> {
    const stored = this.stored
      ? checkRawAnswers(this.stored.answers, (spec) => `${spec.key} in ${this.stored?.path ?? YO_RC_FILE}`)
      : {};
    const askAnswered = this.flag('ask-answered') === true;
    const ask: Ask | undefined = isInteractive(
      this.flag('interactive'),
      Boolean(process.stdin.isTTY),
      process.env,
    )
      ? async (question) => {
          const answers: Record<string, unknown> = await this.prompt([question]);
          return answers[question.name];
        }
      : undefined;
    const { answers, defaulted } = await collectAnswers({
      given: askAnswered ? this.flags : { ...stored, ...this.flags },
      context: this.defaultsContext,
      ...(askAnswered ? { suggested: stored } : {}),
      ...(ask ? { ask } : {}),
      acceptDefaults: this.flag('yes') === true,
    });
    if (defaulted.length > 0) {
      const flags = ANSWER_SPECS.filter((spec) => defaulted.includes(spec.key)).map(
        (spec) => `--${spec.flag}`,
      );
      this.log.info(`Not asked (no terminal, or --yes): defaults taken for ${flags.join(', ')}.`);
    }
    this.answers = answers;
    this.target ??= this.resolveTarget(resolve(this.env.cwd, answers.name), undefined);
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
    return sdkSpecFromFlag(given.trim(), this.env.cwd);
  }

  async writing(): Promise<void> {
    const { answers, target } = this.ready();
    const sdk = this.sdkSpec();
    if (sdk.source === 'checkout') {
      this.log.info(`cloudify-plugin-sdk comes from this source checkout: ${sdk.spec} (--sdk overrides it).`);
      if (!sdk.built) {
        this.log.error(
          `The SDK in ${sdk.sdkDir ?? 'packages/sdk'} is not built yet: run \`npm run build\` there first.`,
        );
      }
    }
    if (!bundledLicensePath(this.templatePath(), answers.license)) {
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
    const files = await renderPlugin({
      templatesDir: this.templatePath(),
      answers,
      sdkSpec: sdk.spec,
      copyrightYear,
    });
    this.rendered = { files: new Map(files), record };
    const yoRc = new Map([[YO_RC_FILE, yoRcContent(target.dir, { ...record, files: manifestOf(files) })]]);
    for (const [path, content] of await formatFiles(yoRc, await pluginPrettierOptions(this.templatePath()))) {
      files.set(path, content);
    }

    if (this.dryRun) {
      this.log.info(`Dry run: would write ${files.size} files into ${target.dir}:`);
      for (const path of files.keys()) this.log.writeln(`  ${path}`);
      return;
    }
    await writeFiles(target.dir, files, target.state.kind !== 'missing');
    this.log.ok(`Wrote ${files.size} files into ${target.dir}`);
  }

  private async update(target: Target, record: GenerationRecord & RecordExtras): Promise<void> {
    const report = await updatePlugin({
      dir: target.dir,
      record,
      templatesDir: this.templatePath(),
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
      await this.spawn(command, args, { cwd: target.dir, stdio: 'inherit' });
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

  async end(): Promise<void> {
    const { answers, target } = this.ready();
    if (this.updating) {
      if (this.updateReport?.applied) await this.refreshTypes(target.dir);
      this.endUpdate();
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
        cwd: this.env.cwd,
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
    const repo = this.rendered && (await openRepository(dir));
    if (!repo || !this.rendered) return;
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
  private endUpdate(): void {
    const report = this.updateReport;
    if (!report) return;
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
      throw new Error('The answers are not collected yet (prompting did not run).');
    return { answers: this.answers, target: this.target };
  }
}
