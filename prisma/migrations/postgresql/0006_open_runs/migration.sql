-- One call in progress per trainee and scenario, held by a unique index (concurrent starts on
-- several servers cannot open two), and an idempotency key per start (issue 11). Older duplicate
-- calls in progress become "abandoned": kept, but shown and counted nowhere; the newest stays open,
-- as the app already resumed the newest.
ALTER TABLE "Run" ADD COLUMN "openFor" TEXT,
ADD COLUMN "startKey" TEXT;

UPDATE "Run" SET "status" = 'abandoned'
WHERE "status" = 'in_progress' AND EXISTS (
  SELECT 1 FROM "Run" r2
  JOIN "ScenarioVersion" v2 ON v2."id" = r2."scenarioVersionId"
  JOIN "ScenarioVersion" v1 ON v1."id" = "Run"."scenarioVersionId"
  WHERE r2."status" = 'in_progress' AND r2."userId" = "Run"."userId" AND v2."scenarioId" = v1."scenarioId"
    AND (r2."startedAt" > "Run"."startedAt" OR (r2."startedAt" = "Run"."startedAt" AND r2."id" > "Run"."id"))
);

UPDATE "Run" SET "openFor" = "userId" || ':' || (SELECT v."scenarioId" FROM "ScenarioVersion" v WHERE v."id" = "Run"."scenarioVersionId")
WHERE "status" = 'in_progress';

CREATE UNIQUE INDEX "Run_openFor_key" ON "Run"("openFor");

CREATE UNIQUE INDEX "Run_startKey_key" ON "Run"("startKey");
