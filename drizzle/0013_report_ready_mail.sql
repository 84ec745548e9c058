-- The "your report is ready" e-mail (lib/reports/ready-mail.ts). Reports released before it get none.
ALTER TABLE "feedback_requests" ADD COLUMN "report_mail_due" boolean DEFAULT false NOT NULL;