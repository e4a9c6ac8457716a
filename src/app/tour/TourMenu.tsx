/** Placeholder until guided tours are built: the header's tour menu. */
export function TourMenu() {
  return null;
}
