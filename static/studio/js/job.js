// One vision job, from The Eye to the premiere: the stage indicator and the panel for the current stage.

import { api } from "./api.js";
import { clear, h, when } from "./dom.js";
import { fill, format, gettext, ngettext } from "./i18n.js";
import { showJobStage, stageBadge } from "./jobs.js";
import { notify, showError } from "./notices.js";
import { Poller } from "./poll.js";
import { renderLounge } from "./lounge.js";
import { shareSection } from "./share.js";
import { renderStoryboard } from "./storyboard.js";

const WAITING = new Set(["ANALYZING", "QUALITY_CHECK", "REMASTERING", "RENDERING"]);
const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);
const QUALITY_THRESHOLD = 7.0;
const STAGE_NOTICE = "stage-notice"; // the one message about a stage's start, removed when the stage moves on

const STEPS = [
  { key: "upload", label: gettext("Upload"), stages: [] },
  { key: "eye", label: "The Eye", stages: ["ANALYZING", "FLAGGED"] },
  { key: "lounge", label: gettext("Director's Lounge"), stages: ["IDLE"] },
  { key: "gate", label: gettext("Quality gate"), stages: ["QUALITY_CHECK", "QUALITY_FAILED", "REMASTERING"] },
  { key: "storyboard", label: gettext("Storyboard"), stages: ["STORYBOARD_REVIEW"] },
  { key: "render", label: gettext("Rendering"), stages: ["RENDERING"] },
  // Translators: the last stage, where the finished video plays.
  { key: "premiere", label: gettext("Premiere"), stages: ["COMPLETED"] },
];

function stepIndexFor(state) {
  const direct = STEPS.findIndex((s) => s.stages.includes(state.stage));
  if (direct >= 0) return direct;
  // FAILED / CANCELLED: the step the job had reached.
  const allGreen = state.scenes && state.scenes.length && state.scenes.every((s) => s.status === "GREEN");
  if (state.credits_used || state.progress || allGreen) return 5;
  if (state.scenes && state.scenes.length) return 4;
  if (state.selected_director_id) return 3;
  return 1;
}

function stepper(state) {
  const current = stepIndexFor(state);
  const stopped = ["FAILED", "CANCELLED", "FLAGGED"].includes(state.stage);
  return h(
    "ol",
    { class: "stepper", "aria-label": gettext("Stages"), "data-testid": "stage-indicator", "data-stage": state.stage },
    STEPS.map((step, index) => {
      let status = index < current ? "done" : index === current ? "current" : "todo";
      if (index === current && stopped) status = state.stage === "CANCELLED" ? "cancelled" : "failed";
      if (index === current && state.stage === "COMPLETED") status = "done";
      const words = {
        done: gettext("done"),
        current: gettext("in progress"),
        todo: gettext("to come"),
        failed: gettext("failed"),
        cancelled: gettext("cancelled"),
      };
      return h(
        "li",
        { class: `stepper__step is-${status}`, "aria-current": index === current ? "step" : null },
        h("span", { class: "stepper__dot", "aria-hidden": "true" }, status === "done" ? "✓" : String(index + 1)),
        h("span", { class: "stepper__label" }, step.label),
        h("span", { class: "visually-hidden" }, ` (${words[status]})`),
      );
    }),
  );
}

// "about 12 s left", "about 2 min left": the server's estimate from the render's pace so far.
export function timeLeft(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 5) return gettext("almost done");
  if (s < 90) return format(gettext("about %(seconds)s s left"), { seconds: s });
  return format(gettext("about %(minutes)s min left"), { minutes: Math.round(s / 60) });
}

// The upload's name with .mp4 for its extension (photo.png -> photo.mp4), as the video route names it.
export function videoFilename(original) {
  const stem = String(original || "").replace(/(.)\.[^.]*$/, "$1");
  return `${stem || "video"}.mp4`;
}

