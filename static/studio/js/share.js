// Sharing a finished video: create a link that plays it signed out, copy it, revoke it.

import { api } from "./api.js";
import { clear, h, when } from "./dom.js";
import { format, gettext, ngettext } from "./i18n.js";
import { notify, showError } from "./notices.js";

const LASTS = [
  [24 * 3600, 1],
  [7 * 24 * 3600, 7],
  [30 * 24 * 3600, 30],
];

async function copy(input, status) {
  try {
    await navigator.clipboard.writeText(input.value);
    status.textContent = gettext("Copied.");
  } catch {
    input.select();
    status.textContent = gettext("Selected: press Ctrl+C (⌘C) to copy.");
  }
}

function linkItem(link, reload) {
  const input = h("input", {
    class: "share-link__url", type: "text", readonly: true, value: link.url,
    "aria-label": gettext("Share link"), "data-testid": "share-url",
  });
  const status = h("span", { class: "muted small", role: "status" });
  const copyButton = h("button", { type: "button", class: "btn btn--small", "data-testid": "share-copy" }, gettext("Copy"));
  copyButton.addEventListener("click", () => copy(input, status));
  const revoke = h("button", { type: "button", class: "btn btn--small btn--danger-ghost", "data-testid": "share-revoke" },
    gettext("Revoke"));
  revoke.addEventListener("click", async () => {
    if (!window.confirm(gettext("Revoke this link? Anyone who has it will no longer be able to watch."))) return;
    revoke.disabled = true;
    try {
      await api(`jobs/${link.job_id}/share/${link.id}/`, { method: "DELETE" });
      notify(gettext("Link revoked: it no longer plays."), { kind: "success" });
      await reload();
    } catch (error) {
      revoke.disabled = false;
      showError(error, revoke);
    }
  });
  return h(
    "li",
    { class: "share-link", "data-testid": "share-link" },
    input,
    h("div", { class: "share-link__actions" }, copyButton, revoke, status),
    h("p", { class: "muted small" }, format(gettext("Plays for anyone with the link until %(when)s."), { when: when(link.expires_at) })),
  );
}

export function shareSection(jobId) {
  const list = h("ul", { class: "share-list", "data-testid": "share-links" });
  const ended = h("p", { class: "muted small", "data-testid": "share-ended" });
  const lasts = h("select", { id: "share-lasts", "aria-label": gettext("The link works for") },
    LASTS.map(([seconds, days]) => h(
      "option",
      { value: String(seconds), selected: seconds === 7 * 24 * 3600 },
      format(ngettext("%(count)s day", "%(count)s days", days), { count: days }),
    )));
  const create = h("button", { type: "button", class: "btn", "data-testid": "share-create" }, gettext("Share"));

  async function reload() {
    try {
      const { data } = await api(`jobs/${jobId}/share/`);
      clear(list).append(...data.filter((link) => link.active).map((link) => linkItem(link, reload)));
      const gone = data.filter((link) => !link.active).length;
      ended.textContent = gone
        ? format(ngettext("%(count)s earlier link revoked or expired.", "%(count)s earlier links revoked or expired.", gone), { count: gone })
        : "";
    } catch (error) {
      showError(error);
    }
  }

  create.addEventListener("click", async () => {
    create.disabled = true;
    try {
      await api(`jobs/${jobId}/share/`, { method: "POST", json: { expires_in: Number(lasts.value) } });
      notify(gettext("Share link created: anyone with it can watch, no account needed."), { kind: "success" });
      await reload();
    } catch (error) {
      showError(error, create);
    } finally {
      create.disabled = false;
    }
  });

  reload();
  return h(
    "section",
    { class: "share-box", "aria-labelledby": "share-title", "data-testid": "share" },
    h("h3", { id: "share-title", class: "share-box__title" }, gettext("Share")),
    h("p", { class: "muted small" }, gettext("A link that plays this video without signing in, with a preview for chats and social posts.")),
    h("div", { class: "share-box__create" }, h("label", { for: "share-lasts" }, gettext("Works for ")), lasts, create),
    list,
    ended,
  );
}
