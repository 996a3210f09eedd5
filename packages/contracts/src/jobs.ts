import { z } from "zod";
import { PageQuery, Timestamp } from "./common.ts";

export const JobsErrorCode = {
  JOB_NOT_FOUND: "JOB_NOT_FOUND",
  JOB_NOT_FAILED: "JOB_NOT_FAILED",
} as const;
export type JobsErrorCode = (typeof JobsErrorCode)[keyof typeof JobsErrorCode];

export const FailedJobListQuery = PageQuery.extend({
  name: z.string().trim().min(1).max(200).optional().describe("Only jobs of this queue, e.g. notifications.sendEmail"),
});
export type FailedJobListQuery = z.infer<typeof FailedJobListQuery>;

export const FailedJobResponse = z.object({
  id: z.uuid(),
  name: z.string().describe("The queue, e.g. notifications.sendEmail"),
  data: z.unknown().describe("The job's payload"),
  state: z.string(),
  retry_count: z.number().int().describe("Retries made after the first attempt"),
  retry_limit: z.number().int(),
  error: z.string().nullable().describe("Message of the last error"),
  output: z.unknown().describe("What the last attempt recorded (the error, without its stack)"),
  created_on: Timestamp,
  started_on: Timestamp.nullable(),
  completed_on: Timestamp.nullable().describe("When it finally failed"),
});
export type FailedJobResponse = z.infer<typeof FailedJobResponse>;

export const FailedJobListResponse = z.object({
  items: z.array(FailedJobResponse),
  page: z.number().int(),
  page_size: z.number().int(),
  total: z.number().int(),
  dead_letter_queue: z
    .object({ name: z.string(), size: z.number().int() })
    .describe("The shared dead-letter queue: one copy per finally failed job (the copy loses its queue name)"),
});
export type FailedJobListResponse = z.infer<typeof FailedJobListResponse>;

export const RetryJobResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  state: z.literal("retry").describe("Queued again; a worker picks it up at once"),
});
export type RetryJobResponse = z.infer<typeof RetryJobResponse>;
