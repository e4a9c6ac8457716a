/** Placeholder until this view is built. */
export function LabView() {
  return <p className="placeholder">LabView</p>;
}
