// `yo cloudify-plugin:operation <name>` (and `create-cloudify-plugin operation <name>`): see lib/grow/commands.ts.
import type { BaseOptions } from 'yeoman-generator';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class OperationGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'operation');
  }
}
