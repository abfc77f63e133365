// The Director's Lounge: four pitches, ranked by the Studio Head for this person, and the choice.

import { api } from "./api.js";
import { h } from "./dom.js";
import { format, gettext } from "./i18n.js";
import { showError } from "./notices.js";
import { scoreBars } from "./charts.js";

// The director_card_layout experiment (the user's arm comes with the director state): "recommended_first" shows
// the Studio Head's pick first and highlighted, the rest in its ranking; "all_cards" shows the four as equals,
// in roster order, with no rank and no highlight.
const ROSTER = ["newtonian", "visionary", "minimalist", "provocateur"];
export const LAYOUTS = {
  recommended_first: {
    highlight: true,
    order: (pitches) =>
      [...pitches].sort((a, b) => Number(Boolean(b.recommended)) - Number(Boolean(a.recommended)) || a.rank - b.rank),
  },
  all_cards: {
    highlight: false,
    order: (pitches) => [...pitches].sort((a, b) => ROSTER.indexOf(a.director_id) - ROSTER.indexOf(b.director_id)),
  },
};

const BEATS = [
  ["vision", gettext("Vision")],
  ["safety", gettext("Safety")],
  ["magic", gettext("Magic")],
];
// The roster's risk labels (the API's words) as the page says them.
const RISKS = { Safe: gettext("Safe"), Experimental: gettext("Experimental") };

function sceneBoard(board) {
  if (!board) return null;
  const parts = ["start", "middle", "end"].filter((k) => board[k]);
  if (!parts.length) return null;
  return h(
    "details",
    { class: "pitch__board" },
    h("summary", {}, gettext("Scene board")),
    h(
      "ol",
      {},
      parts.map((k) =>
        h(
          "li",
          {},
          h("strong", {}, format(gettext("%(seconds)s s"), { seconds: Number(board[k].time) || 0 }), " "),
          board[k].visual || "",
          board[k].camera ? h("span", { class: "muted" }, ` · ${board[k].camera}`) : null,
        ),
      ),
    ),
  );
}

// The Studio Head's word on the recommendation: the Studio Note and, after 10 choices, how sure it is.
function studioNote(pitches) {
  const top = pitches.find((p) => p.recommended);
  if (!top || (!top.studio_note && top.confidence == null)) return null;
  return h(
    "aside",
    { class: "card studio-note", "data-testid": "studio-note", "aria-label": gettext("The Studio Head's note") },
    top.studio_note
      ? h("p", { class: "studio-note__text" }, h("strong", {}, gettext("Studio Note: ")), top.studio_note)
      : null,
    top.confidence != null
      ? h(
          "p",
          { class: "studio-note__confidence", "data-testid": "confidence" },
          format(gettext("The Studio Head is %(percent)s sure you'll choose %(name)s."), {
            percent: `${Math.round(top.confidence * 100)}%`,
            name: top.name,
          }),
        )
      : null,
  );
}

