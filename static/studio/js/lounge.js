// The Director's Lounge: four pitches, ranked by the Studio Head for this person, and the choice.

import { api } from "./api.js";
import { h } from "./dom.js";
import { showError } from "./notices.js";
import { scoreBars } from "./charts.js";

const BEATS = [
  ["vision", "Vision"],
  ["safety", "Safety"],
  ["magic", "Magic"],
];

function sceneBoard(board) {
  if (!board) return null;
  const parts = ["start", "middle", "end"].filter((k) => board[k]);
  if (!parts.length) return null;
  return h(
    "details",
    { class: "pitch__board" },
    h("summary", {}, "Scene board"),
    h(
      "ol",
      {},
      parts.map((k) =>
        h(
          "li",
          {},
          h("strong", {}, `${Number(board[k].time) || 0} s `),
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
    { class: "card studio-note", "data-testid": "studio-note", "aria-label": "The Studio Head's note" },
    top.studio_note
      ? h("p", { class: "studio-note__text" }, h("strong", {}, "Studio Note: "), top.studio_note)
      : null,
    top.confidence != null
      ? h(
          "p",
          { class: "studio-note__confidence", "data-testid": "confidence" },
          `The Studio Head is ${Math.round(top.confidence * 100)}% sure you'll choose ${top.name}.`,
        )
      : null,
  );
}

function pitchCard(view, pitch, remasterBox) {
  const choose = h(
    "button",
    {
      type: "button",
      class: `btn ${pitch.recommended ? "btn--primary" : ""} btn--block`,
      "data-key": `choose-${pitch.director_id}`,
      "data-testid": `choose-${pitch.director_id}`,
    },
    `Choose ${pitch.name}`,
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
      class: `pitch pitch--${pitch.director_id}${pitch.recommended ? " is-recommended" : ""}`,
      "aria-labelledby": titleId,
      "data-testid": "pitch",
    },
    h(
      "header",
      { class: "pitch__head" },
      h("span", { class: "pitch__rank", title: "The Studio Head's ranking for you" }, `#${pitch.rank}`),
      h(
        "div",
        {},
        h("h3", { class: "pitch__name", id: titleId }, pitch.name),
        h("p", { class: "pitch__archetype" }, pitch.archetype),
      ),
      h(
        "span",
        { class: "pitch__badges" },
        pitch.recommended ? h("span", { class: "badge badge--recommended" }, "Recommended") : null,
        pitch.preselected
          ? h(
              "span",
              {
                class: "badge badge--preselected", "data-testid": "preselected",
                title: "The Studio Head preselected this pitch from your choices so far. The choice is still yours.",
              },
              "Preselected",
            )
          : null,
        pitch.objective_pick
          ? h(
              "span",
              {
                class: "badge badge--objective", "data-testid": "objective-pick",
                title: "What The Eye's fixed rule picks from the raw scores. Choosing another director is an override.",
              },
              "The Eye's pick",
            )
          : null,
      ),
    ),
    h("blockquote", { class: "pitch__quote" }, `“${pitch.quote}”`),
    h(
      "dl",
      { class: "beats" },
      BEATS.map(([key, label]) => [
        h("dt", {}, label),
        h("dd", {}, (pitch.three_beat_pulse || {})[key] || ""),
      ]),
    ),
    scoreBars(pitch.biased_scores || {}, { label: `${pitch.name}'s scores` }),
    h(
      "p",
      { class: "chips" },
      h(
        "span",
        { class: "chip", title: pitch.recommended_engine || "" },
        "Engine ",
        h("strong", {}, pitch.recommended_engine_label || pitch.recommended_engine || ""),
      ),
      h(
        "span",
        { class: `chip chip--risk-${(pitch.risk?.label || "").toLowerCase()}` },
        "Risk ",
        h("strong", {}, `${pitch.risk?.label || ""} ${Math.round((pitch.risk?.value || 0) * 100)}%`),
      ),
    ),
    pitch.reason
      ? h(
          "p",
          { class: `pitch__reason${pitch.recommended ? " is-recommended" : ""}` },
          h("span", { class: "visually-hidden" }, "Why: "),
          pitch.reason,
        )
      : null,
    pitch.note_reply
      ? h(
          "p",
          { class: "pitch__note-reply", "data-testid": "note-reply" },
          h("span", { class: "visually-hidden" }, "On your Studio Note: "),
          pitch.note_reply,
        )
      : null,
    sceneBoard(pitch.scene_board),
    h("div", { class: "pitch__choose" }, choose),
  );
}

export function renderLounge(view) {
  const state = view.state;
  const job = view.job || {};
  const remasterBox = h("input", { type: "checkbox", id: "auto-remaster", "data-key": "auto-remaster" });
  const grid = h("div", { class: "pitches" });
  const note = h("div", { class: "lounge__note" });
  const section = h(
    "section",
    { class: "lounge", "aria-labelledby": "lounge-title" },
    h(
      "div",
      { class: "card lounge__intro" },
      h("h2", { class: "panel__title", id: "lounge-title" }, "The Director's Lounge"),
      h(
        "p",
        { class: "muted" },
        "Four directors read The Eye's analysis and pitch their take. ",
        "The Studio Head ranks them for you and says why; the choice is yours.",
      ),
      job.scores
        ? h(
            "div",
            { class: "eye" },
            h("h3", { class: "eye__title" }, "What The Eye saw"),
            scoreBars(job.scores, { label: "The Eye's scores" }),
            h("p", { class: "muted small" }, `Quality ${Number(job.scores.quality).toFixed(1)} / 10`),
          )
        : null,
      state.invariant_visual_summary
        ? h("p", { class: "invariant" }, h("strong", {}, "Every scene keeps: "), state.invariant_visual_summary)
        : null,
    ),
    note,
    grid,
    h(
      "div",
      { class: "field field--check lounge__remaster" },
      remasterBox,
      h("label", { for: "auto-remaster" }, "Remaster the image before the storyboard, whatever its quality score"),
    ),
  );
  const fill = (pitches) => {
    const said = studioNote(pitches);
    note.replaceChildren(...(said ? [said] : []));
    grid.replaceChildren(...[...pitches].sort((a, b) => a.rank - b.rank).map((p) => pitchCard(view, p, remasterBox)));
    // a preselected pitch has the focus once the Lounge is on the page (Enter chooses it, Tab moves on), unless
    // the person is already somewhere else on the page
    const preselected = pitches.find((p) => p.preselected);
    const button = preselected && grid.querySelector(`[data-key="choose-${preselected.director_id}"]`);
    if (button)
      requestAnimationFrame(() => {
        const idle = !document.activeElement || document.activeElement === document.body;
        if (idle && button.isConnected) button.focus({ preventScroll: true });
      });
  };
  if (state.pitches && state.pitches.length) fill(state.pitches);
  else {
    grid.append(h("p", { class: "muted" }, "The directors are taking their seats…"));
    api(view.url("pitches/"))
      .then(({ data }) => fill(data))
      .catch((error) => showError(error));
  }
  return section;
}
