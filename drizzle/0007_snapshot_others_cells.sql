ALTER TABLE "report_snapshots" ADD COLUMN "others_cells" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
-- Reports released before this migration: their "others" cells, from report_cells where release
-- wrote them, so dashboards read the same numbers from the snapshot row as they did before.
UPDATE "report_snapshots" AS s
   SET "others_cells" = c.cells
  FROM (SELECT "request_id", json_agg(json_build_array("item_key", "n", "sum")) AS cells
          FROM "report_cells"
         WHERE "rater_group" = 'others'
         GROUP BY "request_id") AS c
 WHERE c."request_id" = s."request_id";
