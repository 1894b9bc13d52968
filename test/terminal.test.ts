// create-cloudify-plugin in a real terminal: util-linux `script` gives it a pseudo-terminal, and
// the test types the answers as a user would, each once its question is on the screen.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { CREATE_BIN, listFiles, plainEnv, tempDir } from './helpers.js';

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const ENTER = '\r';
const CLEAR_LINE = '\u0015'; // Ctrl-U
const CTRL_C = '\u0003';
const TYPING_DELAY_MS = 150;

/** A create-cloudify-plugin run in a pseudo-terminal, with what it has shown so far. */
class TerminalRun {
  private readonly child: ChildProcessWithoutNullStreams;
  private screen = '';
  private seen = 0;
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(cwd: string, args: string[]) {
    // A wide terminal, so that no message is wrapped across lines.
    const command = `stty cols 200 rows 50; exec ${[process.execPath, CREATE_BIN, ...args].map((word) => `'${word}'`).join(' ')}`;
    const env = plainEnv({ TERM: 'xterm' });
    delete env.CI;
    this.child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
      cwd,
      env,
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.screen += stripVTControlCharacters(chunk);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.child.on('close', resolve));
  }

  /** Waits until `pattern` appears after what was waited for last, then types `keys`. */
  async answer(pattern: RegExp, keys: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const match = pattern.exec(this.screen.slice(this.seen));
      if (match) {
        this.seen += match.index + match[0].length;
        // Keys typed before the prompt switches the terminal to raw mode are lost in its line
        // buffer: type as a person would, a moment after the question shows.
        await setTimeout(TYPING_DELAY_MS);
        this.child.stdin.write(keys);
        return;
      }
      if (Date.now() > deadline) {
        this.child.kill();
        assert.fail(`${pattern} never appeared; the terminal showed:\n${this.screen}`);
      }
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        globalThis.setTimeout(wake, 200);
      });
    }
  }

  get output(): string {
    return this.screen;
  }
}

describe(
  'create-cloudify-plugin in a terminal',
  { skip: !HAS_SCRIPT && 'util-linux script is not installed' },
  () => {
    test('asks every answer, rejects a bad name with its rule, and generates the plugin', async (t) => {
      const cwd = await tempDir(t);
      const run = new TerminalRun(cwd, ['--skip-install', '--no-git']);
      await run.answer(/Plugin name/, `My_Plugin${ENTER}`);
      await run.answer(
        /it contains upper-case letters; it contains underscores/,
        `${CLEAR_LINE}web-demo${ENTER}`,
      );
      await run.answer(/Description/, `A demo: "quoted" #1${ENTER}`);
      await run.answer(/Author/, ENTER);
      await run.answer(/License/, `${CLEAR_LINE}MIT${ENTER}`);
      await run.answer(/Node type name \(web_demo\.nodes\.WebServer\)/, ENTER);
      await run.answer(/Default port/, `70000${ENTER}`);
      await run.answer(
        /The port "70000" is not valid: use a whole number from 1 to 65535/,
        `${CLEAR_LINE}9090${ENTER}`,
      );
      await run.answer(/Package manager/, ENTER);
      assert.equal(await run.exited, 0, run.output);
      assert.match(run.output, /Wrote 22 files into .*web-demo/);

      const yoRc = JSON.parse(await readFile(join(cwd, 'web-demo', '.yo-rc.json'), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      const answers = yoRc['generator-cloudify-plugin'] ?? {};
      assert.equal(answers.name, 'web-demo');
      assert.equal(answers.description, 'A demo: "quoted" #1');
      assert.equal(answers.license, 'MIT');
      assert.equal(answers.port, 9090);
      assert.equal(answers.packageManager, 'npm');
    });

    test('Ctrl-C at a question cancels: exit code 1 and no folder', async (t) => {
      const cwd = await tempDir(t);
      const run = new TerminalRun(cwd, ['demo', '--skip-install', '--no-git']);
      await run.answer(/Plugin name .*\(demo\)/, ENTER);
      await run.answer(/Description/, CTRL_C);
      assert.equal(await run.exited, 1, run.output);
      assert.match(run.output, /Cancelled\./);
      assert.deepEqual(await listFiles(cwd), []);
    });
  },
);
