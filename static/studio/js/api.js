// The API client: the session cookie plus the CSRF token, one error shape for the page.

import { format, gettext } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body, headers) {
    super((body && body.detail) || format(gettext("The studio answered %(status)s."), { status }));
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || null;
    const retry = headers && headers.get("Retry-After");
    this.retryAfter = retry ? Math.max(1, Math.ceil(Number(retry))) || 1 : null;
  }
}

function cookie(name) {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(";")) {
    const item = part.trim();
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
  }
  return null;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export async function api(path, { method = "GET", json, form, headers = {}, signal } = {}) {
  // no-store: the director state's ETag is its version, which stays put while the stage and progress move,
  // so a revalidated cached copy would be stale.
  const init = {
    method, credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json", ...headers }, signal,
  };
  if (!SAFE.has(method)) init.headers["X-CSRFToken"] = cookie("csrftoken") || "";
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  const url = path.startsWith("/") ? path : `/api/v1/${path}`;
  const response = await fetch(url, init);
  if (response.status === 204) return { data: null, response };
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (response.status === 401 || response.status === 403) {
    if (data && /credentials|authenticat/i.test(data.detail || "")) {
      window.location.assign(`/studio/login/?next=${encodeURIComponent(location.pathname + location.hash)}`);
    }
  }
  if (!response.ok) throw new ApiError(response.status, data, response.headers);
  return { data, response };
}
