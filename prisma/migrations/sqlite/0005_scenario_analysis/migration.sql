-- Issue 11: the debrief's search is stored per version (ScenarioAnalysis, its best scores in ScenarioAnalysisChunk) instead of run on a trainee's request; the per-trainer save limit counts recent versions by author.
-- CreateTable
CREATE TABLE "ScenarioAnalysis" (
    "scenarioVersionId" TEXT NOT NULL PRIMARY KEY,
    "searchVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "statesVisited" INTEGER NOT NULL DEFAULT 0,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "durationMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScenarioAnalysis_scenarioVersionId_fkey" FOREIGN KEY ("scenarioVersionId") REFERENCES "ScenarioVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScenarioAnalysisChunk" (
    "scenarioVersionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "data" TEXT NOT NULL,

    PRIMARY KEY ("scenarioVersionId", "index"),
    CONSTRAINT "ScenarioAnalysisChunk_scenarioVersionId_fkey" FOREIGN KEY ("scenarioVersionId") REFERENCES "ScenarioAnalysis" ("scenarioVersionId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScenarioVersion_createdById_createdAt_idx" ON "ScenarioVersion"("createdById", "createdAt");

