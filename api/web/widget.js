// careerpivot widget for job boards. On the host page:
//   <div data-careerpivot></div>
//   <script src="https://HOST/widget.js" data-api-key="..." data-lang="id"></script>
// It renders into a shadow root (no styles leak in or out; the host's font is inherited) and calls
// the API on HOST with the key. The host page's origin must be in CAREERPIVOT_CORS_ORIGINS.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const base = new URL(script.src).origin;
  const key = script.dataset.apiKey || "";
  const STRINGS = {
    en: {
      title: "Which AI-era roles fit you?",
      text_label: "Describe your work or list your skills",
      file_label: "Or choose a résumé file (PDF, DOCX, TXT, Markdown)",
      submit: "Suggest roles",
      working: "Finding roles…",
      found: "Your top roles:",
      full: "See the full view, with gaps and first steps",
      empty: "Write a few words about your work or choose a file first.",
      score: "score",
    },
    id: {
      title: "Peran era AI mana yang cocok untuk Anda?",
      text_label: "Ceritakan pekerjaan Anda atau tulis keahlian Anda",
      file_label: "Atau pilih berkas CV (PDF, DOCX, TXT, Markdown)",
      submit: "Sarankan peran",
      working: "Mencari peran…",
      found: "Peran teratas Anda:",
      full: "Lihat tampilan lengkap, dengan kekurangan dan langkah pertama",
      empty: "Tulis beberapa kata tentang pekerjaan Anda atau pilih berkas terlebih dahulu.",
      score: "skor",
    },
  };
  const lang = STRINGS[script.dataset.lang] ? script.dataset.lang : "en";
  const s = STRINGS[lang];

  const CSS = `
    :host { display: block; contain: content; font: inherit; color: inherit; }
    * { box-sizing: border-box; }
    .cp { border: 1px solid #c9ced6; border-radius: 8px; padding: 1em; background: #fff; color: #1b1f24; max-width: 40em; }
    h2 { font-size: 1.15em; margin: 0 0 0.6em; }
    label { display: block; font-weight: 600; margin: 0.5em 0 0.25em; }
    textarea { width: 100%; font: inherit; padding: 0.4em; border: 1px solid #6b7480; border-radius: 6px; }
    input[type=file] { font: inherit; max-width: 100%; }
    button { font: inherit; margin-top: 0.75em; padding: 0.45em 1em; border: 0; border-radius: 6px; background: #0b5cad; color: #fff; cursor: pointer; }
    button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .status { min-height: 1.4em; margin: 0.6em 0 0; color: #4a5360; }
    .error { color: #a4161a; font-weight: 600; }
    ol { padding-left: 1.3em; margin: 0.4em 0; }
    li { margin: 0.5em 0; }
    .score { color: #4a5360; font-size: 0.9em; }
    .reason { display: block; font-size: 0.95em; }
    mark { background: #fff0a8; color: inherit; }
    a { color: #0b5cad; }
  `;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  /** The reason as nodes, with the person's own words (the evidence) marked. */
  function reasonNodes(reason, evidence) {
    const phrase = evidence.filter((e) => e && reason.includes(e)).sort((a, b) => b.length - a.length)[0];
    if (!phrase) return [reason];
    const at = reason.indexOf(phrase);
    return [reason.slice(0, at), el("mark", { text: phrase }), reason.slice(at + phrase.length)];
  }

  async function ask(text, file) {
    const headers = { "Accept-Language": lang };
    if (key) headers["X-API-Key"] = key;
    let body;
    let path = "/v1/recommendations";
    if (file) {
      body = new FormData();
      body.set("file", file);
      body.set("top_k", "3");
      path += "/upload";
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify({ text, top_k: 3 });
    }
    const response = await fetch(`${base}${path}?lang=${lang}`, { method: "POST", headers, body });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error?.message || `${response.status} ${response.statusText}`);
    return data;
  }

  let counter = 0;
  function mount(host) {
    if (host.shadowRoot) return;
    const n = ++counter;
    const root = host.attachShadow({ mode: "open" });
    const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
    const results = el("div", { class: "results" });
    const text = el("textarea", { id: `cp-text-${n}`, rows: "4" });
    const file = el("input", { id: `cp-file-${n}`, type: "file", accept: ".pdf,.docx,.txt,.md" });
    const form = el(
      "form",
      {},
      el("label", { for: `cp-text-${n}`, text: s.text_label }),
      text,
      el("label", { for: `cp-file-${n}`, text: s.file_label }),
      file,
      el("div", {}, el("button", { type: "submit", text: s.submit })),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      results.replaceChildren();
      const chosen = file.files[0];
      if (!text.value.trim() && !chosen) {
        status.replaceChildren(el("span", { class: "error", text: s.empty }));
        return;
      }
      status.textContent = s.working;
      try {
        const data = await ask(text.value.trim(), chosen);
        status.textContent = s.found;
        const list = el("ol", {});
        for (const suggestion of data.suggestions.slice(0, 3)) {
          const evidence = suggestion.transferable_skills.map((t) => t.evidence);
          list.append(
            el(
              "li",
              {},
              el("strong", { text: suggestion.title }),
              el("span", { class: "score", text: ` (${s.score} ${suggestion.score.toFixed(2)})` }),
              el("span", { class: "reason" }, ...reasonNodes(suggestion.reasons[0] || "", evidence)),
            ),
          );
        }
        results.replaceChildren(list, el("a", { href: `${base}/?lang=${lang}`, target: "_blank", rel: "noopener", text: s.full }));
      } catch (err) {
        status.replaceChildren(el("span", { class: "error", text: err.message }));
      }
    });
    const style = el("style", {});
    style.textContent = CSS;
    root.append(style, el("section", { class: "cp", lang, "aria-label": s.title }, el("h2", { text: s.title }), form, status, results));
  }

  function mountAll() {
    const target = script.dataset.target;
    const hosts = target ? document.querySelectorAll(target) : document.querySelectorAll("[data-careerpivot], #careerpivot");
    hosts.forEach(mount);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
