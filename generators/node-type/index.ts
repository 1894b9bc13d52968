// `yo cloudify-plugin:node-type <name>` (and `create-cloudify-plugin node-type <name>`): see lib/grow/commands.ts.
import type { BaseOptions } from 'yeoman-generator';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class NodeTypeGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'node-type');
  }
}
