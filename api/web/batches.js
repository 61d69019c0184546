// The cohort page: upload a batch, follow its progress, see the cohort summary, download, delete.
"use strict";

(() => {
  const { t, el, api, showError, formatBytes } = CP;
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const TYPES = { ".csv": "text/csv", ".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson", ".zip": "application/zip" };
  const page = { config: null, batch: null, status: null, summary: null, timer: null, announced: -1 };

  function extensionOf(name) {
    const dot = name.lastIndexOf(".");
    return dot >= 0 ? name.slice(dot).toLowerCase() : "";
  }

  // --- charts: inline SVG, drawn here -------------------------------------------------------------
  /** A horizontal bar chart; `items` are {label, value}. Drawn at the width it is shown at, so its text
   * stays at reading size on a phone (labels above the bars there), and labelled by its caption. */
  function barChart(items, captionId) {
    const width = Math.max(260, Math.min($("summary").clientWidth || 600, 900));
    const stacked = width < 520;
    const rowHeight = stacked ? 42 : 28;
    const labelWidth = stacked ? 0 : Math.round(width * 0.42);
    const barRoom = width - labelWidth - 36;
    const maxChars = Math.floor((stacked ? width - 4 : labelWidth - 8) / 7);
    const max = Math.max(1, ...items.map((i) => i.value));
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("viewBox", `0 0 ${width} ${Math.max(1, items.length) * rowHeight + 6}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", captionId);
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
      if (text !== undefined) node.textContent = text;
      svg.append(node);
      return node;
    };
    items.forEach((item, i) => {
      const top = i * rowHeight + 4;
      const barY = stacked ? top + 20 : top + 4;
      const short = item.label.length > maxChars ? `${item.label.slice(0, maxChars - 1)}…` : item.label;
      const label = add("text", { x: 0, y: stacked ? top + 14 : top + 16 }, short);
      label.append(Object.assign(document.createElementNS(SVG, "title"), { textContent: item.label }));
      const length = Math.max(2, barRoom * (item.value / max));
      add("rect", { x: labelWidth, y: barY, width: length, height: 16, rx: 3, fill: item.colour || "#0b5cad" });
      add("text", { class: "count", x: labelWidth + length + 6, y: barY + 13 }, String(item.value));
    });
    return svg;
  }

  function table(headers, rows) {
    return el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        {},
        el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))),
      ),
    );
  }

  function figure(id, caption, items, headers, rows) {
    return el(
      "figure",
      {},
      el("figcaption", { id, text: caption }),
      barChart(items, id),
      el("details", {}, el("summary", { text: t("show_table") }), table(headers, rows)),
    );
  }

  /** "58th percentile" / "persentil ke-58" (for the median sentence). */
  function nth(n) {
    const rounded = Math.round(n);
    const suffix = { one: "st", two: "nd", few: "rd", other: "th" }[new Intl.PluralRules("en", { type: "ordinal" }).select(rounded)];
    return { n: rounded, nth: `${rounded}${suffix}` };
  }

  /** The current occupations people were matched to, and where those occupations rank on a measure of
   * exposure to AI (GPT-4's rating when there is one), with what exposure does and does not mean. */
  function exposureSection(summary) {
    if (summary.occupation_found === undefined) return null; // a server from before occupations were read
    const heading = el("h3", { id: "exposure-heading", text: t("cohort_exposure_heading") });
    const counts = el("p", { id: "occupation-counts", text: t("occupations_counts", { found: summary.occupation_found, not_found: summary.occupation_not_found }) });
    // The page's own words for a cohort (the results' `meaning` speaks to one person about "your job").
    const caveat = el("p", { class: "meaning", text: t("cohort_meaning") });
    if (!summary.occupation_found) return [heading, el("p", { text: t("cohort_exposure_none") }), caveat];
    const spreads = summary.exposure || [];
    const main = spreads.find((m) => m.measure === "gpt4_beta") || spreads[0];
    const thirds = (m) => [
      { label: t("third_top"), value: m.top_third, colour: "#08467f" },
      { label: t("third_middle"), value: m.middle_third, colour: "#2f6db3" },
      { label: t("third_bottom"), value: m.bottom_third, colour: "#5d6670" },
    ];
    return [
      heading,
      counts,
      figure(
        "chart-occupations",
        t("chart_occupations"),
        summary.occupations.map((o) => ({ label: o.title, value: o.people, colour: "#5b3f9e" })),
        [t("col_occupation"), t("col_code"), t("col_people")],
        summary.occupations.map((o) => [o.title, o.code, String(o.people)]),
      ),
      main
        ? [
            figure(
              "chart-exposure",
              t("chart_exposure", { name: main.name }),
              thirds(main),
              [t("col_measure"), t("col_top"), t("col_middle"), t("col_bottom"), t("col_median")],
              spreads.map((m) => [m.name, String(m.top_third), String(m.middle_third), String(m.bottom_third), m.median_percentile === null ? "—" : String(Math.round(m.median_percentile))]),
            ),
            main.median_percentile !== null ? el("p", { id: "exposure-median", text: t("exposure_median", { ...nth(main.median_percentile), people: main.people }) }) : null,
          ]
        : null,
      caveat,
    ];
  }

  function renderSummary(summary) {
    const box = $("summary");
    box.hidden = false; // shown first, so the charts are drawn at the width they are shown at
    const link = (step) => (step ? el("a", { href: step.url, target: "_blank", rel: "noopener noreferrer", text: step.title }) : "");
    box.replaceChildren(
      el(
        "div",
        {},
      el("h2", { text: t("summary_heading") }),
      el("p", { id: "summary-counts", text: t("summary_counts", { people: summary.people, failed: summary.failed }) }),
      figure(
        "chart-roles",
        t("chart_roles"),
        summary.roles.map((r) => ({ label: r.title, value: r.people })),
        [t("col_role"), t("col_people"), t("col_first")],
        summary.roles.map((r) => [r.title, String(r.people), String(r.first_choice)]),
      ),
      figure(
        "chart-gaps",
        t("chart_gaps"),
        summary.gaps.map((g) => ({ label: g.skill, value: g.people, colour: "#a35f00" })),
        [t("col_gap"), t("col_people"), t("first_step")],
        summary.gaps.map((g) => [g.skill, String(g.people), link(g.first_step)]),
      ),
      el("h3", { text: t("steps_heading") }),
      el(
        "ul",
        { class: "steps" },
        summary.gaps.filter((g) => g.first_step).slice(0, 8).map((g) => el("li", {}, el("strong", { text: g.skill }), " — ", link(g.first_step))),
      ),
      figure(
        "chart-skills",
        t("chart_skills"),
        summary.skills.map((s) => ({ label: s.skill, value: s.people, colour: "#1d7a3a" })),
        [t("col_skill"), t("col_people")],
        summary.skills.map((s) => [s.skill, String(s.people)]),
      ),
      exposureSection(summary),
      summary.errors.length
        ? [el("h3", { id: "errors-heading", text: t("errors_heading") }), table([t("col_row"), t("col_message")], summary.errors.map((e) => [e.id, e.message]))]
        : null,
      ),
    );
    box.hidden = false;
  }

  // --- following one batch ------------------------------------------------------------------------
  function showProgress(status) {
    page.status = status;
    const finished = status.processed; // rows done, failed ones included
    const pct = status.total ? Math.round((100 * finished) / status.total) : 100;
    $("progress").value = pct;
    $("progress").textContent = `${pct}%`;
    $("progress-text").textContent = `${t(`status_${status.status}`)}: ${t("progress_text", { ...status, processed: finished, pct })}`;
    // The live region speaks at each quarter and at the end, not at every poll.
    const step = status.status === "done" || status.status === "failed" ? 100 : Math.floor(pct / 25) * 25;
    if (step !== page.announced) {
      page.announced = step;
      $("progress-live").textContent = `${t("progress_label")}: ${pct}%. ${t(`status_${status.status}`)}`;
    }
  }

  async function follow(batchId) {
    clearTimeout(page.timer);
    page.batch = batchId;
    page.announced = -1;
    $("batch").hidden = false;
    $("summary").hidden = true;
    showError($("batch-error"), null);
    for (const id of ["download-csv", "download-jsonl"]) $(id).disabled = true;
    const url = new URL(location.href);
    url.searchParams.set("batch", batchId);
    history.replaceState(null, "", url);
    const poll = async () => {
      if (page.batch !== batchId) return;
      try {
        const status = await api(`/v1/batches/${encodeURIComponent(batchId)}`);
        showProgress(status);
        if (status.status === "done" || status.status === "failed") {
          page.summary = await api(`/v1/batches/${encodeURIComponent(batchId)}/summary`);
          renderSummary(page.summary);
          for (const id of ["download-csv", "download-jsonl"]) $(id).disabled = false;
          loadList();
          return;
        }
      } catch (err) {
        showError($("batch-error"), err);
        if (err.status === 404) return;
      }
      page.timer = setTimeout(poll, 400);
    };
    await poll();
  }

  async function download(format) {
    try {
      const response = await api(`/v1/batches/${encodeURIComponent(page.batch)}/results?format=${format}`, { raw: true });
      const blob = await response.blob();
      const link = el("a", { href: URL.createObjectURL(blob), download: `careerpivot-${page.batch}.${format}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (err) {
      showError($("batch-error"), err);
    }
  }

  async function remove(batchId) {
    if (!confirm(t("delete_confirm"))) return;
    try {
      await api(`/v1/batches/${encodeURIComponent(batchId)}`, { method: "DELETE" });
      if (page.batch === batchId) {
        clearTimeout(page.timer);
        page.batch = null;
        $("batch").hidden = true;
        const url = new URL(location.href);
        url.searchParams.delete("batch");
        history.replaceState(null, "", url);
      }
      $("status").textContent = t("deleted");
      loadList();
    } catch (err) {
      showError($("error"), err);
    }
  }

  // --- this key's batches -------------------------------------------------------------------------
  async function loadList() {
    const box = $("list");
    try {
      const data = await api("/v1/batches");
      if (!data.batches.length) {
        box.replaceChildren(el("p", { text: t("list_empty") }));
        return;
      }
      const when = (iso) => new Date(iso).toLocaleString(CP.state.lang === "id" ? "id-ID" : "en-GB");
      box.replaceChildren(
        table(
          [t("col_created"), t("col_status"), t("col_rows"), t("col_actions")],
          data.batches.map((b) => [
            when(b.created_at),
            t(`status_${b.status}`),
            `${b.processed} / ${b.total}`,
            el(
              "span",
              { class: "actions" },
              el("button", { type: "button", class: "secondary", "aria-label": `${t("open")} ${when(b.created_at)}`, onclick: () => follow(b.id).then(() => $("progress-heading").focus()), text: t("open") }),
              el("button", { type: "button", class: "danger", "aria-label": `${t("delete")} ${when(b.created_at)}`, onclick: () => remove(b.id), text: t("delete") }),
            ),
          ]),
        ),
      );
    } catch (err) {
      box.replaceChildren(el("p", { class: "warn", text: err.message }));
    }
  }

  // --- uploading ----------------------------------------------------------------------------------
  async function onSubmit(event) {
    event.preventDefault();
    await ready;
    const file = $("batch-file").files[0];
    showError($("error"), null);
    if (!file) {
      showError($("error"), new Error(t("batch_no_file")));
      return;
    }
    const type = TYPES[extensionOf(file.name)];
    if (!type) {
      showError($("error"), new Error(t("batch_bad_type")));
      return;
    }
    if (file.size > page.config.max_batch_bytes) {
      showError($("error"), new Error(t("file_too_big", { size: formatBytes(file.size), limit: formatBytes(page.config.max_batch_bytes) })));
      return;
    }
    $("submit").disabled = true;
    try {
      const created = await api(`/v1/batches?top_k=${$("top-k").value}`, { method: "POST", body: file, contentType: type });
      $("status").textContent = t("opened", { id: created.id });
      follow(created.id);
      $("progress-heading").focus();
      loadList();
    } catch (err) {
      showError($("error"), err);
    } finally {
      $("submit").disabled = false;
    }
  }

  function helpText() {
    $("batch-help").textContent = t("batch_file_help", {
      size: formatBytes(page.config.max_batch_bytes),
      rows: page.config.max_batch_rows.toLocaleString(CP.state.lang),
    });
  }

  const ready = CP.start(() => {
    helpText();
    if (page.status) showProgress(page.status);
    if (page.summary) renderSummary(page.summary);
    loadList();
  });
  ready.then((config) => {
    page.config = config;
    helpText();
    loadList();
    const reopen = new URLSearchParams(location.search).get("batch");
    if (reopen) follow(reopen);
  });
  $("batch-form").addEventListener("submit", onSubmit);
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-jsonl").addEventListener("click", () => download("jsonl"));
  $("delete").addEventListener("click", () => page.batch && remove(page.batch));
  $("refresh").addEventListener("click", loadList);
  let resizing;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => page.summary && !$("summary").hidden && renderSummary(page.summary), 150);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    $("batch-file").files = transfer.files;
  });
})();
