// The one-person page: a profile in (text, skills or a résumé file), ranked role cards out.
"use strict";

(() => {
  const { t, el, api, showError, formatBytes } = CP;
  const $ = (id) => document.getElementById(id);
  const page = { config: null, roles: null, last: null, request: null, file: null };

  // --- the score scale, as the README documents it -------------------------------------------
  function scoreMeaning(score) {
    if (score >= 0.7) return t("score_strong");
    if (score >= 0.5) return t("score_solid");
    if (score >= 0.3) return t("score_related");
    return t("score_low");
  }

  function scoreClass(score) {
    return score >= 0.7 ? "strong" : score >= 0.5 ? "solid" : score >= 0.3 ? "related" : "low";
  }

  // --- the person's own words, highlighted ------------------------------------------------------
  /** Text as nodes, with every occurrence of the person's phrases wrapped in <mark>. */
  function highlight(text, phrases) {
    const wanted = [...new Set(phrases.filter((p) => p && p.length > 1))].sort((a, b) => b.length - a.length);
    const spans = [];
    for (const phrase of wanted) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(phrase, from);
        if (at < 0) break;
        const end = at + phrase.length;
        if (!spans.some(([s, e]) => at < e && end > s)) spans.push([at, end]);
        from = end;
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    const nodes = [];
    let cursor = 0;
    for (const [start, end] of spans) {
      if (start > cursor) nodes.push(text.slice(cursor, start));
      nodes.push(el("mark", { text: text.slice(start, end) }));
      cursor = end;
    }
    if (cursor < text.length) nodes.push(text.slice(cursor));
    return nodes;
  }

  // --- reading the form -------------------------------------------------------------------------
  function splitSkills(value) {
    return value
      .split(/[;,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  function extensionOf(name) {
    const dot = name.lastIndexOf(".");
    return dot >= 0 ? name.slice(dot).toLowerCase() : "";
  }

  /** Check a chosen file against the limits the server published; returns a message or "". */
  function fileProblem(file) {
    const { max_upload_bytes: limit, upload_types: types } = page.config;
    if (file.size > limit) {
      return t("file_too_big", { size: formatBytes(file.size), limit: formatBytes(limit) });
    }
    const ext = extensionOf(file.name);
    if (ext && !types.includes(ext)) return t("file_bad_type", { ext, types: types.join(", ") });
    return "";
  }

  async function chooseFile(file) {
    await ready;
    page.file = file || null;
    const note = $("file-note");
    $("file-clear").hidden = !file;
    if (!file) {
      note.textContent = "";
      note.className = "note";
      return;
    }
    const problem = fileProblem(file);
    note.textContent = problem || t("file_chosen", { name: file.name, size: formatBytes(file.size) });
    note.className = problem ? "note warn" : "note";
  }

  function setUpDrop() {
    const drop = $("drop");
    const input = $("file");
    input.addEventListener("change", () => chooseFile(input.files[0]));
    $("file-clear").addEventListener("click", () => {
      input.value = "";
      chooseFile(null);
      input.focus();
    });
    for (const name of ["dragenter", "dragover"]) {
      drop.addEventListener(name, (event) => {
        event.preventDefault();
        drop.classList.add("dragging");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      drop.addEventListener(name, () => drop.classList.remove("dragging"));
    }
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files?.[0];
      if (!file) return;
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      chooseFile(file);
    });
  }

  // --- asking the API ---------------------------------------------------------------------------
  async function catalog() {
    if (!page.roles) {
      const data = await api("/v1/roles");
      page.roles = new Map(data.roles.map((role) => [role.id, role]));
    }
    return page.roles;
  }

  function noBars(err) {
    console.warn("requirement coverage unavailable:", err.message);
    return null;
  }

  /** Ranked suggestions, then every requirement's coverage for them (one more call). */
  async function match(request) {
    let ranked;
    let explained;
    if (request.file) {
      const form = new FormData();
      form.set("file", request.file);
      form.set("top_k", String(request.top_k));
      ranked = await api("/v1/recommendations/upload", { method: "POST", form });
      const again = new FormData();
      again.set("file", request.file);
      for (const s of ranked.suggestions) again.append("role_ids", s.role_id);
      explained = await api("/v1/explanations/upload", { method: "POST", form: again }).catch(noBars);
    } else {
      const body = { top_k: request.top_k };
      if (request.text) body.text = request.text;
      if (request.skills.length) body.skills = request.skills;
      ranked = await api("/v1/recommendations", { method: "POST", json: body });
      explained = await api("/v1/explanations", {
        method: "POST",
        json: { text: body.text, skills: body.skills, role_ids: ranked.suggestions.map((s) => s.role_id) },
      }).catch(noBars);
    }
    const coverage = new Map((explained?.explanations || []).map((e) => [e.role_id, e.requirements]));
    return { ...ranked, coverage };
  }

  async function explainOne(request, roleId) {
    if (request.file) {
      const form = new FormData();
      form.set("file", request.file);
      form.append("role_ids", roleId);
      return api("/v1/explanations/upload", { method: "POST", form });
    }
    return api("/v1/explanations", {
      method: "POST",
      json: { text: request.text || undefined, skills: request.skills.length ? request.skills : undefined, role_ids: [roleId] },
    });
  }

  // --- rendering --------------------------------------------------------------------------------
  let tipCounter = 0;

  function requirementBars(requirements) {
    const list = el("ul", { class: "reqs" });
    for (const req of requirements) {
      const pct = Math.round(req.coverage * 100);
      const tipId = `tip-${++tipCounter}`;
      const tip = el(
        "span",
        { class: "tip", role: "tooltip", id: tipId },
        req.evidence
          ? [el("span", { text: t("evidence_your_words", { evidence: req.evidence }) }),
             req.line && req.line !== req.evidence ? el("span", { class: "tip-line", text: t("evidence_line", { line: req.line }) }) : null]
          // Covered, but the pair judge found no single phrase that shows it clearly enough to quote.
          : t(req.coverage >= 0.3 ? "evidence_unclear" : "evidence_none"),
      );
      list.append(
        el(
          "li",
          { class: "req-item" },
          el(
            "button",
            { type: "button", class: "req", "aria-describedby": tipId },
            el("span", { class: "req-name" }, req.skill, req.required ? null : el("small", { text: ` (${t("nice_to_have")})` })),
            el("span", { class: "meter", "aria-hidden": "true" }, el("span", { class: `fill ${scoreClass(req.coverage)}`, style: `width: ${pct}%` })),
            el("span", { class: "pct", text: t("covered", { pct }) }),
          ),
          tip,
        ),
      );
    }
    return list;
  }

  function stepLink(title, url) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: title });
  }

  /** A plan step's hours, cost and credential on one line, with the hours' basis said. */
  function stepFacts(step) {
    let hours = t("hours_unknown");
    if (step.hours !== null && step.hours !== undefined) {
      const basis = step.hours_basis ? ownWord("basis", step.hours_basis) : "";
      const how = [basis, step.hours_note].filter(Boolean).join(": ");
      hours = t("hours_known", { hours: number(step.hours) }) + (how ? ` (${how})` : "");
    }
    return el(
      "p",
      { class: "step-facts" },
      el("span", { text: hours }),
      el("span", { text: t("step_cost", { cost: step.cost }) }),
      el("span", { text: t("step_credential", { credential: step.credential }) }),
    );
  }

  /** The gaps in order, each with its first step; with a plan, each step's hours, cost and credential
   * too, and a step that already closed a gap above is marked instead of repeated. */
  function gapList(gaps, plan) {
    if (!gaps.length) return el("p", { text: t("no_gaps") });
    const unused = [...(plan?.steps || [])];
    const stepFor = (gap) => {
      const at = unused.findIndex((step) => step.gap === gap.skill && (!gap.first_step || step.url === gap.first_step.url));
      return at >= 0 ? unused.splice(at, 1)[0] : null;
    };
    return el(
      "ul",
      { class: plan ? "gaps planned" : "gaps" },
      gaps.map((gap) => {
        const step = plan && gap.first_step ? stepFor(gap) : null; // a prerequisite has none: it is asked for first
        const first = gap.first_step;
        return el(
          "li",
          {},
          el("strong", { text: gap.skill }),
          gap.prerequisite ? el("span", { class: "tag", text: t("prerequisite") }) : null,
          step?.same_step_as_above
            ? [" — ", el("span", { class: "same-step", text: t("same_step", { step: step.step }) })]
            : first
              ? [" — ", stepLink(first.title, first.url), el("span", { class: "kind", text: ` (${kindName(first.kind)})` })]
              : null,
          step && !step.same_step_as_above ? stepFacts(step) : null,
          !step && plan?.prerequisites?.includes(gap.skill) ? el("p", { class: "step-facts", text: t("plan_prereq_note") }) : null,
        );
      }),
    );
  }

  /** The page's word for an API code ("first-gig", "team estimate"), or the API's own text if it has none. */
  function ownWord(prefix, code) {
    const key = `${prefix}_${String(code).replace(/\W+/g, "_")}`;
    const word = t(key);
    return word === key ? code : word;
  }

  function kindName(kind) {
    return ownWord("kind", kind);
  }

  function number(value) {
    return Number(value).toLocaleString(CP.state.lang, { maximumFractionDigits: 3 });
  }

  /** "58th percentile" / "persentil ke-58". */
  function percentileText(n) {
    const rules = new Intl.PluralRules("en", { type: "ordinal" });
    const suffix = { one: "st", two: "nd", few: "rd", other: "th" }[rules.select(n)];
    return t("percentile", { n, nth: `${n}${suffix}` });
  }

  // --- the plan: totals said plainly, what the role asks for first, the portfolio task -------------
  function planTotals(plan) {
    const plural = (key, n) => t(n === 1 ? `${key}_one` : key, { n });
    const unknownHours = plan.steps_with_unknown_hours;
    const noneKnown = !(plan.total_hours_known > 0);
    const hours = noneKnown
      ? unknownHours ? plural("plan_hours_all_unknown", unknownHours) : t("plan_no_hours")
      : t("plan_hours", { hours: number(plan.total_hours_known) }) + (unknownHours ? plural("plan_plus_hours", unknownHours) : "");
    const costs = plan.total_cost_known || [];
    const cost = costs.length
      ? t("plan_cost", { amounts: costs.map((c) => `${c.currency} ${number(c.amount)}`).join(" + ") })
      : t("plan_no_cost");
    return el(
      "div",
      { class: "plan-totals" },
      el("p", {}, hours, "."),
      el("p", {}, cost, plan.steps_with_unknown_cost ? plural("plan_plus_cost", plan.steps_with_unknown_cost) : "", "."),
    );
  }

  function portfolioTask(task) {
    return el(
      "details",
      { class: "portfolio" },
      el("summary", {}, el("strong", { text: t("portfolio_heading") }), " ", task.title),
      el("p", { text: task.description }),
      task.done_when?.length ? [el("p", { class: "done-when", text: t("portfolio_done_when") }), el("ul", {}, task.done_when.map((d) => el("li", { text: d })))] : null,
    );
  }

  function planExtras(plan) {
    if (!plan) return null;
    const asks = plan.prerequisites || [];
    return [
      plan.steps.length ? planTotals(plan) : el("p", { class: "help", text: t("plan_no_steps") }),
      asks.length
        ? el("div", { class: "asks-first" }, el("p", {}, el("strong", { text: t("asks_first") }), " ", asks.join(", ")), el("p", { class: "help", text: t("asks_first_help") }))
        : null,
      plan.portfolio_task ? portfolioTask(plan.portfolio_task) : null,
    ];
  }

  // --- exposure: published measures, side by side ------------------------------------------------
  function percentileBar(percentile) {
    if (percentile === null || percentile === undefined) return el("p", { class: "pctl", text: t("percentile_none") });
    return el(
      "p",
      { class: "pctl" },
      el("span", { class: "meter", "aria-hidden": "true" }, el("span", { class: "fill pctl-fill", style: `width: ${Math.max(2, percentile)}%` })),
      el("span", { class: "pctl-text", text: percentileText(percentile) }),
    );
  }

  function measureList(measures, compact = false) {
    return el(
      "ul",
      { class: compact ? "measures compact" : "measures" },
      measures.map((m) =>
        el(
          "li",
          { class: "measure" },
          el("p", { class: "measure-name", text: m.name }),
          percentileBar(m.percentile),
          el("p", { class: "measure-value" }, el("strong", { text: number(m.value) }), compact ? null : el("span", { class: "scale", text: ` ${m.scale}` })),
          el("p", { class: "source", text: compact ? t("measure_year", { source: shortSource(m.source), year: m.year }) : t("measure_source", { source: m.source, year: m.year, licence: m.licence }) }),
          m.note ? el("p", { class: "measure-note", text: m.note }) : null,
        ),
      ),
    );
  }

  /** "Eloundou, Manning, Mishkin & Rock, 'GPTs are GPTs', …" → "Eloundou, Manning, Mishkin & Rock" for a compact list. */
  function shortSource(source) {
    const cut = source.search(/ \(|, '|; /);
    return cut > 0 ? source.slice(0, cut) : source;
  }

  function standIns(exposure) {
    if (!exposure) return null;
    const list = exposure.stand_ins || [];
    return el(
      "details",
      { class: "stand-ins" },
      el("summary", { text: list.length ? t("standins_summary", { n: list.length }) : t("standins_none") }),
      el("p", { class: "help", text: exposure.note }),
      list.map((occ) => [
        el("p", { class: "stand-in-title" }, el("span", { class: "tag neutral", text: t("standin_label") }), " ", occ.title, el("span", { class: "kind", text: ` (O*NET-SOC ${occ.code})` })),
        measureList(occ.measures, true),
        (occ.changes || []).length
          ? el(
              "ul",
              { class: "task-changes" },
              occ.changes.map((c) =>
                el("li", {}, el("span", { class: "kind", text: `${t(c.category === "New" ? "change_new" : "change_revised", { date: c.date })}: ` }), c.task),
              ),
            )
          : null,
      ]),
      exposure.changes_note ? el("p", { class: "help", text: exposure.changes_note }) : null,
    );
  }

  // --- the current job: the closest occupation, its exposure, the person's duties ---------------
  function dutyList(duties) {
    return el(
      "ul",
      { class: "duties" },
      duties.map((d) =>
        el(
          "li",
          {},
          el("p", { class: "duty" }, el("mark", { text: d.duty })),
          el("p", { class: "duty-task", text: t("duty_task", { task: d.task }) }),
          el("p", { class: "duty-labels", text: t("duty_labels", { human: d.human_label, gpt4: d.gpt4_label }) }),
        ),
      ),
    );
  }

  /** Replace a node's children, leaving out the nulls of optional parts (replaceChildren would print "null"). */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  }

  function currentJob(occupation) {
    const box = $("current-job");
    if (!occupation) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const head = el("h3", { id: "current-heading", text: t("current_heading") });
    const best = occupation.occupations?.[0];
    if (occupation.status !== "found" || !best) {
      fill(
        box,
        head,
        el("p", { class: "not-found" }, el("strong", { text: t("current_not_found") }), " ", occupation.reason || ""),
        occupation.meaning ? meaning(occupation.meaning) : null,
      );
      box.hidden = false;
      return;
    }
    const others = occupation.occupations.slice(1);
    const most = occupation.most_exposed_duties || [];
    const least = occupation.least_exposed_duties || [];
    fill(
      box,
      head,
      el(
        "p",
        { class: "closest" },
        el("span", { class: "closest-label", text: t("current_closest") }),
        " ",
        el("strong", { class: "closest-title", text: best.title }),
        el("span", { class: "kind", text: ` (O*NET-SOC ${best.code}${best.isco ? `; ISCO-08 ${best.isco}${best.isco_label ? `, ${best.isco_label}` : ""}` : ""})` }),
        best.confidence !== null && best.confidence !== undefined ? el("span", { class: "confidence", text: t("current_confidence", { pct: Math.round(best.confidence * 100) }) }) : null,
      ),
      el("p", { class: "from-words" }, t("current_from_words"), " ", el("mark", { text: best.evidence })),
      others.length ? el("p", { class: "help", text: t("current_also", { titles: others.map((o) => o.title).join("; ") }) }) : null,
      el("h4", { text: t("exposure_heading") }),
      el("p", { class: "help", text: t("exposure_help") }),
      (occupation.measures || []).length ? measureList(occupation.measures) : el("p", { text: t("measures_none") }),
      occupation.disagreement ? el("p", { class: "disagreement" }, el("strong", { text: t("disagreement") }), " ", occupation.disagreement) : null,
      el("h4", { text: t("duties_heading") }),
      most.length || least.length
        ? el(
            "div",
            { class: "duty-columns" },
            el("section", { "aria-labelledby": "duties-most" }, el("h5", { id: "duties-most", text: t("duties_most") }), most.length ? dutyList(most) : el("p", { class: "help", text: t("duties_none_most") })),
            el("section", { "aria-labelledby": "duties-least" }, el("h5", { id: "duties-least", text: t("duties_least") }), least.length ? dutyList(least) : el("p", { class: "help", text: t("duties_none_least") })),
          )
        : el("p", { class: "help", text: t("duties_none") }),
      most.length || least.length ? el("p", { class: "help", text: t("duty_legend") }) : null,
      occupation.meaning ? meaning(occupation.meaning) : null,
    );
    box.hidden = false;
  }

  function meaning(text) {
    return el("div", { class: "meaning" }, el("h4", { text: t("meaning_heading") }), el("p", { text: text }));
  }

  function payAndWork(role) {
    if (!role) return null;
    const lines = role.pay.map((pay) =>
      el(
        "li",
        {},
        t("pay_line", {
          currency: pay.currency,
          min: pay.min.toLocaleString(CP.state.lang),
          max: pay.max.toLocaleString(CP.state.lang),
          period: t(`per_${pay.period}`),
          region: pay.region,
        }),
        el("span", { class: "source" }, ` — ${t("source")}: `, el("a", { href: pay.url, target: "_blank", rel: "noopener noreferrer", text: pay.source }), `, ${pay.year}`),
      ),
    );
    const mode = role.work_mode;
    return [
      el("ul", { class: "pay" }, lines),
      el(
        "p",
        { class: "work" },
        t("work_location", { items: mode.location.map((m) => t(m)).join(", ") }),
        " · ",
        t("work_arrangement", { items: mode.arrangement.map((m) => t(m)).join(", ") }),
      ),
    ];
  }

  function evidenceOf(suggestion, requirements) {
    return [...suggestion.transferable_skills.map((s) => s.evidence), ...(requirements || []).map((r) => r.evidence)];
  }

  function roleBody(suggestion, requirements, headingLevel, reasonsKey = "why_fits") {
    const h = `h${headingLevel}`;
    const role = page.roles?.get(suggestion.role_id);
    const words = evidenceOf(suggestion, requirements);
    return [
      el(
        "p",
        { class: "score" },
        el("span", { class: `score-num ${scoreClass(suggestion.score)}`, text: `${t("score")} ${suggestion.score.toFixed(2)}` }),
        el("span", { class: "score-word", text: scoreMeaning(suggestion.score) }),
      ),
      el(h, { text: t(reasonsKey) }),
      el("ul", { class: "reasons" }, suggestion.reasons.map((reason) => el("li", {}, highlight(reason, words)))),
      requirements
        ? [el(h, { text: t("coverage_heading") }), el("p", { class: "help", text: t("coverage_help") }), requirementBars(requirements)]
        : null,
      el(h, { text: t(suggestion.plan ? "plan_heading" : "gaps_heading") }),
      gapList(suggestion.skill_gaps, suggestion.plan),
      planExtras(suggestion.plan),
      suggestion.exposure ? [el(h, { text: t("standins_heading") }), standIns(suggestion.exposure)] : null,
      role ? [el(h, { text: t("pay_heading") }), payAndWork(role)] : null,
    ];
  }

  function card(suggestion, rank, requirements) {
    const headingId = `role-${suggestion.role_id}`;
    return el(
      "li",
      { class: "card" },
      el(
        "article",
        { "aria-labelledby": headingId },
        el("h3", { id: headingId }, el("span", { class: "rank", text: `${rank}. ` }), suggestion.title),
        roleBody(suggestion, requirements, 4),
      ),
    );
  }

  function languageName(code) {
    try {
      return new Intl.DisplayNames([CP.state.lang], { type: "language" }).of(code) || code;
    } catch (err) {
      return code;
    }
  }

  function profileSummary(result) {
    const profile = result.profile;
    const box = $("profile-summary");
    const lines = [
      profile.skills.length ? el("p", { text: t("profile_found", { skills: profile.skills.slice(0, 20).join(", ") }) }) : null,
      profile.languages.length ? el("p", { text: t("languages_found", { langs: profile.languages.map(languageName).join(", ") }) }) : null,
      profile.personal_data_removed?.length ? el("p", { text: t("pii_removed", { kinds: profile.personal_data_removed.join(", ") }) }) : null,
    ];
    box.replaceChildren(...lines.filter(Boolean));
  }

  function whyNotOptions(result) {
    const select = $("whynot-role");
    const shown = new Set(result.suggestions.map((s) => s.role_id));
    const roles = [...(page.roles?.values() || [])].filter((r) => !shown.has(r.id)).sort((a, b) => a.title.localeCompare(b.title));
    const keep = select.value;
    select.replaceChildren(...roles.map((r) => el("option", { value: r.id, text: r.title })));
    if (roles.some((r) => r.id === keep)) select.value = keep;
  }

  // --- the printable report and its 30/60/90-day plan -------------------------------------------
  const PHASE_OF_KIND = { course: 0, certification: 0, degree: 0, community: 0, portfolio: 1, "first-gig": 2 };

  /** First steps of the top roles' gaps, most important first, one per link, placed in three phases. */
  function plan(suggestions) {
    const steps = new Map();
    for (const s of suggestions) {
      for (const gap of s.skill_gaps) {
        if (!gap.first_step) continue;
        const known = steps.get(gap.first_step.url);
        if (known) {
          known.importance = Math.max(known.importance, gap.importance);
          if (!known.skills.includes(gap.skill)) known.skills.push(gap.skill);
        } else {
          steps.set(gap.first_step.url, { ...gap.first_step, importance: gap.importance, skills: [gap.skill], role: s.title });
        }
      }
    }
    const phases = [[], [], []];
    const place = (step) => {
      const phase = phases[PHASE_OF_KIND[step.kind] ?? 0];
      if (phase.length < 3 && !phase.some((p) => p.url === step.url)) phase.push(step);
    };
    [...steps.values()].sort((a, b) => b.importance - a.importance).forEach(place);
    // A phase the gaps leave empty gets the top roles' own entry paths of that kind (from the catalog).
    for (const s of suggestions) {
      for (const path of page.roles?.get(s.role_id)?.entry_paths || []) {
        const phase = phases[PHASE_OF_KIND[path.kind] ?? 0];
        if (phase.length === 0 || (phase.length < 2 && phase[0].fromCatalog)) {
          place({ ...path, skills: path.closes.slice(0, 2), fromCatalog: true });
        }
      }
    }
    return phases;
  }

  function report(result) {
    const top = result.suggestions.slice(0, 3);
    const phases = plan(top);
    const date = new Date().toLocaleDateString(CP.state.lang === "id" ? "id-ID" : "en-GB", { year: "numeric", month: "long", day: "numeric" });
    $("report").replaceChildren(
      el("header", {}, el("h2", { text: t("report_title") }), el("p", { class: "help", text: t("report_date", { date }) })),
      el("h3", { text: t("report_roles") }),
      el(
        "ol",
        { class: "report-roles" },
        top.map((s) =>
          el(
            "li",
            {},
            el("strong", { text: s.title }),
            ` — ${t("score")} ${s.score.toFixed(2)}: ${scoreMeaning(s.score)}`,
            el("ul", {}, s.reasons.slice(0, 3).map((r) => el("li", {}, highlight(r, evidenceOf(s))))),
            s.plan?.portfolio_task ? el("p", { class: "report-task" }, el("strong", { text: t("portfolio_heading") }), ` ${s.plan.portfolio_task.title}`) : null,
          ),
        ),
      ),
      el("h3", { text: t("report_plan") }),
      el(
        "div",
        { class: "plan" },
        ["plan_30", "plan_60", "plan_90"].map((key, i) =>
          el(
            "section",
            {},
            el("h4", { text: t(key) }),
            phases[i].length
              ? el("ul", {}, phases[i].map((step) => el("li", {}, el("strong", { text: step.title }), ` (${step.skills.join(", ")})`, el("br"), el("span", { class: "url", text: step.url }))))
              : el("p", { text: t("plan_empty") }),
          ),
        ),
      ),
    );
  }

  function render(result) {
    page.last = result;
    tipCounter = 0;
    profileSummary(result);
    currentJob(result.profile.occupation);
    $("cards").replaceChildren(...result.suggestions.map((s, i) => card(s, i + 1, result.coverage.get(s.role_id))));
    whyNotOptions(result);
    $("whynot-result").replaceChildren();
    report(result);
    $("results").hidden = false;
  }

  // --- events -----------------------------------------------------------------------------------
  async function run(request, { focus = true } = {}) {
    const status = $("status");
    const error = $("error");
    showError(error, null);
    status.textContent = t("working");
    $("submit").disabled = true;
    try {
      await catalog().catch(() => null); // pay and work mode; the cards still show without them
      const result = await match(request);
      page.request = request;
      render(result);
      status.textContent = t("done_status", { n: result.suggestions.length });
      if (focus) $("results-heading").focus();
    } catch (err) {
      status.textContent = "";
      showError(error, err);
    } finally {
      $("submit").disabled = false;
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    await ready;
    const request = {
      text: $("text").value.trim(),
      skills: splitSkills($("skills").value),
      top_k: Number($("top-k").value),
      file: page.file,
    };
    if (request.file) {
      const problem = fileProblem(request.file);
      if (problem) {
        $("status").textContent = "";
        showError($("error"), new Error(problem));
        $("file").focus();
        return;
      }
    }
    run(request);
  }

  async function onWhyNot(event) {
    event.preventDefault();
    const region = $("whynot-result");
    const error = $("whynot-error");
    showError(error, null);
    if (!page.request) return;
    const roleId = $("whynot-role").value;
    try {
      const data = await explainOne(page.request, roleId);
      const e = data.explanations[0];
      const prereqs = e.skill_gaps.filter((g) => g.prerequisite).map((g) => g.skill);
      const weakest = e.requirements
        .filter((r) => r.required)
        .sort((a, b) => a.coverage - b.coverage)
        .slice(0, 3)
        .map((r) => r.skill);
      region.replaceChildren(
        el(
          "article",
          { class: "card whynot-card", "aria-labelledby": "whynot-title" },
          el("h3", { id: "whynot-title", text: e.title }),
          el("p", { class: "whynot-rank", text: t("whynot_rank", { title: e.title, rank: e.rank, total: e.catalog_size }) }),
          prereqs.length ? el("p", { class: "warn", text: t("whynot_prereq", { names: prereqs.join(", ") }) }) : null,
          el("p", { text: t("whynot_weakest", { names: weakest.join(", ") }) }),
          roleBody(e, e.requirements, 4, "whynot_transfers"),
        ),
      );
    } catch (err) {
      showError(error, err);
    }
  }

  const ready = CP.start(() => {
    // A new language: the page's own strings change at once; ask the API again so its texts follow.
    if (page.config) {
      $("text-help").textContent = t("text_help", { chars: page.config.max_text_chars.toLocaleString(CP.state.lang) });
      $("file-help").textContent = t("file_help", { types: page.config.upload_types.join(", "), size: formatBytes(page.config.max_upload_bytes) });
    }
    if (page.file) chooseFile(page.file);
    if (page.request) run(page.request, { focus: false });
  });
  ready.then((config) => {
    page.config = config;
    $("text").maxLength = config.max_text_chars;
    $("text-help").textContent = t("text_help", { chars: config.max_text_chars.toLocaleString(CP.state.lang) });
    $("file-help").textContent = t("file_help", { types: config.upload_types.join(", "), size: formatBytes(config.max_upload_bytes) });
  });
  setUpDrop();
  $("profile-form").addEventListener("submit", onSubmit);
  $("whynot-form").addEventListener("submit", onWhyNot);
  $("print").addEventListener("click", () => window.print());
})();
