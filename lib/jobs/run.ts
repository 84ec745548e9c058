export interface JobReport {
  [job: string]: number;
}

/**
 * One tick of every scheduled job. Each job is idempotent: running a tick twice, or in two processes
 * at once, never does the same work twice. Jobs are added by the issues that need them.
 */
export async function runJobsOnce(_now: Date): Promise<JobReport> {
  return {};
}
