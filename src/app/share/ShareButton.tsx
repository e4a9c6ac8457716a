/** Placeholder until shareable scenarios are built: the header's share-link button. */
export function ShareButton() {
  return null;
}
