/** `npm run build` ends here: fails (exit 1) when the built site's initial JS is above the budget (`bundle-size.ts`). */
import { checkInitialJs } from './bundle-size.ts';

const { ok, report } = checkInitialJs(process.argv[2] ?? 'dist');
console.log(report);
if (!ok) process.exit(1);
