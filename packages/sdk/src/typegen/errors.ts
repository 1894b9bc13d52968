// The one error `cloudify-plugin types` reports to the user instead of crashing.
import type { DslError } from '../dsl/errors.js';

/** A problem the user fixes (missing file, invalid plugin.yaml…): the message says what and how. */
export class PluginTypesError extends Error {
  override name = 'PluginTypesError';
  constructor(
    message: string,
    /** The plugin.yaml errors, each printable with formatDslError. */
    readonly dslErrors: readonly DslError[] = [],
  ) {
    super(message);
  }
}
