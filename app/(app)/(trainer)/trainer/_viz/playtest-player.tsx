"use client";

import { useSelector } from "@xstate/react";
import { useState } from "react";
import { callBrief, callViewOf, choiceAtOption, restoreCall } from "@/lib/call/call-view";
import type { Scenario } from "@/lib/scenario/model";
import { buttonStyles } from "@/app/_components/styles";
import { CallScreen } from "@/app/(app)/(trainee)/runs/[runId]/player";

/** The trainer's playtest: the same call screen on the customer machine in the browser, nothing saved. */
export function PlaytestPlayer({ scenario, seed, onEnd }: { scenario: Scenario; seed: string; onEnd: (choiceIds: string[]) => void }) {
  const [actor] = useState(() => restoreCall(scenario, []).actor);
  const view = useSelector(
    actor,
    (s) => callViewOf(scenario, seed, s),
    (a, b) => a.turns === b.turns && a.line === b.line,
  );
  const choose = (option: number) => {
    const choiceId = choiceAtOption(scenario, seed, actor.getSnapshot(), option);
    if (choiceId) actor.send({ type: "CHOOSE", choiceId });
  };
  return (
    <CallScreen
      brief={callBrief(scenario)}
      view={view}
      pendingSaid={null}
      canChoose
      onChoose={choose}
      ownKeysOnly
      followScroll={false}
      ending={
        <button type="button" onClick={() => onEnd(actor.getSnapshot().context.log.map((t) => t.choice))} className={buttonStyles.primary}>
          See your debrief
        </button>
      }
    />
  );
}
