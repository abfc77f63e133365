// Score bars shared by The Eye's reading and the directors' pitches.

import { h } from "./dom.js";
import { format, gettext } from "./i18n.js";

export function scoreBars(scores, { max = 10, label = "" } = {}) {
  const rows = [
    ["physics", gettext("Physics"), gettext("motion")],
    ["vibe", gettext("Vibe"), gettext("aesthetic")],
    ["logic", gettext("Logic"), gettext("clarity")],
  ];
  return h(
    "div",
    { class: "scores", role: "group", "aria-label": label || gettext("Scores") },
    rows.map(([key, name, hint]) => {
      const value = Number(scores[key]) || 0;
      return h(
        "div",
        { class: "score" },
        h("span", { class: "score__name" }, name, h("small", {}, ` ${hint}`)),
        h(
          "span",
          {
            class: "meter", role: "meter", "aria-label": format(gettext("%(name)s score"), { name }),
            "aria-valuemin": "0", "aria-valuemax": String(max), "aria-valuenow": value.toFixed(1),
          },
          h("span", { class: `meter__bar meter__bar--${key}`, style: { width: `${Math.min(100, (value / max) * 100)}%` } }),
        ),
        h("span", { class: "score__value" }, value.toFixed(1)),
      );
    }),
  );
}
