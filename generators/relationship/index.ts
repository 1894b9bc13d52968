// `yo cloudify-plugin:relationship <name>` (and `create-cloudify-plugin relationship <name>`): see lib/grow/commands.ts.
import type { BaseOptions } from 'yeoman-generator';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class RelationshipGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'relationship');
  }
}
