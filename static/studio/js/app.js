// The web studio: routes between the upload page and one job, and keeps the sidebar current.

import { api } from "./api.js";
import { gettext } from "./i18n.js";
import { JobView } from "./job.js";
import { renderJobList } from "./jobs.js";
import { notify, showError } from "./notices.js";
import { renderTaste } from "./taste.js";
import { setupUpload } from "./upload.js";

const config = JSON.parse(document.getElementById("studio-config").textContent);

const studio = {
  config,
  user: config.user,
  jobsPage: 1,
  view: null,

  setCredits(value) {
    this.user.credits_remaining = value;
    for (const el of document.querySelectorAll("[data-credits]")) el.textContent = value;
  },

  async refreshMe() {
    try {
      const { data } = await api("me/");
      const changed = data.credits_remaining !== this.user.credits_remaining;
      this.user = data;
      this.setCredits(data.credits_remaining);
      if (changed && this.view) this.view.render();
    } catch (error) {
      showError(error);
    }
  },

  async refreshJobs(page = this.jobsPage) {
    this.jobsPage = page;
    try {
      const { data } = await api(`jobs/?page=${page}`);
      renderJobList(this, data);
    } catch (error) {
      if (error.status === 404 && page > 1) return this.refreshJobs(1);
      showError(error);
    }
  },

  async refreshTaste() {
    try {
      const { data } = await api("me/creative-profile/");
      renderTaste(this, data);
    } catch (error) {
      showError(error);
    }
  },

  openJob(id) {
    location.hash = `#/jobs/${id}`;
  },

  route() {
    const match = location.hash.match(/^#\/jobs\/([0-9a-f-]{36})/i);
    const home = document.getElementById("home");
    const jobSection = document.getElementById("job");
    if (this.view && (!match || this.view.id !== match[1])) {
      this.view.destroy();
      this.view = null;
    }
    if (match) {
      home.hidden = true;
      jobSection.hidden = false;
      if (!this.view) {
        this.view = new JobView(this, match[1], jobSection);
        this.view.load();
      }
    } else {
      home.hidden = false;
      jobSection.hidden = true;
    }
    for (const item of document.querySelectorAll(".job-list__item")) {
      const current = match && item.dataset.jobId === match[1];
      item.classList.toggle("is-current", Boolean(current));
      const link = item.querySelector("a");
      if (link) link.toggleAttribute("aria-current", Boolean(current));
    }
  },
};

window.addEventListener("hashchange", () => studio.route());
setupUpload(studio);
studio.route();
studio.refreshJobs(1);
studio.refreshTaste();
window.addEventListener("unhandledrejection", (event) => {
  notify(gettext("Something went wrong on this page. Reload it to continue."), { kind: "error" });
  console.warn(event.reason);
});
