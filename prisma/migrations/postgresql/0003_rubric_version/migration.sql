-- Runs record the rubric version that scored them (issue 9); existing runs were scored by rubric 1.
ALTER TABLE "Run" ADD COLUMN "rubricVersion" INTEGER NOT NULL DEFAULT 1;
