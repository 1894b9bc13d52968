// `yo cloudify-plugin:node-type <Name>` (and `create-cloudify-plugin node-type <Name>`).
import type { BaseOptions } from 'yeoman-generator';
import { planNodeType } from '../lib/grow/add-node-type.js';
import type { Addition } from '../lib/grow/apply-addition.js';
import type { PluginFolder } from '../lib/grow/plugin-folder.js';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class NodeTypeGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'node-type');
  }

  protected plan(plugin: PluginFolder, name: string): Promise<Addition> {
    return planNodeType(plugin, {
      name,
      derivedFrom: this.text('derived-from'),
      properties: this.flagList('property'),
      required: this.flagList('required'),
    });
  }
}
