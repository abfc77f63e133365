// The storyboard review: scene cards with previews and the traffic light, then approval with its cost.

import { h } from "./dom.js";

const MAX_FEEDBACK = 500;
const SHOTS = { wide: "Wide shot", medium: "Medium shot", close: "Close-up", "extreme-close": "Extreme close-up" };
const STATUS_WORDS = {
  PENDING: "Awaiting review",
  GREEN: "Approved",
  YELLOW: "Rewritten with your notes",
  RED: "Regenerated",
};

function reviewHeaders(view) {
  return { "If-Match": `"${view.state.version}"` };
}

function feedbackForm(view, scene) {
  const id = `feedback-${scene.id}`;
  const counterId = `${id}-count`;
  const area = h("textarea", {
    id,
    rows: 3,
    maxlength: String(MAX_FEEDBACK),
    "aria-describedby": counterId,
    "data-key": `feedback-${scene.id}`,
    placeholder: "e.g. slower camera, warmer light, keep the product centred",
    required: true,
  });
  area.value = view.drafts[scene.id] || "";
  const counter = h("span", { class: "counter", id: counterId }, `${area.value.length} / ${MAX_FEEDBACK}`);
  area.addEventListener("input", () => {
    view.drafts[scene.id] = area.value;
    counter.textContent = `${area.value.length} / ${MAX_FEEDBACK}`;
  });
  const send = h("button", { type: "submit", class: "btn btn--yellow", "data-key": `send-${scene.id}` }, "Rewrite scene");
  const cancel = h("button", { type: "button", class: "btn btn--ghost" }, "Close");
  cancel.addEventListener("click", () => {
    view.openFeedback.delete(scene.id);
    view.render();
  });
  const form = h(
    "form",
    { class: "feedback", "data-testid": "feedback-form" },
    h("label", { for: id }, `What should change in scene ${scene.sequence_index}?`),
    area,
    h("div", { class: "feedback__row" }, counter, h("span", { class: "feedback__buttons" }, cancel, send)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const feedback = area.value.trim();
    if (!feedback) {
      area.focus();
      area.setAttribute("aria-invalid", "true");
      return;
    }
    const ok = await view.act(send, `scenes/${scene.id}/review/`, {
      json: { verdict: "YELLOW", feedback },
      headers: reviewHeaders(view),
    });
    if (ok) {
      delete view.drafts[scene.id];
      view.openFeedback.delete(scene.id);
      view.render();
    }
  });
  return form;
}

function sceneCard(view, scene) {
  const left = scene.attempts_left;
  const exhausted = left <= 0;
  const isOpen = view.openFeedback.has(scene.id);
  const titleId = `scene-title-${scene.id}`;

  const green = h(
    "button",
    {
      type: "button",
      class: "btn btn--green",
      disabled: scene.status === "GREEN",
      "aria-pressed": scene.status === "GREEN" ? "true" : "false",
      "data-key": `green-${scene.id}`,
      "aria-label": `Approve scene ${scene.sequence_index} (green)`,
    },
    scene.status === "GREEN" ? "Approved" : "Approve",
  );
  green.addEventListener("click", () =>
    view.act(green, `scenes/${scene.id}/review/`, { json: { verdict: "GREEN" }, headers: reviewHeaders(view) }),
  );
  const yellow = h(
    "button",
    {
      type: "button",
      class: "btn btn--yellow",
      disabled: exhausted,
      "aria-expanded": isOpen ? "true" : "false",
      "data-key": `yellow-${scene.id}`,
      "aria-label": `Rewrite scene ${scene.sequence_index} with your notes (yellow)`,
    },
    "Rewrite…",
  );
  yellow.addEventListener("click", () => {
    if (view.openFeedback.has(scene.id)) view.openFeedback.delete(scene.id);
    else view.openFeedback.add(scene.id);
    view.render();
    if (view.openFeedback.has(scene.id)) document.getElementById(`feedback-${scene.id}`)?.focus();
  });
  const red = h(
    "button",
    {
      type: "button",
      class: "btn btn--red",
      disabled: exhausted,
      "data-key": `red-${scene.id}`,
      "aria-label": `Regenerate scene ${scene.sequence_index} from scratch (red)`,
    },
    "Regenerate",
  );
  red.addEventListener("click", () =>
    view.act(red, `scenes/${scene.id}/review/`, { json: { verdict: "RED" }, headers: reviewHeaders(view) }),
  );

  return h(
    "article",
    {
      class: `scene scene--${scene.status.toLowerCase()}`,
      "aria-labelledby": titleId,
      "data-testid": "scene",
      "data-scene-id": scene.id,
      "data-status": scene.status,
    },
    h(
      "div",
      { class: "scene__preview" },
      scene.preview_url
        ? h("img", {
            src: scene.preview_url,
            alt: `Preview of scene ${scene.sequence_index}: ${scene.action_token}`,
            loading: "lazy",
          })
        : h("div", { class: "scene__nopreview" }, "No preview yet"),
      h("span", { class: `status status--${scene.status.toLowerCase()}` }, STATUS_WORDS[scene.status] || scene.status),
    ),
    h(
      "div",
      { class: "scene__body" },
      h("h3", { class: "scene__title", id: titleId }, `Scene ${scene.sequence_index}`),
      h(
        "p",
        { class: "scene__meta" },
        [SHOTS[scene.shot] || scene.shot, scene.camera, `${Number(scene.duration).toFixed(1)} s`,
          scene.transition]
          .filter(Boolean)
          .join(" · "),
      ),
      h("p", { class: "scene__action" }, scene.action_token),
      scene.user_feedback
        ? h("p", { class: "scene__feedback" }, h("strong", {}, "Your note: "), scene.user_feedback)
        : null,
      h(
        "p",
        { class: `scene__attempts${exhausted ? " is-exhausted" : ""}`, "data-testid": "attempts-left" },
        exhausted
          ? "No rewrites left: approve this scene to continue."
          : `${left} rewrite${left === 1 ? "" : "s"} left`,
      ),
      h(
        "div",
        { class: "traffic", role: "group", "aria-label": `Review scene ${scene.sequence_index}` },
        green,
        yellow,
        red,
      ),
      isOpen && !exhausted ? feedbackForm(view, scene) : null,
    ),
  );
}

