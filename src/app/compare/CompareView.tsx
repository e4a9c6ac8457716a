/** Placeholder until this view is built. */
export function CompareView() {
  return <p className="placeholder">CompareView</p>;
}
