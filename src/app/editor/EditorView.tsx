/** Placeholder until this view is built. */
export function EditorView() {
  return <p className="placeholder">EditorView</p>;
}
