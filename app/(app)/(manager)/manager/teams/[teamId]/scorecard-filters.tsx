"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { LoaderCircle } from "lucide-react";
import { buttonStyles, linkStyle } from "@/app/_components/styles";
import { filteredQuery, FILTER_FIELDS } from "./scorecard-query";

type Values = Record<(typeof FILTER_FIELDS)[number], string>;

/** How long typing pauses before the scorecard follows. */
const DEBOUNCE_MS = 300;

/**
 * The scorecard's filters, applied as you type: each change (after a short pause) replaces the
 * URL with router.replace, so the filtered view can be shared and reloaded, and Back leaves the
 * page instead of stepping through keystrokes. Without JavaScript it is a plain GET form with an
 * Apply button (in a <noscript>, so it never shows, or shifts the row, when scripts run).
 */
export function ScorecardFilters({
  initial,
  scenarios,
  hidden,
  clearHref,
}: {
  initial: Values;
  scenarios: { scenarioId: string; title: string; unpublished?: boolean }[];
  /** Fields of the current view that the form carries along (sort, direction, attention). */
  hidden: Record<string, string | undefined>;
  clearHref: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [values, setValues] = useState<Values>(initial);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // A navigation from elsewhere (Clear filter, a shared link, Back) brings its own values.
  const initialKey = FILTER_FIELDS.map((f) => initial[f]).join("\u0000");
  useEffect(() => {
    setValues(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- initialKey stands for initial
  }, [initialKey]);
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);

  function apply(next: Values, wait: number) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const query = filteredQuery(searchParams.toString(), next);
      startTransition(() => router.replace(`${pathname}${query}`, { scroll: false }));
    }, wait);
  }

  function change(field: keyof Values, value: string, wait = DEBOUNCE_MS) {
    const next = { ...values, [field]: value };
    setValues(next);
    apply(next, wait);
  }

  return (
    <form
      method="get"
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter the scorecard"
      onSubmit={(e) => {
        e.preventDefault();
        apply(values, 0);
      }}
    >
      {Object.entries(hidden).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <div>
        <label htmlFor="q" className="block text-sm font-medium text-slate-800">
          Trainee
        </label>
        <input
          id="q"
          name="q"
          type="search"
          value={values.q}
          onChange={(e) => change("q", e.target.value)}
          placeholder="Name or email"
          autoComplete="off"
          className="mt-1 w-44 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="scenario" className="block text-sm font-medium text-slate-800">
          Scenario
        </label>
        <select
          id="scenario"
          name="scenario"
          value={values.scenario}
          onChange={(e) => change("scenario", e.target.value, 0)}
          className="mt-1 max-w-64 rounded-md border border-slate-300 bg-white px-3 py-2"
        >
          <option value="">All scenarios</option>
          {scenarios.map((s) => (
            <option key={s.scenarioId} value={s.scenarioId}>
              {s.unpublished ? `${s.scenarioId} (not published)` : s.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="from" className="block text-sm font-medium text-slate-800">
          From (UTC)
        </label>
        <input
          id="from"
          name="from"
          type="date"
          value={values.from}
          onChange={(e) => change("from", e.target.value)}
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <div>
        <label htmlFor="to" className="block text-sm font-medium text-slate-800">
          To (UTC)
        </label>
        <input
          id="to"
          name="to"
          type="date"
          value={values.to}
          onChange={(e) => change("to", e.target.value)}
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      {/* Only without JavaScript; with it, changes apply as they are made. */}
      <noscript>
        <button type="submit" className={buttonStyles.secondary}>
          Apply
        </button>
      </noscript>
      {clearHref ? (
        <a
          href={clearHref}
          onClick={(e) => {
            e.preventDefault();
            if (timer.current) clearTimeout(timer.current);
            setValues({ q: "", scenario: "", from: "", to: "" });
            startTransition(() => router.replace(clearHref, { scroll: false }));
          }}
          className={`${linkStyle} py-2 text-sm`}
        >
          Clear filter
        </a>
      ) : null}
      {/* Reserved, so the row does not shift when the scorecard is updating. */}
      <p role="status" className="flex min-h-10 w-28 items-center gap-1.5 py-2 text-sm text-slate-700">
        {pending ? (
          <>
            <LoaderCircle aria-hidden="true" className="h-4 w-4 animate-spin motion-reduce:animate-none" />
            Updating…
          </>
        ) : null}
      </p>
    </form>
  );
}