function pitchCard(view, pitch, remasterBox, layout) {
  const recommended = layout.highlight && pitch.recommended;
  const choose = h(
    "button",
    {
      type: "button",
      class: `btn ${recommended ? "btn--primary" : ""} btn--block`,
      "data-key": `choose-${pitch.director_id}`,
      "data-testid": `choose-${pitch.director_id}`,
    },
    format(gettext("Choose %(name)s"), { name: pitch.name }),
  );
  choose.addEventListener("click", () => {
    for (const b of view.root.querySelectorAll(".pitch .btn")) b.disabled = true;
    view
      .act(choose, "select-director/", {
        json: { director_id: pitch.director_id, remaster: remasterBox.checked },
      })
      .then((ok) => {
        if (!ok) for (const b of view.root.querySelectorAll(".pitch .btn")) b.disabled = false;
      });
  });
  const titleId = `pitch-${pitch.director_id}`;
  return h(
    "article",
    {
      class: `pitch pitch--${pitch.director_id}${recommended ? " is-recommended" : ""}`,
      "aria-labelledby": titleId,
      "data-testid": "pitch",
    },
    h(
      "header",
      { class: "pitch__head" },
      layout.highlight
        ? h("span", { class: "pitch__rank", title: gettext("The Studio Head's ranking for you") }, `#${pitch.rank}`)
        : null,
      h(
        "div",
        {},
        h("h3", { class: "pitch__name", id: titleId }, pitch.name),
        h("p", { class: "pitch__archetype" }, pitch.archetype),
      ),
      h(
        "span",
        { class: "pitch__badges" },
        recommended ? h("span", { class: "badge badge--recommended" }, gettext("Recommended")) : null,
        layout.highlight && pitch.preselected
          ? h(
              "span",
              {
                class: "badge badge--preselected", "data-testid": "preselected",
                title: gettext("The Studio Head preselected this pitch from your choices so far. The choice is still yours."),
              },
              gettext("Preselected"),
            )
          : null,
        pitch.objective_pick
          ? h(
              "span",
              {
                class: "badge badge--objective", "data-testid": "objective-pick",
                title: gettext("What The Eye's fixed rule picks from the raw scores. Choosing another director is an override."),
              },
              gettext("The Eye's pick"),
            )
          : null,
      ),
    ),
    h("blockquote", { class: "pitch__quote" }, format(gettext("“%(quote)s”"), { quote: pitch.quote })),
    h(
      "dl",
      { class: "beats" },
      BEATS.map(([key, label]) => [
        h("dt", {}, label),
        h("dd", {}, (pitch.three_beat_pulse || {})[key] || ""),
      ]),
    ),
    scoreBars(pitch.biased_scores || {}, { label: format(gettext("%(name)s's scores"), { name: pitch.name }) }),
    h(
      "p",
      { class: "chips" },
      h(
        "span",
        { class: "chip", title: pitch.recommended_engine || "" },
        gettext("Engine "),
        h("strong", {}, pitch.recommended_engine_label || pitch.recommended_engine || ""),
      ),
      h(
        "span",
        { class: `chip chip--risk-${(pitch.risk?.label || "").toLowerCase()}` },
        gettext("Risk "),
        h("strong", {}, `${RISKS[pitch.risk?.label] || pitch.risk?.label || ""} ${Math.round((pitch.risk?.value || 0) * 100)}%`),
      ),
    ),
    pitch.reason
      ? h(
          "p",
          { class: `pitch__reason${recommended ? " is-recommended" : ""}` },
          h("span", { class: "visually-hidden" }, gettext("Why: ")),
          pitch.reason,
        )
      : null,
    pitch.note_reply
      ? h(
          "p",
          { class: "pitch__note-reply", "data-testid": "note-reply" },
          h("span", { class: "visually-hidden" }, gettext("On your Studio Note: ")),
          pitch.note_reply,
        )
      : null,
    sceneBoard(pitch.scene_board),
    h("div", { class: "pitch__choose" }, choose),
  );
}

const PERCENT = (fraction) => `${(Math.max(0, Math.min(1, Number(fraction) || 0)) * 100).toFixed(2)}%`;

// "upper left", "middle centre": where a point (fractions of the image) lies, in words; rows top to bottom.
const PLACES = [
  [gettext("upper left"), gettext("upper centre"), gettext("upper right")],
  [gettext("middle left"), gettext("middle centre"), gettext("middle right")],
  [gettext("lower left"), gettext("lower centre"), gettext("lower right")],
];

function whereIs(x, y) {
  const third = (v) => (v < 1 / 3 ? 0 : v < 2 / 3 ? 1 : 2);
  return PLACES[third(y)][third(x)];
}

function seenLabel(subject) {
  return `${subject.label_text || subject.label} ${Math.round((Number(subject.confidence) || 0) * 100)} %`;
}

// What The Eye saw: its subjects as outlined boxes over the image (percentages of the image, so they scale with
// it), the focal point marked, the same as a list for everyone who does not see the picture, and the text it read.
function eyeSaw(job) {
  const analysis = job.analysis;
  if (!analysis) return null;
  const subjects = (analysis.subjects || []).filter((s) => Array.isArray(s.box) && s.box.length === 4);
  const focal = analysis.focal_point;
  const lines = (analysis.text || []).filter((line) => line);
  const frame = h(
    "div",
    { class: "eye-view__frame" },
    h("img", { class: "eye-view__image", src: job.image_url, alt: gettext("Your image, with what The Eye saw marked on it") }),
  );
  for (const subject of subjects) {
    const [left, top, right, bottom] = subject.box.map(Number);
    frame.append(
      h(
        "div",
        {
          class: `eye-view__box eye-view__box--${subject.label.replace(/\W+/g, "-")}${top < 0.08 ? " is-at-top" : ""}`,
          "aria-hidden": "true",
          "data-testid": "eye-box",
          dataset: { label: subject.label },
          style: {
            left: PERCENT(left),
            top: PERCENT(top),
            width: PERCENT(right - left),
            height: PERCENT(bottom - top),
          },
        },
        h("span", { class: "eye-view__tag" }, seenLabel(subject)),
      ),
    );
  }
  if (focal)
    frame.append(
      h("span", {
        class: "eye-view__focus",
        "aria-hidden": "true",
        "data-testid": "eye-focus",
        title: format(gettext("Focal point: %(label)s"), { label: focal.label_text || focal.label || "" }),
        style: { left: PERCENT(focal.x), top: PERCENT(focal.y) },
      }),
    );
  const seen = subjects.map((subject) => {
    const [left, top, right, bottom] = subject.box.map(Number);
    const place = whereIs((left + right) / 2, (top + bottom) / 2);
    return h("li", {}, format(gettext("%(subject)s, %(place)s"), { subject: seenLabel(subject), place }));
  });
  const focalText = focal && (focal.label_text || focal.label);
  if (focalText) seen.push(h("li", {}, format(gettext("Focal point: %(label)s"), { label: focalText })));
  return h(
    "div",
    { class: "eye-view", "data-testid": "eye-view" },
    h(
      "figure",
      { class: "eye-view__figure" },
      frame,
      h(
        "figcaption",
        {},
        h("span", { class: "visually-hidden" }, gettext("What The Eye saw: ")),
        seen.length
          ? h("ul", { class: "eye-view__list", "data-testid": "eye-seen" }, seen)
          : h("p", { class: "muted small" }, gettext("The Eye found no particular subject.")),
      ),
    ),
    lines.length
      ? h(
          "div",
          { class: "eye-view__text", "data-testid": "eye-text" },
          h("p", { class: "eye-view__text-title" }, gettext("Text The Eye read:")),
          h("ol", { class: "eye-view__lines" }, lines.map((line) => h("li", {}, line))),
        )
      : null,
  );
}