// The brief the job was uploaded with, in one line under its title.
function briefLine(state) {
  if (!state.aspect_ratio) return null;
  const scenes = format(gettext("%(scenes)s × %(seconds)s s"), {
    scenes: state.scene_count, seconds: state.scene_duration,
  });
  return h(
    "p",
    { class: "muted small job__brief", "data-testid": "job-brief" },
    `${state.aspect_ratio} · ${scenes} · ${state.resolution}`,
    state.brand_essence_prompt ? h("span", { class: "job__prompt" }, ` · “${state.brand_essence_prompt}”`) : null,
  );
}

const scenesWord = (count) => format(ngettext("%(count)s scene", "%(count)s scenes", count), { count });
const creditsWord = (count) => format(ngettext("%(count)s credit", "%(count)s credits", count), { count });

function busyPanel(title, text, extra) {
  return h(
    "div",
    { class: "card panel panel--busy" },
    h("div", { class: "spinner", "aria-hidden": "true" }),
    h("h2", { class: "panel__title" }, title),
    h("p", { class: "muted" }, text),
    extra,
  );
}

export class JobView {
  constructor(studio, id, root) {
    this.studio = studio;
    this.id = id;
    this.root = root;
    this.job = null;
    this.state = null;
    this.drafts = {};
    this.openFeedback = new Set();
    this.destroyed = false;
    this.poller = new Poller(() => this.poll());
  }

  url(suffix = "") {
    return `jobs/${this.id}/${suffix}`;
  }

  destroy() {
    this.destroyed = true;
    this.poller.destroy();
    clear(this.root);
  }

  async load() {
    clear(this.root).append(busyPanel(gettext("Opening…"), gettext("Fetching this video's stage.")));
    try {
      const [{ data: job }, { data: state }] = await Promise.all([api(this.url()), api(this.url("director/"))]);
      if (this.destroyed) return;
      this.job = job;
      this.apply(state);
    } catch (error) {
      if (this.destroyed) return;
      clear(this.root).append(
        h(
          "div",
          { class: "card panel" },
          h("h2", { class: "panel__title" }, error.status === 404 ? gettext("No such video") : gettext("This video could not be opened")),
          h("p", { class: "muted" }, error.message),
          h("a", { class: "btn", href: "#/" }, gettext("Back to the studio")),
        ),
      );
      if (error.status !== 404) showError(error);
    }
  }

  // Take a fresh DirectorState; re-render if anything a person sees has changed.
  apply(state, { force = false } = {}) {
    const before = this.state;
    this.state = state;
    const changed =
      force ||
      !before ||
      before.stage !== state.stage ||
      before.version !== state.version ||
      before.progress !== state.progress;
    if (changed) this.render();
    if (!before || before.stage !== state.stage) showJobStage(this.id, state.stage);
    if (before && before.stage !== state.stage) {
      // "Remastering started." and the like describe the stage that just ended.
      document.getElementById(STAGE_NOTICE)?.remove();
      this.studio.refreshJobs();
      if (["IDLE", "COMPLETED", "FAILED", "CANCELLED", "RENDERING"].includes(state.stage)) this.studio.refreshMe();
      if (state.stage === "QUALITY_CHECK" || state.stage === "STORYBOARD_REVIEW") this.studio.refreshTaste();
      if (["IDLE", "FAILED", "FLAGGED"].includes(state.stage)) this.refreshJob();
    }
    if (WAITING.has(state.stage)) {
      if (!this.poller.running) this.poller.start();
    } else {
      this.poller.stop();
    }
    return changed;
  }

  async refreshJob() {
    try {
      const { data } = await api(this.url());
      this.job = data;
      this.render();
    } catch (error) {
      showError(error);
    }
  }

  async poll() {
    if (this.destroyed) return { done: true };
    const { data } = await api(this.url("director/"));
    if (this.destroyed) return { done: true };
    const before = this.state && this.state.stage;
    const changed = this.apply(data);
    return {
      changed: before !== data.stage ? "stage" : changed ? "progress" : false,
      done: TERMINAL.has(data.stage) || !WAITING.has(data.stage),
    };
  }

