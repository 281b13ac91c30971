"use client";

import { useState } from "react";
import { buttonStyles } from "@/app/_components/styles";

export interface SsoRequirementState {
  ssoConfigured: boolean;
  providerName: string | null;
  ssoRequired: boolean;
  breakGlassEmails: string[];
}

/**
 * The admin's switch for "require single sign-on" (PUT /api/settings/sign-in). Self-contained, so
 * it can sit on any admin page. Shows the server's answer; a refusal says why in its own words.
 */
export function SsoRequirementForm({ initial }: { initial: SsoRequirementState }) {
  const [state, setState] = useState(initial);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const provider = state.providerName ?? "single sign-on";

  async function change(ssoRequired: boolean) {
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch("/api/settings/sign-in", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ssoRequired }),
      });
      const body = (await response.json().catch(() => null)) as (SsoRequirementState & { error?: { message?: string } }) | null;
      if (response.ok && body) {
        setState(body);
        setMessage({
          tone: "ok",
          text: body.ssoRequired
            ? `${provider} is now required: passwords work only for break-glass accounts.`
            : "Passwords work again for everyone.",
        });
      } else {
        const text = body?.error?.message ?? `The server answered ${response.status}; try again.`;
        setMessage({ tone: "error", text: text.charAt(0).toUpperCase() + text.slice(1) + "." });
      }
    } catch {
      setMessage({ tone: "error", text: "Could not reach the server; try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {!state.ssoConfigured ? (
        <p className="text-slate-700">
          Single sign-on is not configured on this server (the <code>OIDC_*</code> settings), so it cannot be required.
        </p>
      ) : (
        <>
          <p className="text-slate-800">
            {state.ssoRequired
              ? `Everyone signs in with ${provider}. Password sign-in is refused, except for break-glass accounts.`
              : `People may sign in with ${provider} or with a password.`}
          </p>
          <p className="text-sm text-slate-600">
            Break-glass accounts (<code>OIDC_BREAK_GLASS_EMAILS</code>):{" "}
            {state.breakGlassEmails.length ? state.breakGlassEmails.join(", ") : "none, so nobody keeps a password while it is required"}.
          </p>
          <button type="button" disabled={pending} onClick={() => change(!state.ssoRequired)} className={buttonStyles.primary}>
            {state.ssoRequired ? "Allow passwords again" : `Require ${provider}`}
          </button>
        </>
      )}
      <p role="status" className={`min-h-5 text-sm ${message?.tone === "error" ? "text-rose-800" : "text-emerald-800"}`}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}
