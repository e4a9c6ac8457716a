declare module 'virtual:catalog-names' {
  /** Each shipped model file's `name`, by its path (`/factory-models/3c-machining.json`): `src/build/catalog-names-plugin.ts`. */
  const names: Record<string, string>;
  export default names;
}