export function renderLounge(view) {
  const state = view.state;
  const job = view.job || {};
  const remasterBox = h("input", { type: "checkbox", id: "auto-remaster", "data-key": "auto-remaster" });
  const arm = LAYOUTS[state.card_layout] ? state.card_layout : "recommended_first";
  const layout = LAYOUTS[arm];
  const grid = h("div", { class: "pitches", "data-layout": arm, "data-testid": "pitches" });
  const note = h("div", { class: "lounge__note" });
  const section = h(
    "section",
    { class: "lounge", "aria-labelledby": "lounge-title" },
    h(
      "div",
      { class: "card lounge__intro" },
      h("h2", { class: "panel__title", id: "lounge-title" }, gettext("The Director's Lounge")),
      h(
        "p",
        { class: "muted" },
        gettext("Four directors read The Eye's analysis and pitch their take. "),
        layout.highlight
          ? gettext("The Studio Head ranks them for you and says why; the choice is yours.")
          : gettext("Each says why it might suit you; the choice is yours."),
      ),
      job.scores || job.analysis
        ? h(
            "div",
            { class: "eye" },
            h("h3", { class: "eye__title" }, gettext("What The Eye saw")),
            eyeSaw(job),
            job.scores ? scoreBars(job.scores, { label: gettext("The Eye's scores") }) : null,
            job.scores
              ? h("p", { class: "muted small" }, format(gettext("Quality %(score)s / 10"), { score: Number(job.scores.quality).toFixed(1) }))
              : null,
          )
        : null,
      state.invariant_visual_summary
        ? h("p", { class: "invariant" }, h("strong", {}, gettext("Every scene keeps: ")), state.invariant_visual_summary)
        : null,
    ),
    note,
    grid,
    h(
      "div",
      { class: "field field--check lounge__remaster" },
      remasterBox,
      h("label", { for: "auto-remaster" }, gettext("Remaster the image before the storyboard, whatever its quality score")),
    ),
  );
  const fill = (pitches) => {
    // the Studio Head's note and preselection speak for its recommendation: only in the layout that shows one
    const said = layout.highlight ? studioNote(pitches) : null;
    note.replaceChildren(...(said ? [said] : []));
    grid.replaceChildren(...layout.order(pitches).map((p) => pitchCard(view, p, remasterBox, layout)));
    // a preselected pitch has the focus once the Lounge is on the page (Enter chooses it, Tab moves on), unless
    // the person is already somewhere else on the page
    const preselected = layout.highlight && pitches.find((p) => p.preselected);
    const button = preselected && grid.querySelector(`[data-key="choose-${preselected.director_id}"]`);
    if (button)
      requestAnimationFrame(() => {
        const idle = !document.activeElement || document.activeElement === document.body;
        if (idle && button.isConnected) button.focus({ preventScroll: true });
      });
  };
  if (state.pitches && state.pitches.length) fill(state.pitches);
  else {
    grid.append(h("p", { class: "muted" }, gettext("The directors are taking their seats…")));
    api(view.url("pitches/"))
      .then(({ data }) => fill(data))
      .catch((error) => showError(error));
  }
  return section;
}
