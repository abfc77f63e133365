// Polite polling: 1 s doubling to 10 s; back to 1 s when the stage changes, held (at 2 s or more) while
// only progress moves; paused while the tab is hidden; stopped when there is nothing more to wait for.

export class Poller {
  constructor(fetchOnce, { min = 1000, max = 10000, hold = 2000 } = {}) {
    this.fetchOnce = fetchOnce; // async () => ({ changed: "stage" | "progress" | false, done, retryAfter })
    this.min = min;
    this.hold = hold;
    this.max = max;
    this.delay = min;
    this.timer = null;
    this.running = false;
    this.inFlight = false;
    this.onVisibility = () => {
      if (!this.running) return;
      if (document.hidden) this.clear();
      else this.now();
    };
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  start() {
    this.running = true;
    this.delay = this.min;
    this.schedule(this.delay);
  }

  stop() {
    this.running = false;
    this.clear();
  }

  destroy() {
    this.stop();
    document.removeEventListener("visibilitychange", this.onVisibility);
  }

  clear() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  schedule(ms) {
    this.clear();
    if (!this.running || document.hidden) return;
    this.timer = setTimeout(() => this.tick(), ms);
  }

  now() {
    this.delay = this.min;
    this.schedule(0);
  }

  async tick() {
    if (this.inFlight) return;
    this.inFlight = true;
    let outcome = {};
    try {
      outcome = (await this.fetchOnce()) || {};
    } catch (error) {
      outcome = { retryAfter: error && error.retryAfter };
    } finally {
      this.inFlight = false;
    }
    if (outcome.done) {
      this.stop();
      return;
    }
    if (outcome.changed === "stage") this.delay = this.min;
    else if (outcome.changed) this.delay = Math.max(this.hold, this.delay);
    else this.delay = Math.min(this.delay * 2, this.max);
    const wait = outcome.retryAfter ? Math.max(outcome.retryAfter * 1000, this.delay) : this.delay;
    this.schedule(wait);
  }
}
