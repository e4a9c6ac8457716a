// Installs what the README's two commands need when it is missing, so that `npm start` and `npm test` work on a fresh
// clone without a separate install step: the locked npm dependencies (when missing or not at the locked versions) and,
// for the browser tests, Debian's Chromium (when running as root on a machine with apt-get).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

// Installed means: every package the lockfile pins at the top level of node_modules is there at the pinned version.
// (Comparing contents, not file times: a fresh checkout or a git worktree sharing node_modules must not trigger a
// reinstall, since `npm ci` first deletes node_modules and would break anything running from it.)
function installedMatchesLock() {
  if (!existsSync('package-lock.json') || !existsSync('node_modules')) return false;
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    // A workspace (tools/eslint-config) appears as a link with no version of its own: its files are in the checkout.
    if (!path.startsWith('node_modules/') || path.indexOf('/node_modules/', 1) !== -1 || entry.optional || entry.link) continue;
    const manifest = `${path}/package.json`;
    if (!existsSync(manifest)) return false;
    if (JSON.parse(readFileSync(manifest, 'utf8')).version !== entry.version) return false;
  }
  return true;
}

if (!installedMatchesLock()) {
  console.error('fabtwin: installing dependencies from package-lock.json (npm ci) ...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (root && existsSync('/usr/bin/apt-get')) {
      console.error("fabtwin: installing Debian's chromium for the browser tests ...");
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
    } else {
      console.error(`fabtwin: the browser tests need Chromium at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
    }
  }
}
