// Drag-and-drop upload with the same checks the studio makes: type by content, size <= 10 MiB.

import { api } from "./api.js";
import { format, gettext, ngettext } from "./i18n.js";
import { showError } from "./notices.js";

const SIGNATURES = [
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v) },
  {
    type: "image/webp",
    test: (b) => String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
  },
];

function mib(bytes) {
  return format(gettext("%(size)s MiB"), { size: (bytes / (1024 * 1024)).toFixed(1) });
}

export async function checkFile(file, { maxUploadBytes, acceptedTypes }) {
  if (!file) return gettext("Choose an image first.");
  const name = file.name;
  if (file.size === 0) return format(gettext("“%(name)s” is empty."), { name });
  if (file.size > maxUploadBytes) {
    return format(gettext("“%(name)s” is %(size)s; the limit is %(limit)s."), {
      name, size: mib(file.size), limit: mib(maxUploadBytes),
    });
  }
  if (file.type && !acceptedTypes.includes(file.type)) {
    return format(gettext("“%(name)s” is not a JPEG, PNG or WebP image."), { name });
  }
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  if (!SIGNATURES.some((s) => s.test(head))) return format(gettext("“%(name)s” does not look like a JPEG, PNG or WebP image."), { name });
  return null;
}

// The brief beside the image: read from the form, checked as the API checks it, its cost said before upload.
function briefFields() {
  return {
    prompt: document.getElementById("brief-prompt"),
    aspect: document.getElementById("brief-aspect"),
    scenes: document.getElementById("brief-scenes"),
    duration: document.getElementById("brief-duration"),
    resolution: document.getElementById("brief-resolution"),
    count: document.getElementById("brief-prompt-count"),
    cost: document.getElementById("brief-cost"),
  };
}

function briefProblem(f) {
  const scenes = Number(f.scenes.value);
  if (!Number.isInteger(scenes) || scenes < Number(f.scenes.min) || scenes > Number(f.scenes.max)) {
    return {
      field: f.scenes,
      text: format(gettext("Scenes: choose a whole number from %(min)s to %(max)s."), { min: f.scenes.min, max: f.scenes.max }),
    };
  }
  const seconds = Number(f.duration.value);
  if (!f.duration.value || !Number.isFinite(seconds) || seconds < Number(f.duration.min) || seconds > Number(f.duration.max)) {
    return {
      field: f.duration,
      text: format(gettext("Seconds a scene: choose from %(min)s to %(max)s."), { min: f.duration.min, max: f.duration.max }),
    };
  }
  return null;
}

function showCost(f) {
  f.count.textContent = `${f.prompt.value.length} / ${f.prompt.maxLength}`;
  if (briefProblem(f)) {
    f.cost.textContent = "";
    return;
  }
  const scenes = Number(f.scenes.value);
  const seconds = Number(f.duration.value);
  const total = Math.round(scenes * seconds * 10) / 10;
  const length = format(ngettext("%(count)s scene × %(seconds)s s = %(total)s s of video", "%(count)s scenes × %(seconds)s s = %(total)s s of video", scenes), {
    count: scenes, seconds, total,
  });
  const price = format(ngettext("%(count)s credit to render (one a scene), charged when you approve the storyboard", "%(count)s credits to render (one a scene), charged when you approve the storyboard", scenes), {
    count: scenes,
  });
  f.cost.textContent = `${length} · ${price}`;
}

function briefForm(f, form) {
  if (f.prompt.value.trim()) form.append("brand_essence_prompt", f.prompt.value);
  form.append("aspect_ratio", f.aspect.value);
  form.append("scene_count", f.scenes.value);
  form.append("scene_duration", f.duration.value);
  form.append("resolution", f.resolution.value);
}

export function setupUpload(studio) {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  const status = document.getElementById("upload-status");
  const brief = briefFields();
  let busy = false;
  for (const el of [brief.prompt, brief.scenes, brief.duration]) {
    el.addEventListener("input", () => {
      showCost(brief);
      if (status.classList.contains("upload-status--error") && !briefProblem(brief)) say("");
    });
  }
  showCost(brief);

  const say = (text, kind = "") => {
    status.textContent = text;
    status.className = `upload-status ${kind ? `upload-status--${kind}` : ""}`;
  };

  async function send(file) {
    if (busy) return;
    if (input.disabled) {
      say(gettext("Wait for the countdown to finish, then try again."), "error");
      return;
    }
    const problem = await checkFile(file, studio.config);
    if (problem) {
      say(problem, "error");
      return;
    }
    const wrong = briefProblem(brief);
    if (wrong) {
      say(wrong.text, "error");
      wrong.field.focus();
      input.value = "";
      return;
    }
    busy = true;
    zone.classList.add("is-busy");
    zone.setAttribute("aria-busy", "true");
    say(format(gettext("Uploading “%(name)s”…"), { name: file.name }));
    const form = new FormData();
    form.append("image", file, file.name);
    briefForm(brief, form);
    try {
      const { data } = await api("jobs/", { method: "POST", form });
      say("");
      brief.prompt.value = "";
      showCost(brief);
      studio.refreshJobs(1);
      studio.openJob(data.id);
    } catch (error) {
      say(error.status === 429 ? "" : error.message, "error");
      showError(error, input);
    } finally {
      busy = false;
      zone.classList.remove("is-busy");
      zone.removeAttribute("aria-busy");
      input.value = "";
    }
  }

  input.addEventListener("change", () => send(input.files[0]));
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    zone.addEventListener(name, () => zone.classList.remove("is-over"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) send(file);
  });
}