  async reload() {
    const { data } = await api(this.url("director/"));
    this.apply(data, { force: true });
  }

  // Run one action: disable the button while it runs, show errors in words, take the new state.
  async act(button, path, options = {}, { success } = {}) {
    if (button) button.disabled = true;
    try {
      const { data } = await api(this.url(path), { method: "POST", ...options });
      if (data && data.jobId) this.apply(data, { force: true });
      else await this.reload();
      if (success) notify(success, { kind: "success", id: STAGE_NOTICE });
      return true;
    } catch (error) {
      if (button) button.disabled = false;
      await this.handleActionError(error, button);
      return false;
    }
  }

  async handleActionError(error, button) {
    if (error.status === 412) {
      await this.reload().catch(() => {});
      notify(
        gettext(
          "This storyboard was changed somewhere else (another tab or device). It has been reloaded with the latest version; your change was not applied. Review it again.",
        ),
        { kind: "warning", timeout: 12000, id: "conflict" },
      );
      return;
    }
    if (error.status === 409) {
      await this.reload().catch(() => {});
    }
    if (error.status === 402) this.studio.refreshMe();
    showError(error, button);
  }

  render() {
    if (this.destroyed || !this.state) return;
    const focusKey = document.activeElement && document.activeElement.dataset.key;
    const state = this.state;
    const job = this.job || {};
    clear(this.root);
    this.root.dataset.stage = state.stage;
    this.root.append(
      h(
        "div",
        { class: "job__head" },
        h("img", { class: "job__thumb", src: job.image_url || state.source_image_url, alt: gettext("Your image") }),
        h(
          "div",
          { class: "job__title" },
          h("h1", {}, job.original_filename || gettext("Your video")),
          h("p", { class: "muted small" }, stageBadge(state.stage), " ", format(gettext("Started %(when)s"), { when: when(state.started_at) })),
          briefLine(state),
        ),
        this.headActions(),
      ),
      stepper(state),
      this.panel(),
    );
    if (focusKey) this.root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  headActions() {
    const stage = this.state.stage;
    const box = h("div", { class: "job__actions" });
    if (!TERMINAL.has(stage)) {
      box.append(
        h("button", {
          type: "button", class: "btn btn--small btn--ghost", "data-key": "cancel",
          onclick: (e) => {
            if (window.confirm(gettext("Cancel this video? Credits charged for a render are refunded."))) {
              this.act(e.currentTarget, "cancel/", {}, { success: gettext("Cancelled.") });
            }
          },
        }, gettext("Cancel")),
      );
    } else {
      box.append(
        h("button", {
          type: "button", class: "btn btn--small btn--danger-ghost", "data-key": "delete",
          onclick: (e) => this.remove(e.currentTarget),
        }, gettext("Delete")),
      );
    }
    return box;
  }

  async remove(button) {
    if (!window.confirm(gettext("Delete this video and its files? This cannot be undone."))) return;
    button.disabled = true;
    try {
      await api(this.url(), { method: "DELETE" });
      notify(gettext("Deleted."), { kind: "success" });
      this.studio.refreshJobs();
      location.hash = "#/";
    } catch (error) {
      button.disabled = false;
      showError(error, button);
    }
  }

  panel() {
    const s = this.state;
    switch (s.stage) {
      case "ANALYZING":
        return busyPanel(
          gettext("The Eye is studying your image"),
          gettext("Motion potential, aesthetic, clarity of the message, quality: the directors pitch as soon as it is done."),
          h("img", { class: "panel__image", src: s.source_image_url, alt: gettext("The image being analysed") }),
        );
      case "FLAGGED":
        return this.flagged();
      case "IDLE":
        return renderLounge(this);
      case "QUALITY_CHECK":
        return busyPanel(
          gettext("Through the quality gate"),
          gettext("The image is being checked, and your director is writing the storyboard."),
        );
      case "QUALITY_FAILED":
        return this.qualityGate();
      case "REMASTERING":
        return busyPanel(
          gettext("Remastering your image"),
          gettext("Cleaning, balancing light and sharpening, then The Eye scores the remastered image again."),
          h("img", { class: "panel__image", src: s.source_image_url, alt: gettext("The image being remastered") }),
        );
      case "STORYBOARD_REVIEW":
        return renderStoryboard(this);
      case "RENDERING":
        return this.rendering();
      case "COMPLETED":
        return this.premiere();
      case "FAILED":
        return this.failed();
      case "CANCELLED":
        return h(
          "div",
          { class: "card panel" },
          h("h2", { class: "panel__title" }, gettext("This video was cancelled")),
          h("p", { class: "muted" }, gettext("Any credits charged for it were refunded. Upload an image to start another.")),
          h("a", { class: "btn", href: "#/" }, gettext("Start a new video")),
        );
      default:
        return h("div", { class: "card panel" }, format(gettext("Stage: %(stage)s"), { stage: s.stage }));
    }
  }

  qualityGate() {
    const s = this.state;
    const quality = Number(s.quality_score) || 0;
    // Remastered once and still below the gate: both scores, and the user's choice to go on or cancel.
    const remastered = Boolean(s.is_remastered);
    const action = remastered
      ? h("button", {
        type: "button", class: "btn btn--primary", "data-key": "continue",
        onclick: (e) => this.act(e.currentTarget, "continue/", {}, { success: gettext("Writing the storyboard.") }),
      }, gettext("Continue anyway"))
      : h("button", {
        type: "button", class: "btn btn--primary", "data-key": "remaster",
        onclick: (e) => this.act(e.currentTarget, "remaster/", {}, { success: gettext("Remastering started.") }),
      }, gettext("Remaster the image"));
    const gate = QUALITY_THRESHOLD.toFixed(1);
    const score = remastered
      ? h(
        "p",
        { class: "gate__score" },
        fill(gettext("Before the remaster %(before)s / 10, after %(after)s / 10. Scenes need at least %(gate)s."), {
          before: h("strong", { "data-testid": "score-before" }, (Number(s.original_quality_score) || 0).toFixed(1)),
          after: h("strong", { "data-testid": "score-after" }, quality.toFixed(1)),
          gate,
        }),
      )
      : h(
        "p",
        { class: "gate__score" },
        fill(gettext("%(score)s / 10 quality. Scenes need at least %(gate)s."), {
          score: h("strong", {}, quality.toFixed(1)),
          gate,
        }),
      );
    const advice = remastered
      ? gettext("The remaster could not lift it to the gate. Continue anyway and your director writes the storyboard from the remastered image, or cancel.")
      : gettext("A remaster sharpens and rebalances the image, then your director writes the storyboard from it.");
    return h(
      "section",
      { class: "card panel", "aria-labelledby": "gate-title", "data-testid": "quality-gate" },
      h(
        "h2",
        { class: "panel__title", id: "gate-title" },
        remastered ? gettext("Still below the quality gate after the remaster") : gettext("The quality gate stopped this image"),
      ),
      h(
        "div",
        { class: "gate" },
        h("img", {
          class: "gate__image", src: s.source_image_url, alt: remastered ? gettext("Your remastered image") : gettext("Your image"),
        }),
        h(
          "div",
          { class: "gate__body" },
          score,
          h(
            "span",
            {
              class: "meter meter--gate", role: "meter", "aria-label": gettext("Quality score"),
              "aria-valuemin": "0", "aria-valuemax": "10", "aria-valuenow": quality.toFixed(1),
            },
            h("span", { class: "meter__bar meter__bar--quality", style: { width: `${quality * 10}%` } }),
            h("span", { class: "meter__mark", style: { left: `${QUALITY_THRESHOLD * 10}%` }, title: gettext("The gate") }),
          ),
          s.quality_issues && s.quality_issues.length
            ? h("ul", { class: "issues" }, s.quality_issues.map((issue) => h("li", {}, issue)))
            : null,
          h("p", { class: "muted" }, advice),
          h("div", { class: "panel__actions" }, action),
        ),
      ),
    );
  }

  rendering() {
    const progress = Math.max(0, Math.min(100, Number(this.state.progress) || 0));
    return h(
      "section",
      { class: "card panel", "aria-labelledby": "render-title" },
      h("h2", { class: "panel__title", id: "render-title" }, gettext("Rendering your video")),
      h(
        "p",
        { class: "muted" },
        format(gettext("%(scenes)s, %(credits)s charged. You can leave this page: the render goes on."), {
          scenes: scenesWord(this.state.scenes.length),
          credits: creditsWord(this.state.credits_used),
        }),
      ),
      h(
        "div",
        {
          class: "progress", role: "progressbar", "aria-label": gettext("Render progress"),
          "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(progress),
          "data-testid": "render-progress",
        },
        h("span", { class: "progress__bar", style: { width: `${progress}%` } }),
      ),
      h(
        "p",
        { class: "progress__label" },
        `${progress}%`,
        this.state.eta_seconds === null || this.state.eta_seconds === undefined
          ? null
          : h("span", { class: "progress__eta", "data-testid": "render-eta" }, ` · ${timeLeft(this.state.eta_seconds)}`),
      ),
    );
  }

  premiere() {
    const s = this.state;
    return h(
      "section",
      { class: "card panel", "aria-labelledby": "premiere-title" },
      h("h2", { class: "panel__title", id: "premiere-title" }, gettext("Your video is ready")),
      h("video", {
        class: "player", controls: true, preload: "auto", playsinline: true, src: s.video_url,
        "aria-label": gettext("Your rendered video"), "data-testid": "video",
      }),
      h(
        "p",
        { class: "muted small" },
        format(gettext("%(scenes)s · %(credits)s · finished %(when)s"), {
          scenes: scenesWord(s.scenes.length),
          credits: creditsWord(s.credits_used),
          when: when(s.completed_at),
        }),
      ),
      h(
        "div",
        { class: "panel__actions" },
        h("a", { class: "btn", href: s.video_url, download: videoFilename((this.job || {}).original_filename) },
          gettext("Download MP4")),
        h("a", { class: "btn btn--primary", href: "#/" }, gettext("Make another")),
      ),
      shareSection(s.jobId),
    );
  }

  flagged() {
    const s = this.state;
    return h(
      "section",
      { class: "card panel panel--failed", "aria-labelledby": "flagged-title", "data-testid": "flagged" },
      h("h2", { class: "panel__title", id: "flagged-title" }, gettext("The Eye flagged this image")),
      h("img", { class: "panel__image", src: s.source_image_url, alt: gettext("The flagged image") }),
      h("p", { role: "alert" }, s.error_message || gettext("The image does not look like an intact picture.")),
      h("p", { class: "muted" }, gettext("The Lounge stays closed and nothing is charged. Upload another image, or cancel this one.")),
      h("a", { class: "btn", href: "#/" }, gettext("Upload another image")),
    );
  }

  failed() {
    const s = this.state;
    const rendered = s.credits_used || (s.scenes.length && s.scenes.every((sc) => sc.status === "GREEN"));
    const retry = h("button", {
      type: "button", class: "btn btn--primary", "data-key": "retry",
      onclick: (e) => this.act(e.currentTarget, "retry/", {}, { success: gettext("Trying again.") }),
    }, rendered ? gettext("Retry the render") : gettext("Try again"));
    return h(
      "section",
      { class: "card panel panel--failed", "aria-labelledby": "failed-title", "data-testid": "failed" },
      h("h2", { class: "panel__title", id: "failed-title" }, rendered ? gettext("The render failed") : gettext("This step failed")),
      h("p", { role: "alert" }, s.error_message || gettext("Something went wrong.")),
      rendered ? h("p", { class: "muted" }, gettext("The credits for it were refunded. Retrying charges them again.")) : null,
      h("div", { class: "panel__actions" }, retry),
    );
  }
}
