-- Organisation-wide settings an admin changes in the app, one row per key (issue 13): first
-- "sign-in.sso-required", which refuses password sign-in in favour of single sign-on (D63).
-- CreateTable
CREATE TABLE "OrganisationSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "OrganisationSetting_pkey" PRIMARY KEY ("key")
);