export function renderStoryboard(view) {
  const state = view.state;
  const credits = view.studio.user.credits_remaining;
  const cost = state.cost_estimate;
  const greens = state.scenes.filter((s) => s.status === "GREEN").length;
  const allGreen = state.scenes.length > 0 && greens === state.scenes.length;
  const short = Math.max(0, cost - credits);

  const approve = h(
    "button",
    { type: "button", class: "btn btn--primary", disabled: !allGreen, "data-key": "approve", "data-testid": "approve" },
    `Approve and render · ${cost} credit${cost === 1 ? "" : "s"}`,
  );
  approve.addEventListener("click", async () => {
    const ok = await view.act(approve, "approve/", {}, { success: "Production has started." });
    if (ok) view.studio.refreshMe();
  });

  const director = (state.selected_director_id || "").replace(/^./, (c) => c.toUpperCase());
  return h(
    "section",
    { class: "storyboard", "aria-labelledby": "storyboard-title" },
    h(
      "div",
      { class: "card storyboard__intro" },
      h(
        "div",
        { class: "storyboard__source" },
        h("img", {
          src: state.source_image_url,
          alt: state.is_remastered ? "Your remastered image" : "Your image",
        }),
        state.is_remastered ? h("span", { class: "badge badge--remastered" }, "Remastered") : null,
      ),
      h(
        "div",
        {},
        h("h2", { class: "panel__title", id: "storyboard-title" }, "The storyboard"),
        h(
          "p",
          { class: "muted" },
          `The ${director} wrote ${state.scenes.length} scenes. Approve each one (green), `,
          "rewrite it with your notes (yellow) or regenerate it (red). Each scene has 5 rewrites.",
        ),
        state.invariant_visual_summary
          ? h("p", { class: "invariant" }, h("strong", {}, "Every scene keeps: "), state.invariant_visual_summary)
          : null,
        state.engine_label
          ? h(
              "p",
              { class: "chips" },
              h("span", { class: "chip", "data-testid": "engine-label" }, "Engine ", h("strong", {}, state.engine_label)),
            )
          : null,
      ),
    ),
    h("div", { class: "scenes" }, state.scenes.map((scene) => sceneCard(view, scene))),
    h(
      "div",
      { class: "approve-bar card", "data-testid": "approve-bar" },
      h(
        "div",
        { class: "approve-bar__text" },
        h("strong", {}, `${greens} of ${state.scenes.length} scenes approved`),
        h(
          "span",
          { class: "muted" },
          ` · Rendering costs ${cost} credit${cost === 1 ? "" : "s"}; you have ${credits}`,
          short ? `, ${short} short.` : `, ${credits - cost} left after.`,
        ),
      ),
      approve,
    ),
  );
}
