-- Issue 11: the debrief's search is stored per version (ScenarioAnalysis, its best scores in ScenarioAnalysisChunk) instead of run on a trainee's request; the per-trainer save limit counts recent versions by author.
-- CreateTable
CREATE TABLE "ScenarioAnalysis" (
    "scenarioVersionId" TEXT NOT NULL,
    "searchVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "statesVisited" INTEGER NOT NULL DEFAULT 0,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScenarioAnalysis_pkey" PRIMARY KEY ("scenarioVersionId")
);

-- CreateTable
CREATE TABLE "ScenarioAnalysisChunk" (
    "scenarioVersionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "ScenarioAnalysisChunk_pkey" PRIMARY KEY ("scenarioVersionId","index")
);

-- CreateIndex
CREATE INDEX "ScenarioVersion_createdById_createdAt_idx" ON "ScenarioVersion"("createdById", "createdAt");

-- AddForeignKey
ALTER TABLE "ScenarioAnalysis" ADD CONSTRAINT "ScenarioAnalysis_scenarioVersionId_fkey" FOREIGN KEY ("scenarioVersionId") REFERENCES "ScenarioVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScenarioAnalysisChunk" ADD CONSTRAINT "ScenarioAnalysisChunk_scenarioVersionId_fkey" FOREIGN KEY ("scenarioVersionId") REFERENCES "ScenarioAnalysis"("scenarioVersionId") ON DELETE CASCADE ON UPDATE CASCADE;

