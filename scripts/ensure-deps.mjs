// Installs what the README's two commands need when it is missing, so that `npm start` and `npm test` work on a fresh
// clone without a separate install step: the locked npm dependencies (when missing or older than the lockfile) and,
// for the browser tests, Debian's Chromium (when running as root on a machine with apt-get).
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
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
