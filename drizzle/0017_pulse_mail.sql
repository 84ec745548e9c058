-- The e-mail telling a subject that their follow-up pulse can be asked for (lib/pulse/mail.ts): sent once.
ALTER TABLE "feedback_requests" ADD COLUMN "pulse_mail_sent_at" timestamp with time zone;