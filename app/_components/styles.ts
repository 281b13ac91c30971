/**
 * The shared class strings of buttons and links (D73), in a module of their own so that client
 * components take only these strings, not the page building blocks of ui.tsx.
 */

/**
 * The one button look, shared by <button> and <Link> (D73): primary for the page's main action,
 * secondary for the rest, danger for what deletes or ends something. Each is at least 40 px tall,
 * so it is easy to hit on a phone.
 */
export const buttonStyles = {
  primary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:bg-slate-400",
  secondary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500",
  /** A compact secondary, for a tool beside content (a turn's "Try again", a copy button, the editor's panels). */
  small:
    "inline-flex min-h-8 items-center justify-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500",
  danger:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-md border border-rose-300 bg-white px-4 py-2 font-medium text-rose-800 hover:bg-rose-50 disabled:cursor-not-allowed disabled:text-slate-500",
} as const;

/** The one link look: brand colour, underlined, so a link looks like a link wherever it sits. */
export const linkStyle = "font-medium text-brand-700 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700";
