// The creative profile as a small chart: bias per dimension (-1..1), win rate per director, reset, consent.

import { api } from "./api.js";
import { clear, h, pct } from "./dom.js";
import { format, gettext, ngettext } from "./i18n.js";
import { notify, showError } from "./notices.js";

const DIMENSIONS = [
  ["physics", gettext("Physics"), gettext("motion")],
  ["vibe", gettext("Vibe"), gettext("aesthetic")],
  ["logic", gettext("Logic"), gettext("clarity")],
];
const DIRECTORS = {
  newtonian: "The Newtonian",
  visionary: "The Visionary",
  minimalist: "The Minimalist",
  provocateur: "The Provocateur",
};

function biasRow([key, label, hint], value) {
  const v = Math.max(-1, Math.min(1, Number(value) || 0));
  const width = `${(Math.abs(v) * 50).toFixed(1)}%`;
  const left = v < 0 ? `${(50 - Math.abs(v) * 50).toFixed(1)}%` : "50%";
  return h(
    "div",
    { class: "chart-row" },
    h("span", { class: "chart-row__label" }, label, h("small", {}, ` ${hint}`)),
    h(
      "span",
      {
        class: "diverging", role: "meter", "aria-label": format(gettext("%(name)s bias"), { name: label }),
        "aria-valuemin": "-1", "aria-valuemax": "1", "aria-valuenow": v.toFixed(2),
      },
      h("span", { class: `diverging__bar ${v < 0 ? "is-negative" : ""}`, style: { left, width } }),
    ),
    h("span", { class: "chart-row__value" }, `${v > 0 ? "+" : ""}${v.toFixed(2)}`),
  );
}

function rateRow(id, rate) {
  const r = Math.max(0, Math.min(1, Number(rate) || 0));
  return h(
    "div",
    { class: "chart-row" },
    h("span", { class: "chart-row__label" }, DIRECTORS[id] || id),
    h(
      "span",
      {
        class: "meter", role: "meter", "aria-label": format(gettext("%(name)s win rate"), { name: DIRECTORS[id] || id }),
        "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": Math.round(r * 100),
      },
      h("span", { class: `meter__bar meter__bar--${id}`, style: { width: pct(r, 1) } }),
    ),
    h("span", { class: "chart-row__value" }, `${Math.round(r * 100)}%`),
  );
}

export function renderTaste(studio, data) {
  const body = document.getElementById("taste-body");
  clear(body);
  body.removeAttribute("aria-busy");
  const summary = data.summary || {};
  const consent = data.learning_consent === true;

  const toggle = h("input", {
    type: "checkbox", id: "consent", role: "switch", class: "switch__input", checked: consent,
  });
  toggle.addEventListener("change", async () => {
    toggle.disabled = true;
    try {
      const { data: me } = await api("me/", { method: "PATCH", json: { learning_consent: toggle.checked } });
      studio.user = me;
      notify(
        me.learning_consent
          ? gettext("The Studio Head will learn from the directors you choose.")
          : gettext("The Studio Head will not learn from your choices."),
      );
    } catch (error) {
      toggle.checked = !toggle.checked;
      showError(error, toggle);
    } finally {
      toggle.disabled = false;
    }
  });

  const reset = h("button", { type: "button", class: "btn btn--small btn--danger-ghost" }, gettext("Reset my taste profile"));
  reset.addEventListener("click", async () => {
    if (!window.confirm(gettext("Forget everything the Studio Head has learned about your taste?"))) return;
    reset.disabled = true;
    try {
      await api("me/creative-profile/", { method: "DELETE" });
      notify(gettext("Your taste profile was reset."), { kind: "success" });
      await studio.refreshTaste();
    } catch (error) {
      showError(error, reset);
    } finally {
      reset.disabled = false;
    }
  });

  const rates = summary.win_rate || {};
  const total = summary.total_selections || 0;
  body.append(
    h(
      "div",
      { class: "switch" },
      toggle,
      h("label", { for: "consent", class: "switch__label" }, gettext("Learn from my choices")),
    ),
    total
      ? h(
          "p",
          { class: "muted small" },
          format(
            ngettext(
              "%(count)s choice so far; you chose a director other than The Eye's pick %(percent)s of the time.",
              "%(count)s choices so far; you chose a director other than The Eye's pick %(percent)s of the time.",
              total,
            ),
            { count: total, percent: `${Math.round((summary.override_rate || 0) * 100)}%` },
          ),
        )
      : h("p", { class: "muted small" }, gettext("No choices yet: pick a director in the Lounge and the Studio Head starts learning.")),
    // Translators: the title of the chart of the user's taste, which way it leans on each dimension.
    h("h3", { class: "chart-title" }, gettext("Leaning")),
    h("div", { class: "chart", "data-testid": "bias-chart" }, DIMENSIONS.map((d) => biasRow(d, (summary.bias || {})[d[0]]))),
    h("h3", { class: "chart-title" }, gettext("Directors you choose")),
    h("div", { class: "chart", "data-testid": "win-chart" }, Object.keys(DIRECTORS).map((id) => rateRow(id, rates[id]))),
    h("div", { class: "taste__actions" }, reset),
  );
}
