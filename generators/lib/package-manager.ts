// Which package manager installs the generated plugin, and the commands it is driven with.

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/**
 * The package manager that started us: npm, pnpm, yarn and bun all set npm_config_user_agent
 * (`pnpm/9.12.0 npm/? node/v20.20.2 linux x64`) for `npm init`, `pnpm create`, `yarn create`, `bun create`.
 */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManager | undefined {
  const agent = env['npm_config_user_agent']?.split(' ')[0]?.split('/')[0];
  return PACKAGE_MANAGERS.find((pm) => pm === agent);
}

export interface PackageManagerCommands {
  /** argv that installs the dependencies. */
  readonly install: readonly [string, ...string[]];
  /** Prefix that runs a package.json script, e.g. `npm run`. */
  readonly run: string;
  /** Prefix that runs a bin of an installed dependency, e.g. `npx`. */
  readonly exec: string;
  /** Installs exactly what the lockfile says, in CI. */
  readonly ciInstall: string;
  /** Makes the package manager available on a GitHub runner that has Node.js. */
  readonly ciSetup: string;
}

const COMMANDS: Record<PackageManager, PackageManagerCommands> = {
  npm: {
    install: ['npm', 'install'],
    run: 'npm run',
    exec: 'npx',
    ciInstall: 'npm ci',
    ciSetup: 'npm --version',
  },
  pnpm: {
    install: ['pnpm', 'install'],
    run: 'pnpm run',
    exec: 'pnpm exec',
    ciInstall: 'pnpm install --frozen-lockfile',
    ciSetup: 'corepack enable',
  },
  yarn: {
    install: ['yarn', 'install'],
    run: 'yarn run',
    exec: 'yarn',
    ciInstall: 'yarn install --immutable',
    ciSetup: 'corepack enable',
  },
  bun: {
    install: ['bun', 'install'],
    run: 'bun run',
    exec: 'bunx',
    ciInstall: 'bun install --frozen-lockfile',
    ciSetup: 'npm install --global bun',
  },
};

export function commandsFor(pm: PackageManager): PackageManagerCommands {
  return COMMANDS[pm];
}
