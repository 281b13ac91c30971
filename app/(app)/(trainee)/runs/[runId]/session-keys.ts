/** sessionStorage keys shared by the player and the debrief (plain strings, usable on both sides). */

/** Set by the player when it opens the debrief: the debrief then moves focus to its heading. */
export const ARRIVE_FROM_PLAYER = "steady:debrief-from-player";

/** Prefix of the key that remembers the last automatic resync reload of a run. */
export const RESYNC_KEY = "steady:resync";
