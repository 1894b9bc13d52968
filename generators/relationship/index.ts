// `yo cloudify-plugin:relationship <Name>` (and `create-cloudify-plugin relationship <Name>`).
import type { BaseOptions } from 'yeoman-generator';
import { planRelationship } from '../lib/grow/add-relationship.js';
import type { Addition } from '../lib/grow/apply-addition.js';
import type { PluginFolder } from '../lib/grow/plugin-folder.js';
import { SubGenerator } from '../lib/grow/subgenerator.js';

export default class RelationshipGenerator extends SubGenerator {
  constructor(args?: string[], options?: BaseOptions) {
    super(args, options, 'relationship');
  }

  protected plan(plugin: PluginFolder, name: string): Promise<Addition> {
    return planRelationship(
      plugin,
      {
        name,
        derivedFrom: this.text('derived-from'),
        sourceOperations: this.flagList('source-operation'),
        targetOperations: this.flagList('target-operation'),
      },
      this.templatesRoot,
    );
  }
}
