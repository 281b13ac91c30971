/**
 * Read-aloud of the customer's lines (the browser's speech synthesis): the choice of a voice.
 * Each persona gets one voice, picked deterministically by the persona's name among the voices
 * in the page's language (all voices when none match), so Maya always sounds like Maya on the
 * same device. Where there are no voices the browser's default is used; where there is no
 * speech synthesis at all the player offers no read-aloud.
 */

/** The parts of a `SpeechSynthesisVoice` the choice reads. */
export interface VoiceLike {
  name: string;
  lang: string;
  voiceURI: string;
}

/** localStorage key of the read-aloud toggle ("on" when on; off by default). */
export const READ_ALOUD_KEY = "steady.readAloud";

/** A stable 32-bit hash of a string (FNV-1a). */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The voice for a persona, or null to leave it to the browser (no voices known yet). */
export function voiceFor<V extends VoiceLike>(voices: readonly V[], personaName: string, lang = "en"): V | null {
  if (voices.length === 0) return null;
  const base = lang.toLowerCase().split("-")[0]!;
  const matching = voices.filter((v) => v.lang.toLowerCase().replace("_", "-").split("-")[0] === base);
  const pool = (matching.length ? matching : [...voices]).sort((a, b) =>
    a.voiceURI < b.voiceURI ? -1 : a.voiceURI > b.voiceURI ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return pool[hashName(personaName.trim().toLowerCase()) % pool.length]!;
}
