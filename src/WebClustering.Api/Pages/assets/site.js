// Helpers shared by the pages. Text always goes in through textContent: dataset names and ids come from users.
"use strict";

// The API key lives in this browser's localStorage and goes out as X-Api-Key on every API call. Images, downloads
// and the event stream are fetched too (an <img src>, a link or an EventSource cannot send a header).
const apiKeyStorage = "webclustering.apiKey";

function apiKey() { return localStorage.getItem(apiKeyStorage) || ""; }

function apiHeaders(extra) {
  const headers = { ...(extra || {}) };
  if (apiKey()) headers["X-Api-Key"] = apiKey();
  return headers;
}

function apiFetch(url, options) {
  return fetch(url, { ...(options || {}), headers: apiHeaders(options?.headers) });
}

// The key field in the page header: saved on change, then the page loads again with it.
function setUpKeyField() {
  const field = document.querySelector("#api-key");
  if (!field) return;
  field.value = apiKey();
  field.addEventListener("change", () => {
    if (field.value.trim()) localStorage.setItem(apiKeyStorage, field.value.trim());
    else localStorage.removeItem(apiKeyStorage);
    location.reload();
  });
}

function el(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  return node;
}

function row(cells) {
  const tr = el("tr");
  for (const cell of cells) {
    const td = el("td");
    if (cell instanceof Node) td.append(cell); else td.textContent = cell ?? "";
    tr.append(td);
  }
  return tr;
}

async function getJson(url, options) {
  const response = await apiFetch(url, options);
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.detail || body?.title || `${response.status} ${response.statusText}`);
  return body;
}

async function getBlob(url) {
  const response = await apiFetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return { blob: await response.blob(), disposition: response.headers.get("content-disposition") };
}

// An image fetched with the key, shown from a blob URL.
function apiImage(url, attributes) {
  const image = el("img", null, attributes);
  getBlob(url).then(({ blob }) => { image.src = URL.createObjectURL(blob); }, error => { image.alt = `${image.alt} (${error.message})`; });
  return image;
}

// A link that downloads through fetch (with the key); the href stays the real URL, to copy.
function apiLink(text, url, fileName) {
  const link = el("a", text, { href: url });
  link.addEventListener("click", async event => {
    event.preventDefault();
    try {
      const { blob, disposition } = await getBlob(url);
      const save = el("a", null, { href: URL.createObjectURL(blob),
        download: /filename="?([^";]+)"?/.exec(disposition || "")?.[1] || fileName || url.split("/").pop() });
      save.click();
      setTimeout(() => URL.revokeObjectURL(save.href), 60000);
    } catch (error) {
      link.title = error.message;
      link.classList.add("error");
    }
  });
  return link;
}

// Server-Sent Events read through fetch, so that the key goes along. onEvent(type, data) per event; after a
// dropped connection it reconnects with Last-Event-ID (as EventSource would) until stop() or a refusal (4xx).
function followEvents(url, onEvent, onError) {
  let lastId = null, stopped = false, controller = null;
  function dispatch(block) {
    let type = "message", id = null;
    const data = [];
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      if (colon === 0) continue; // a comment
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") type = value; else if (field === "data") data.push(value); else if (field === "id") id = value;
    }
    if (id !== null) lastId = id;
    if (data.length > 0 && !stopped) onEvent(type, data.join("\n"));
  }
  (async () => {
    while (!stopped) {
      try {
        controller = new AbortController();
        const response = await fetch(url, { headers: apiHeaders(lastId ? { "Last-Event-ID": lastId } : {}), signal: controller.signal });
        if (response.status >= 400 && response.status < 500) {
          const body = await response.json().catch(() => null);
          onError?.(body?.detail || body?.title || `${response.status} ${response.statusText}`);
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, "\n");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (error) {
        if (stopped) return;
      }
      if (!stopped) await new Promise(resolve => setTimeout(resolve, 1000));
    }
  })();
  return { stop() { stopped = true; controller?.abort(); } };
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function when(iso) { return iso ? new Date(iso).toLocaleString() : ""; }

setUpKeyField();
