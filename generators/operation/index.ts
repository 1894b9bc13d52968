// `yo cloudify-plugin:operation <name>` (and `create-cloudify-plugin operation <name>`).
import type { BaseOptions } from 'yeoman-generator';
import { planOperation } from '../lib/grow/add-operation.js';
import type { Addition } from '../lib/grow/apply-addition.js';
import type { PluginFolder } from '../lib/grow/plugin-folder.js';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class OperationGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'operation');
  }

  protected plan(plugin: PluginFolder, name: string): Promise<Addition> {
    return planOperation(
      plugin,
      {
        name,
        nodeType: this.text('node-type'),
        interfaceName: this.text('interface'),
        step: this.text('lifecycle-step'),
      },
      this.templatesRoot,
    );
  }
}
