// Why a workspace package: typescript-eslint parses with TypeScript's JavaScript API, which TypeScript 7 (the native
// compiler the project typechecks with) no longer ships; its peer range is typescript <6.1. npm resolves a peer next to
// the package that asks for it, so typescript-eslint and a TypeScript 6 live here, in this package's own node_modules,
// while the root keeps TypeScript 7 for `npm run typecheck`. The root eslint.config.js imports the plugins from here.
// TypeScript 6.0 and 7.0 accept the same language, so the parser reads everything tsc 7 does.
export { default as js } from '@eslint/js';
export { default as reactHooks } from 'eslint-plugin-react-hooks';
export { default as globals } from 'globals';
export { default as tseslint } from 'typescript-eslint';
