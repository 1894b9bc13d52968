// What every Yeoman generator of this package shares: a user's mistake is printed once, by the front
// door, and flags are read the same way whether given kebab-case (yo's argv) or camelCase (the API).
import Generator, { type BaseOptions } from 'yeoman-generator';
import { camelCase } from './answers.js';
import { isExitStatus, isPromptCancelled, isUsageError } from './errors.js';

export abstract class BaseGenerator extends Generator<Record<string, unknown>, BaseOptions> {
  /**
   * Yeoman logs "An error occured while running <task>" before passing any task's error on. A
   * user's mistake or a cancelled prompt is printed by the front door alone, so it skips that line.
   */
  override async executeTask(...[task, args, status]: Parameters<Generator['executeTask']>): Promise<void> {
    let quietError: Error | undefined;
    const { method } = task;
    const guarded = async function (this: unknown, ...taskArgs: unknown[]): Promise<unknown> {
      try {
        return await method.apply(this, taskArgs);
      } catch (error) {
        if (!isUsageError(error) && !isPromptCancelled(error) && !isExitStatus(error)) throw error;
        quietError = error as Error;
        return undefined;
      }
    };
    await super.executeTask({ ...task, method: guarded }, args, status);
    if (quietError) throw quietError;
  }

  /**
   * A flag as yo's command line (kebab-case) or a caller of the API such as yeoman-test (camelCase)
   * hands it over; a boolean is whichever of the two was set explicitly (the other may hold a default).
   */
  protected flag(flag: string): unknown {
    const options = this.options as Record<string, unknown>;
    const [kebab, camel] = [options[flag], options[camelCase(flag)]];
    if (typeof kebab === 'boolean' || typeof camel === 'boolean') {
      const defaultValue: unknown = this._options[flag]?.default;
      return (
        [kebab, camel].find((value) => typeof value === 'boolean' && value !== defaultValue) ?? kebab ?? camel
      );
    }
    return kebab ?? camel;
  }
}
