"use client";

import { useEffect, useRef, useState } from "react";
import type { WorkerRequest } from "./analysis.worker";

/** While a new answer is worked out, the last one stays available (marked as out of date). */
export type TaskState<T, I> =
  | { kind: "working"; last: { value: T; ms: number; input: I } | null }
  | { kind: "done"; value: T; ms: number; input: I }
  | { kind: "failed"; message: string };

type Answer = { id: number; ok: true; ms: number } & Record<string, unknown>;

/**
 * Runs one kind of task of `analysis.worker.ts` for `input`, `settleMs` after `input` stops
 * changing; a newer input terminates a task still running. If the browser cannot start the
 * worker, the task runs on the page (`onPage`, which may fetch what it needs first and answer
 * with a promise). `input === null`: nothing to do.
 */
export function useWorkerTask<I, T>(
  input: I | null,
  request: (id: number, input: I) => WorkerRequest,
  read: (answer: Answer) => T,
  onPage: (input: I) => T | Promise<T>,
  settleMs = 300,
): TaskState<T, I> | null {
  const [state, setState] = useState<TaskState<T, I> | null>(null);
  const workerRef = useRef<Worker | null>(null);
  const requestRef = useRef(0);
  const busyRef = useRef(false);
  // The functions are the caller's; only a new input starts a new task.
  const fns = useRef({ request, read, onPage });
  fns.current = { request, read, onPage };

  useEffect(() => {
    if (input === null) return;
    const id = ++requestRef.current;
    setState((previous) => ({
      kind: "working",
      last:
        previous?.kind === "done"
          ? { value: previous.value, ms: previous.ms, input: previous.input }
          : previous?.kind === "working"
            ? previous.last
            : null,
    }));
    const runOnPage = () => {
      const started = performance.now();
      void (async () => fns.current.onPage(input))().then(
        (value) => {
          if (requestRef.current === id) setState({ kind: "done", value, ms: performance.now() - started, input });
        },
        (err: unknown) => {
          if (requestRef.current === id) setState({ kind: "failed", message: (err as Error).message });
        },
      );
    };
    const timer = setTimeout(() => {
      let worker = workerRef.current;
      if (!worker) {
        try {
          worker = new Worker(new URL("./analysis.worker.ts", import.meta.url));
          workerRef.current = worker;
        } catch {
          runOnPage();
          return;
        }
      }
      worker.onmessage = (event: MessageEvent<Answer | { id: number; ok: false; message: string }>) => {
        const data = event.data;
        if (data.id !== requestRef.current) return;
        busyRef.current = false;
        setState(data.ok ? { kind: "done", value: fns.current.read(data), ms: data.ms, input } : { kind: "failed", message: data.message });
      };
      worker.onerror = (event) => {
        // The worker could not load (or crashed): work on the page instead.
        event.preventDefault();
        worker?.terminate();
        workerRef.current = null;
        busyRef.current = false;
        if (requestRef.current === id) runOnPage();
      };
      busyRef.current = true;
      worker.postMessage(fns.current.request(id, input));
    }, settleMs);
    return () => {
      clearTimeout(timer);
      // A long task for an old input is wasted work: stop it.
      if (busyRef.current && workerRef.current) {
        workerRef.current.terminate();
        workerRef.current = null;
        busyRef.current = false;
      }
    };
  }, [input, settleMs]);

  useEffect(
    () => () => {
      workerRef.current?.terminate();
      workerRef.current = null;
    },
    [],
  );

  return state;
}
