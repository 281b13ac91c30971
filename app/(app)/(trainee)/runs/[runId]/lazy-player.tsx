"use client";

import dynamic from "next/dynamic";

/**
 * The player in a chunk of its own, loaded only on a page that shows it: a finished call's
 * debrief (the same route) does not download the call's state machine, about 30 KB compressed.
 * Still rendered on the server, whose HTML preloads the chunk, so the first turn shows at once.
 * (Imported from the server page directly, the player's code joined the route's entry chunks.)
 */
export const Player = dynamic(() => import("./player").then((m) => m.Player));
