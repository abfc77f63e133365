// Sharing a finished video: create a link that plays it signed out, copy it, revoke it.

import { api } from "./api.js";
import { clear, h, when } from "./dom.js";
import { notify, showError } from "./notices.js";

const LASTS = [
  [24 * 3600, "1 day"],
  [7 * 24 * 3600, "7 days"],
  [30 * 24 * 3600, "30 days"],
];

async function copy(input, status) {
  try {
    await navigator.clipboard.writeText(input.value);
    status.textContent = "Copied.";
  } catch {
    input.select();
    status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
}

function linkItem(link, reload) {
  const input = h("input", {
    class: "share-link__url", type: "text", readonly: true, value: link.url,
    "aria-label": "Share link", "data-testid": "share-url",
  });
  const status = h("span", { class: "muted small", role: "status" });
  const copyButton = h("button", { type: "button", class: "btn btn--small", "data-testid": "share-copy" }, "Copy");
  copyButton.addEventListener("click", () => copy(input, status));
  const revoke = h("button", { type: "button", class: "btn btn--small btn--danger-ghost", "data-testid": "share-revoke" },
    "Revoke");
  revoke.addEventListener("click", async () => {
    if (!window.confirm("Revoke this link? Anyone who has it will no longer be able to watch.")) return;
    revoke.disabled = true;
    try {
      await api(`jobs/${link.job_id}/share/${link.id}/`, { method: "DELETE" });
      notify("Link revoked: it no longer plays.", { kind: "success" });
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
    h("p", { class: "muted small" }, `Plays for anyone with the link until ${when(link.expires_at)}.`),
  );
}

export function shareSection(jobId) {
  const list = h("ul", { class: "share-list", "data-testid": "share-links" });
  const ended = h("p", { class: "muted small", "data-testid": "share-ended" });
  const lasts = h("select", { id: "share-lasts", "aria-label": "The link works for" },
    LASTS.map(([seconds, label]) => h("option", { value: String(seconds), selected: seconds === 7 * 24 * 3600 }, label)));
  const create = h("button", { type: "button", class: "btn", "data-testid": "share-create" }, "Share");

  async function reload() {
    try {
      const { data } = await api(`jobs/${jobId}/share/`);
      clear(list).append(...data.filter((link) => link.active).map((link) => linkItem(link, reload)));
      const gone = data.filter((link) => !link.active).length;
      ended.textContent = gone ? `${gone} earlier link${gone === 1 ? "" : "s"} revoked or expired.` : "";
    } catch (error) {
      showError(error);
    }
  }

  create.addEventListener("click", async () => {
    create.disabled = true;
    try {
      await api(`jobs/${jobId}/share/`, { method: "POST", json: { expires_in: Number(lasts.value) } });
      notify("Share link created: anyone with it can watch, no account needed.", { kind: "success" });
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
    h("h3", { id: "share-title", class: "share-box__title" }, "Share"),
    h("p", { class: "muted small" }, "A link that plays this video without signing in, with a preview for chats and social posts."),
    h("div", { class: "share-box__create" }, h("label", { for: "share-lasts" }, "Works for "), lasts, create),
    list,
    ended,
  );
}
