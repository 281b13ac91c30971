import { describe, expect, it } from "vitest";
import { hashName, voiceFor, type VoiceLike } from "./read-aloud";

const voice = (name: string, lang: string): VoiceLike => ({ name, lang, voiceURI: `urn:${name}` });
const VOICES = [
  voice("Daniel", "en-GB"),
  voice("Amélie", "fr-CA"),
  voice("Samantha", "en-US"),
  voice("Karen", "en-AU"),
  voice("Anna", "de-DE"),
  voice("Moira", "en_IE"),
];

describe("voiceFor", () => {
  it("gives the same persona the same voice whatever order the browser lists them in", () => {
    const picked = voiceFor(VOICES, "Maya Patel")!;
    expect(voiceFor([...VOICES].reverse(), "Maya Patel")).toEqual(picked);
    expect(voiceFor([...VOICES.slice(3), ...VOICES.slice(0, 3)], "Maya Patel")).toEqual(picked);
    expect(voiceFor(VOICES, "  maya patel ")).toEqual(picked);
  });

  it("picks among the voices in the page's language, and among all when none match", () => {
    for (const name of ["Maya Patel", "Dave Holt", "Sam", "Ms Okafor", "Grant"]) {
      expect(voiceFor(VOICES, name, "en")!.lang.toLowerCase()).toMatch(/^en[-_]/);
      expect(voiceFor(VOICES, name, "de-DE")!.name).toBe("Anna");
      expect(VOICES).toContainEqual(voiceFor(VOICES, name, "ja"));
    }
  });

  it("spreads personas over the voices", () => {
    const names = ["Maya Patel", "Dave Holt", "Sam", "Ms Okafor", "Grant", "Lena", "Tom", "Priya", "Ruth", "Omar"];
    const used = new Set(names.map((n) => voiceFor(VOICES, n)!.name));
    expect(used.size).toBeGreaterThan(1);
  });

  it("leaves the voice to the browser when it lists none", () => {
    expect(voiceFor([], "Maya Patel")).toBeNull();
  });
});

describe("hashName", () => {
  it("is the 32-bit FNV-1a hash", () => {
    expect(hashName("")).toBe(0x811c9dc5);
    expect(hashName("a")).toBe(0xe40c292c);
    expect(hashName("foobar")).toBe(0xbf9cf968);
  });
});
