// The exit code a CLI returns when commander stops parsing: asked-for help and --version are
// success; help shown because no (or an unknown) command was given is a usage error, like any
// other parse error.
import type { CommanderError } from 'commander';

export function commanderExitCode(error: CommanderError): 0 | 2 {
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return 0;
    case 'commander.help':
      // `program.help()` from the `help` command exits 0; shown for a missing command, it exits 1.
      return error.exitCode === 0 ? 0 : 2;
    default:
      return 2;
  }
}
