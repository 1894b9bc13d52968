// Every operation of the plugin, under the name plugin.yaml runs it with (`args: [<name>]`).
// `yo cloudify-plugin:operation <name>` adds a file to this folder and its line here.
export { start } from './start.js';
export { stop } from './stop.js';
