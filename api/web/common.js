// What both pages share: UI language, the API key (session storage only), calls to the API.
"use strict";

const CP = (() => {
  const KEY_STORE = "careerpivot.apiKey";
  const LANG_STORE = "careerpivot.lang";
  const state = { lang: "en", config: null, bodyLang: false };

  function pickLanguage() {
    const asked = new URLSearchParams(location.search).get("lang");
    const saved = localStorage.getItem(LANG_STORE);
    const browser = (navigator.language || "en").slice(0, 2);
    for (const choice of [asked, saved, browser]) {
      if (choice && window.CP_STRINGS[choice]) return choice;
    }
    return "en";
  }

  /** A UI string in the chosen language, with {name} placeholders filled in. */
  function t(key, params = {}) {
    const table = window.CP_STRINGS[state.lang] || window.CP_STRINGS.en;
    const text = table[key] ?? window.CP_STRINGS.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
  }

  /** Fill every element marked data-i18n (text) or data-i18n-attr="attr:key" with its string. */
  function applyStrings(root = document) {
    document.documentElement.lang = state.lang;
    for (const node of root.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n, node.dataset.params ? JSON.parse(node.dataset.params) : {});
    }
    for (const node of root.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of node.dataset.i18nAttr.split(",")) {
        const [attr, key] = pair.split(":");
        node.setAttribute(attr, t(key));
      }
    }
  }

  /** Build an element: el("p", {class: "x"}, "text", child). Text is always set as text, never HTML. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function formatBytes(bytes) {
    if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
    if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
    return `${bytes} B`;
  }

  function apiKey() {
    return sessionStorage.getItem(KEY_STORE) || "";
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Call the API with the key and language; resolves to the parsed JSON, or throws ApiError with the API's message. */
  async function api(path, { method = "GET", json, form, body, contentType, raw = false } = {}) {
    const url = new URL(path, location.origin);
    url.searchParams.set("lang", state.lang);
    const headers = { "Accept-Language": state.lang };
    if (apiKey()) headers["X-API-Key"] = apiKey();
    let payload = body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(state.bodyLang ? { ...json, lang: state.lang } : json);
    } else if (form) {
      if (state.bodyLang) form.set("lang", state.lang);
      payload = form;
    } else if (contentType) {
      headers["Content-Type"] = contentType;
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body: payload });
    } catch (err) {
      throw new ApiError(0, "network_error", t("network_error"));
    }
    if (!response.ok) {
      let code = "http_error";
      let message = `${response.status} ${response.statusText}`;
      try {
        const data = await response.json();
        code = data.error?.code || code;
        message = data.error?.message || message;
      } catch (err) {
        /* not JSON: keep the status line */
      }
      if (response.status === 401) showKeyForm();
      throw new ApiError(response.status, code, message);
    }
    if (raw) return response;
    if (response.status === 204) return null;
    return response.json();
  }

  /** Show an error (the API's own message, with its code) in a page region. */
  function showError(region, err) {
    region.replaceChildren();
    if (!err) {
      region.hidden = true;
      return;
    }
    region.hidden = false;
    const message = err instanceof ApiError && err.status ? `${t("error_prefix")} (${err.code}): ` : "";
    region.append(el("p", {}, el("strong", { text: message }), err.message));
  }

  /** Ask for a key (the API's own message shows where the request was made). */
  function showKeyForm() {
    const form = document.getElementById("key-form");
    if (!form) return;
    form.hidden = false;
    document.getElementById("key-note").textContent = t("key_help");
  }

  function setUpKeyForm() {
    const form = document.getElementById("key-form");
    const input = document.getElementById("api-key");
    const forget = document.getElementById("key-forget");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY_STORE, input.value.trim());
      input.value = "";
      document.getElementById("key-note").textContent = t("key_saved");
      forget.hidden = false;
    });
    forget.addEventListener("click", () => {
      sessionStorage.removeItem(KEY_STORE);
      forget.hidden = true;
      showKeyForm();
    });
    forget.hidden = !apiKey();
    if (state.config?.api_keys_required) {
      form.hidden = false;
      document.getElementById("key-note").textContent = apiKey() ? t("key_saved") : t("key_help");
    }
  }

  /** Does this server's recommendation request take a `lang` field? (Sending an unknown field is refused.) */
  async function detectBodyLang() {
    try {
      const response = await fetch("/openapi.json");
      const spec = await response.json();
      return Boolean(spec.components?.schemas?.RecommendationRequest?.properties?.lang);
    } catch (err) {
      return false;
    }
  }

  async function start(onLanguage) {
    state.lang = pickLanguage();
    const select = document.getElementById("lang");
    select.value = state.lang;
    applyStrings();
    select.addEventListener("change", () => {
      state.lang = select.value;
      localStorage.setItem(LANG_STORE, state.lang);
      applyStrings();
      onLanguage?.();
    });
    const [config, bodyLang] = await Promise.all([
      fetch("/web-config.json").then((r) => r.json()),
      detectBodyLang(),
    ]);
    state.config = config;
    state.bodyLang = bodyLang;
    setUpKeyForm();
    return config;
  }

  return { state, t, el, api, ApiError, applyStrings, formatBytes, showError, start };
})();
