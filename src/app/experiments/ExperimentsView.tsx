/** Placeholder until this view is built. */
export function ExperimentsView() {
  return <p className="placeholder">ExperimentsView</p>;
}
