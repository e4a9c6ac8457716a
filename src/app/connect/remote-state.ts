/**
 * Whether the twin follows a remote plant (connect/remote.ts) instead of its local engine. Kept apart from remote.ts,
 * so the engine client can ask without loading mqtt.js, the Sparkplug codec and the catalog before the first frame.
 */
export const remote = { active: false };
