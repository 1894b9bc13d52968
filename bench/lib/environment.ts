// The one environment every measured command runs in, ours and the peers' alike.
//
// This machine sets NODE_EXTRA_CA_CERTS, which makes every Node.js start load a CA bundle (about
// 40-60 ms here, more than a no-op Node.js process costs without it). It would dominate the local
// runner and generation numbers of every tool equally, so by default it is removed for all of
// them; --keep-ca-certs measures with it. The variables `npm run` adds (npm_config_user_agent, …)
// are removed too: tools read them to pick a package manager, and a user's shell has none.

export interface EnvironmentOptions {
  keepCaCerts: boolean;
}

export function measuredEnv(options: EnvironmentOptions, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('npm_') || key === 'INIT_CWD') continue;
    if (key === 'NODE_EXTRA_CA_CERTS' && !options.keepCaCerts) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
