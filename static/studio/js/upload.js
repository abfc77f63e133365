// Drag-and-drop upload with the same checks the studio makes: type by content, size <= 10 MiB.

import { api } from "./api.js";
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
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export async function checkFile(file, { maxUploadBytes, acceptedTypes }) {
  if (!file) return "Choose an image first.";
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > maxUploadBytes) return `“${file.name}” is ${mib(file.size)}; the limit is ${mib(maxUploadBytes)}.`;
  if (file.type && !acceptedTypes.includes(file.type)) {
    return `“${file.name}” is not a JPEG, PNG or WebP image.`;
  }
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  if (!SIGNATURES.some((s) => s.test(head))) return `“${file.name}” does not look like a JPEG, PNG or WebP image.`;
  return null;
}

export function setupUpload(studio) {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file-input");
  const status = document.getElementById("upload-status");
  let busy = false;

  const say = (text, kind = "") => {
    status.textContent = text;
    status.className = `upload-status ${kind ? `upload-status--${kind}` : ""}`;
  };

  async function send(file) {
    if (busy) return;
    if (input.disabled) {
      say("Wait for the countdown to finish, then try again.", "error");
      return;
    }
    const problem = await checkFile(file, studio.config);
    if (problem) {
      say(problem, "error");
      return;
    }
    busy = true;
    zone.classList.add("is-busy");
    zone.setAttribute("aria-busy", "true");
    say(`Uploading “${file.name}”…`);
    const form = new FormData();
    form.append("image", file, file.name);
    try {
      const { data } = await api("jobs/", { method: "POST", form });
      say("");
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
