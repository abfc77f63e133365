// The storyboard review: scene cards with previews and the traffic light, then approval with its cost.

import { h } from "./dom.js";
import { format, gettext, ngettext } from "./i18n.js";

const MAX_FEEDBACK = 500;
const SHOTS = {
  wide: gettext("Wide shot"),
  medium: gettext("Medium shot"),
  close: gettext("Close-up"),
  "extreme-close": gettext("Extreme close-up"),
};
// The scene's camera move and transition are the storyboard's own names; in English the page shows them as they are.
const CAMERAS = {
  // Translators: a scene's camera move (the camera does not move), in the line under the scene's title.
  static: gettext("static"),
  "push-in": gettext("push-in"),
  "pull-out": gettext("pull-out"),
  // Translators: a scene's camera move (a horizontal turn).
  pan: gettext("pan"),
  tilt: gettext("tilt"),
};
const TRANSITIONS = {
  // Translators: how a scene passes to the next one (a straight cut, or a crossfade).
  cut: gettext("cut"),
  crossfade: gettext("crossfade"),
};
const STATUS_WORDS = {
  PENDING: gettext("Awaiting review"),
  GREEN: gettext("Approved"),
  YELLOW: gettext("Rewritten with your notes"),
  RED: gettext("Regenerated"),
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
    placeholder: gettext("e.g. slower camera, warmer light, keep the product centred"),
    required: true,
  });
  area.value = view.drafts[scene.id] || "";
  const counter = h("span", { class: "counter", id: counterId }, `${area.value.length} / ${MAX_FEEDBACK}`);
  area.addEventListener("input", () => {
    view.drafts[scene.id] = area.value;
    counter.textContent = `${area.value.length} / ${MAX_FEEDBACK}`;
  });
  const send = h("button", { type: "submit", class: "btn btn--yellow", "data-key": `send-${scene.id}` }, gettext("Rewrite scene"));
  // Translators: the button that closes the rewrite form without sending it.
  const cancel = h("button", { type: "button", class: "btn btn--ghost" }, gettext("Close"));
  cancel.addEventListener("click", () => {
    view.openFeedback.delete(scene.id);
    view.render();
  });
  const form = h(
    "form",
    { class: "feedback", "data-testid": "feedback-form" },
    h("label", { for: id }, format(gettext("What should change in scene %(number)s?"), { number: scene.sequence_index })),
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
      "aria-label": format(gettext("Approve scene %(number)s (green)"), { number: scene.sequence_index }),
    },
    scene.status === "GREEN" ? gettext("Approved") : gettext("Approve"),
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
      "aria-label": format(gettext("Rewrite scene %(number)s with your notes (yellow)"), { number: scene.sequence_index }),
    },
    gettext("Rewrite…"),
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
      "aria-label": format(gettext("Regenerate scene %(number)s from scratch (red)"), { number: scene.sequence_index }),
    },
    gettext("Regenerate"),
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
            alt: format(gettext("Preview of scene %(number)s: %(action)s"), { number: scene.sequence_index, action: scene.action_token }),
            loading: "lazy",
          })
        : h("div", { class: "scene__nopreview" }, gettext("No preview yet")),
      h("span", { class: `status status--${scene.status.toLowerCase()}` }, STATUS_WORDS[scene.status] || scene.status),
    ),
    h(
      "div",
      { class: "scene__body" },
      h("h3", { class: "scene__title", id: titleId }, format(gettext("Scene %(number)s"), { number: scene.sequence_index })),
      h(
        "p",
        { class: "scene__meta" },
        [SHOTS[scene.shot] || scene.shot, CAMERAS[scene.camera] || scene.camera,
          format(gettext("%(seconds)s s"), { seconds: Number(scene.duration).toFixed(1) }),
          TRANSITIONS[scene.transition] || scene.transition]
          .filter(Boolean)
          .join(" · "),
      ),
      h("p", { class: "scene__action" }, scene.action_token),
      scene.user_feedback
        ? h("p", { class: "scene__feedback" }, h("strong", {}, gettext("Your note: ")), scene.user_feedback)
        : null,
      h(
        "p",
        { class: `scene__attempts${exhausted ? " is-exhausted" : ""}`, "data-testid": "attempts-left" },
        exhausted
          ? gettext("No rewrites left: approve this scene to continue.")
          : format(ngettext("%(count)s rewrite left", "%(count)s rewrites left", left), { count: left }),
      ),
      h(
        "div",
        { class: "traffic", role: "group", "aria-label": format(gettext("Review scene %(number)s"), { number: scene.sequence_index }) },
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
    format(ngettext("Approve and render · %(count)s credit", "Approve and render · %(count)s credits", cost), {
      count: cost,
    }),
  );
  approve.addEventListener("click", async () => {
    const ok = await view.act(approve, "approve/", {}, { success: gettext("Production has started.") });
    if (ok) view.studio.refreshMe();
  });

  const director = `The ${(state.selected_director_id || "").replace(/^./, (c) => c.toUpperCase())}`;
  const count = state.scenes.length;
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
          alt: state.is_remastered ? gettext("Your remastered image") : gettext("Your image"),
        }),
        state.is_remastered ? h("span", { class: "badge badge--remastered" }, gettext("Remastered")) : null,
      ),
      h(
        "div",
        {},
        h("h2", { class: "panel__title", id: "storyboard-title" }, gettext("The storyboard")),
        h(
          "p",
          { class: "muted" },
          format(
            ngettext(
              "%(director)s wrote %(count)s scene. Approve each one (green), rewrite it with your notes (yellow) or regenerate it (red). Each scene has 5 rewrites.",
              "%(director)s wrote %(count)s scenes. Approve each one (green), rewrite it with your notes (yellow) or regenerate it (red). Each scene has 5 rewrites.",
              count,
            ),
            { director, count },
          ),
        ),
        state.invariant_visual_summary
          ? h("p", { class: "invariant" }, h("strong", {}, gettext("Every scene keeps: ")), state.invariant_visual_summary)
          : null,
        state.engine_label
          ? h(
              "p",
              { class: "chips" },
              h("span", { class: "chip", "data-testid": "engine-label" }, gettext("Engine "), h("strong", {}, state.engine_label)),
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
        h(
          "strong",
          {},
          format(ngettext("%(approved)s of %(count)s scene approved", "%(approved)s of %(count)s scenes approved", count), {
            approved: greens,
            count,
          }),
        ),
        h(
          "span",
          { class: "muted" },
          " · ",
          short
            ? format(
              ngettext(
                "Rendering costs %(count)s credit; you have %(have)s, %(short)s short.",
                "Rendering costs %(count)s credits; you have %(have)s, %(short)s short.",
                cost,
              ),
              { count: cost, have: credits, short },
            )
            : format(
              ngettext(
                "Rendering costs %(count)s credit; you have %(have)s, %(left)s left after.",
                "Rendering costs %(count)s credits; you have %(have)s, %(left)s left after.",
                cost,
              ),
              { count: cost, have: credits, left: credits - cost },
            ),
        ),
      ),
      approve,
    ),
  );
}
