import type { Http } from '@moisson/core';

/** Requests and bytes an `Http` spent since the last call to `delta`, for the job's report. */
export class TrafficMeter {
  private requests: number;
  private bytes: number;

  constructor(private readonly http: Http) {
    this.requests = http.stats?.requests ?? 0;
    this.bytes = http.stats?.bytes ?? 0;
  }

  delta(): { requests: number; bytes: number } {
    const requests = this.http.stats?.requests ?? 0;
    const bytes = this.http.stats?.bytes ?? 0;
    const out = { requests: requests - this.requests, bytes: bytes - this.bytes };
    this.requests = requests;
    this.bytes = bytes;
    return out;
  }
}
