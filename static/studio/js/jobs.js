// The list of past videos, newest first, a page at a time.

import { clear, h, when } from "./dom.js";
import { format, gettext } from "./i18n.js";

export const STAGE_WORDS = {
  ANALYZING: gettext("The Eye is looking"),
  FLAGGED: gettext("Flagged by The Eye"),
  IDLE: gettext("In the Lounge"),
  QUALITY_CHECK: gettext("Quality gate"),
  QUALITY_FAILED: gettext("Needs a remaster"),
  REMASTERING: gettext("Remastering"),
  STORYBOARD_REVIEW: gettext("Storyboard review"),
  RENDERING: gettext("Rendering"),
  COMPLETED: gettext("Ready to watch"),
  FAILED: gettext("Failed"),
  CANCELLED: gettext("Cancelled"),
};

export function stageBadge(stage) {
  return h(
    "span",
    { class: `badge badge--${stage.toLowerCase().replace("_", "-")}`, "data-stage": stage },
    STAGE_WORDS[stage] || stage,
  );
}

// The open job's row shows the stage the main panel shows: both come from the JobView's state, never from
// two requests answered at different moments.
export function showJobStage(jobId, stage) {
  const item = document.querySelector(`.job-list__item[data-job-id="${CSS.escape(jobId)}"]`);
  const badge = item && item.querySelector(".job-list__meta .badge");
  if (badge && badge.dataset.stage !== stage) badge.replaceWith(stageBadge(stage));
}

export function renderJobList(studio, page) {
  const list = document.getElementById("job-list");
  const pager = document.getElementById("job-pager");
  clear(list);
  clear(pager);
  list.removeAttribute("aria-busy");
  const current = (location.hash.match(/^#\/jobs\/([0-9a-f-]{36})/i) || [])[1];
  if (!page.results.length) {
    list.append(h("li", { class: "empty" }, gettext("No videos yet. Upload an image to start.")));
    return;
  }
  const view = studio.view && studio.view.state ? studio.view : null;
  for (const job of page.results) {
    const isCurrent = job.id === current;
    const stage = view && view.id === job.id ? view.state.stage : job.stage;
    list.append(
      h(
        "li",
        { class: `job-list__item${isCurrent ? " is-current" : ""}`, dataset: { jobId: job.id } },
        h(
          "a",
          { href: `#/jobs/${job.id}`, "aria-current": isCurrent ? "page" : null },
          h("img", { src: job.image_url, alt: "", class: "job-list__thumb", loading: "lazy", width: 56, height: 56 }),
          h(
            "span",
            { class: "job-list__text" },
            h("span", { class: "job-list__name" }, job.original_filename || gettext("Untitled")),
            h("span", { class: "job-list__meta" }, stageBadge(stage), " ", when(job.created_at)),
          ),
        ),
      ),
    );
  }
  const pages = Math.max(1, Math.ceil(page.count / 20));
  if (pages > 1) {
    pager.append(
      h("button", {
        class: "btn btn--small", type: "button", disabled: !page.previous,
        onclick: () => studio.refreshJobs(studio.jobsPage - 1),
      }, gettext("Newer")),
      h("span", { class: "muted" }, format(gettext("Page %(page)s of %(pages)s"), { page: studio.jobsPage, pages })),
      h("button", {
        class: "btn btn--small", type: "button", disabled: !page.next,
        onclick: () => studio.refreshJobs(studio.jobsPage + 1),
      }, gettext("Older")),
    );
  }
}
