/** Called as a sweep finishes each measurement: `done` of `total`, and what was just measured. */
export type ProgressListener = (done: number, total: number, label: string) => void;
