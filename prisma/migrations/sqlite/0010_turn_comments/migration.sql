-- Comments on a specific turn of a run (issue 14): a manager's remark the trainee reads on that turn of the debrief.
-- CreateTable
CREATE TABLE "TurnComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "turnIndex" INTEGER NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TurnComment_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TurnComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TurnComment_runId_turnIndex_idx" ON "TurnComment"("runId", "turnIndex");

-- CreateIndex
CREATE INDEX "TurnComment_authorId_idx" ON "TurnComment"("authorId");

