// Messages people read: errors in words, a countdown for 429, what a 402 is short of.

import { h } from "./dom.js";
import { format, gettext, ngettext } from "./i18n.js";

const region = () => document.getElementById("notices");

export function notify(message, { kind = "info", timeout = 6000, id } = {}) {
  if (id) document.getElementById(id)?.remove();
  const close = h("button", { class: "notice__close", type: "button", "aria-label": gettext("Dismiss") }, "×");
  const text = h("span", { class: "notice__text" }, message);
  const el = h("div", { class: `notice notice--${kind}`, role: kind === "error" || kind === "warning" ? "alert" : "status", id }, text, close);
  close.addEventListener("click", () => el.remove());
  region().append(el);
  if (timeout) setTimeout(() => el.remove(), timeout);
  return { el, text };
}

let countdownTimer = null;
const busyButtons = new Set();

// A 429: say when to try again, count down, and keep the button that hit the limit disabled until then.
export function showRateLimit(seconds, button) {
  clearInterval(countdownTimer);
  let left = Math.max(1, seconds || 1);
  const words = () => format(gettext("The studio is catching its breath: you can try again in %(seconds)s s."), { seconds: left });
  const { el, text } = notify(words(), { kind: "warning", timeout: 0, id: "rate-limit" });
  el.dataset.testid = "rate-limit";
  if (button) {
    button.disabled = true;
    busyButtons.add(button);
  }
  countdownTimer = setInterval(() => {
    left -= 1;
    if (left > 0) {
      text.textContent = words();
      return;
    }
    clearInterval(countdownTimer);
    text.textContent = gettext("Ready: you can try again now.");
    for (const b of busyButtons) b.disabled = false;
    busyButtons.clear();
    setTimeout(() => el.remove(), 3000);
  }, 1000);
}

export function explain(error) {
  if (!error || !error.status) return gettext("The studio could not be reached. Check your connection and try again.");
  if (error.status === 402) {
    const { credits_missing: missing, credits_needed: needed, credits_remaining: have } = error.body;
    if (!missing) return error.message;
    const cost = format(ngettext("%(count)s credit", "%(count)s credits", needed), { count: needed });
    return format(
      ngettext(
        "You need %(count)s credit more to render this storyboard: it costs %(cost)s and you have %(have)s.",
        "You need %(count)s credits more to render this storyboard: it costs %(cost)s and you have %(have)s.",
        missing,
      ),
      { count: missing, cost, have },
    );
  }
  if (error.status === 413) return gettext("That image is larger than 10 MiB. Choose a smaller one.");
  if (error.status >= 500) return gettext("Something went wrong in the studio. Try again in a moment.");
  return error.message;
}

// The one place an API error becomes words on the screen.
export function showError(error, button) {
  if (error && error.status === 429) {
    showRateLimit(error.retryAfter || 1, button);
    return;
  }
  notify(explain(error), { kind: "error", timeout: 10000 });
}
