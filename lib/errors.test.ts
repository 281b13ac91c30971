import { describe, expect, it } from "vitest";
import { AppError, sentence } from "./errors";

describe("sentence", () => {
  it("gives a message a capital letter and a full stop, once", () => {
    expect(sentence("sign in first")).toBe("Sign in first.");
    expect(sentence("Sign in first.")).toBe("Sign in first.");
    expect(sentence("  wait for it, then save again  ")).toBe("Wait for it, then save again.");
    expect(sentence("is this a question?")).toBe("Is this a question?");
    expect(sentence("keep it under 10 characters (it has 12)")).toBe("Keep it under 10 characters (it has 12).");
    expect(sentence("`id` is missing")).toBe("`id` is missing.");
    expect(sentence("")).toBe("");
  });

  it("is what an AppError says, to the user and in JSON", () => {
    const err = new AppError("forbidden", "your role cannot do this");
    expect(err.userMessage).toBe("Your role cannot do this.");
    expect(err.message).toBe("Your role cannot do this.");
    expect(err.toJSON()).toEqual({ error: { code: "forbidden", message: "Your role cannot do this." } });
  });
});
