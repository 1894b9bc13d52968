// The create-cloudify-plugin logger: the lines `yo cloudify-plugin` prints through Yeoman's logger,
// in the same shape (`     info …`, `✔ …`, `✖ …`), on stderr, coloured only where a terminal (or
// FORCE_COLOR) asks for it.
import type { Log } from '../plugin-generation.js';

type Paint = (text: string) => string;

const ANSI = { gray: [90, 39], green: [32, 39], red: [31, 39] } as const;

/** Whether `stream` gets colours: FORCE_COLOR decides when set, else a terminal that has them. */
function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY && stream.hasColors();
}

export function consoleLog(
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Log {
  const colored = colorsFor(stream, env);
  const paint =
    (color: keyof typeof ANSI): Paint =>
    (text) =>
      colored ? `\u001b[${ANSI[color][0]}m${text}\u001b[${ANSI[color][1]}m` : text;
  // log-symbols' choice: plain ASCII on the Linux console, where the ticks do not render.
  const unicode = env['TERM'] !== 'linux';
  const [tick, cross] = unicode ? ['✔', '✖'] : ['√', '×'];
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    // Yeoman right-aligns its status words to the width of "identical", then adds one space.
    info: (message) => write(`${paint('gray')('info'.padStart('identical'.length))} ${message}`),
    ok: (message) => write(`${paint('green')(tick)} ${message}`),
    error: (message) => write(`${paint('red')(cross)} ${message}`),
    writeln: (message) => write(message),
  };
}
