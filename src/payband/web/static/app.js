/* payband web page: plain JavaScript, no build step, no CDN. Every figure comes from payband's own HTTP API
   and is shown with its source line. Views (hash routes): #/roles, #/role/ID, #/pay, #/advise, and #/market
   when the server has a job-postings corpus (payband serve --market PATH). */
(() => {
  "use strict";

  const SVGNS = "http://www.w3.org/2000/svg";
  const main = document.getElementById("main");
  const announcer = document.getElementById("announce");
  let renderToken = 0;
  let firstRender = true;

  /* ---------- DOM helpers (no innerHTML: everything from the server is text) ---------- */

  function setAttrs(el, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
  }

  function append(el, kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }

  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVGNS, tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }

  /** Replace a node by children given as nested arrays (null and false skipped). */
  function swap(node, ...kids) { node.replaceWith(append(document.createDocumentFragment(), kids)); }

  /** Empty an element and fill it with children given as nested arrays. */
  function fill(el, ...kids) { el.replaceChildren(); return append(el, kids); }

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = message; }, 60);
  }

  function focusHeading(el) {
    if (!el) return;
    el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: false });
  }

  /* ---------- the HTTP API ---------- */

  class ApiError extends Error {
    constructor(status, type, message, suggestions) {
      super(message);
      this.status = status;
      this.type = type;
      this.suggestions = suggestions || [];
    }
  }

  /* A server started with an API key wants it in X-API-Key; the page keeps it for this tab only. */
  const KEY_STORE = "payband-api-key";
  function authHeaders() {
    try {
      const key = window.sessionStorage.getItem(KEY_STORE);
      return key ? { "X-API-Key": key } : {};
    } catch (_) {
      return {};
    }
  }

  async function api(path, init) {
    let response;
    try {
      response = await fetch(path, Object.assign({ headers: Object.assign({ Accept: "application/json" }, authHeaders()) }, init || {}));
    } catch (_) {
      throw new ApiError(0, "NetworkError", "payband's server did not answer. Is it still running?", []);
    }
    const isJson = (response.headers.get("content-type") || "").includes("json");
    const body = isJson ? await response.json().catch(() => null) : await response.text();
    if (response.ok) return body;
    const error = body && typeof body === "object" ? body.error : null;
    if (error) throw new ApiError(response.status, error.type || "Error", error.message || "", error.suggestions);
    if (body && Array.isArray(body.detail)) {
      const text = body.detail.map((d) => `${(d.loc || []).slice(1).join(".") || "input"}: ${d.msg}`).join("; ");
      throw new ApiError(response.status, "InputError", text, []);
    }
    throw new ApiError(response.status, "HTTPError", `the server answered ${response.status} ${response.statusText}`, []);
  }

  const cache = new Map();
  function cached(path) {
    if (!cache.has(path)) {
      cache.set(path, api(path).catch((err) => { cache.delete(path); throw err; }));
    }
    return cache.get(path);
  }

  const getRoles = () => cached("/roles");
  const getRole = (id) => cached(`/roles/${encodeURIComponent(id)}`);
  const getMarketInfo = () => cached("/market/info");

  /** Show the Market menu item only on a server started with a postings corpus. */
  function checkMarket() {
    const item = document.getElementById("nav-market");
    if (!item) return;
    getMarketInfo().then((info) => { item.hidden = !(info && info.configured); }).catch(() => { item.hidden = true; });
  }

  /* ---------- numbers and words ---------- */

  const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
  const intFormat = new Intl.NumberFormat("en-US");
  const TOP_CODE = 239200;
  const PCTS = ["p10", "p25", "p50", "p75", "p90"];
  const PCT_NAMES = { p10: "P10", p25: "P25", p50: "Median", p75: "P75", p90: "P90" };
  const VERDICT = {
    "above-p75": "above P75",
    "below-p25": "below P25",
    "within-p25-p75": "within P25–P75",
  };

  function usd(value) { return value === null || value === undefined ? "n/a" : usdFormat.format(value); }
  function signedUsd(value) { return (value >= 0 ? "+" : "−") + usdFormat.format(Math.abs(value)); }
  function pct(x) { return `${Math.round(x * 100)}%`; }
  function signedPct(x) { return `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`; }
  function kUsd(v) { return v >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : `$${Math.round(v / 1000)}k`; }
  function jobs(n) {
    if (n === null || n === undefined) return "n/a";
    return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
  }
  function claimText(c) {
    return c ? `$${Math.round(c.min / 1000)}k–$${Math.round(c.max / 1000)}k${c.open_ended ? "+" : ""}` : "";
  }
  function topCode(band) { return band.top_code_annual || TOP_CODE; }

  /** A percentile as people should read it: "≥ $239,200" where BLS top-codes it, "n/a" where it has none. */
  function pctText(band, key) {
    const v = band[key];
    if (v !== null && v !== undefined) return usd(v);
    if ((band.top_coded || []).includes(key)) return `≥ ${usd(topCode(band))}`;
    return "n/a";
  }

  /** A percentile as a number to draw: a top-coded value is drawn at the top code. */
  function pctValue(band, key) {
    const v = band[key];
    if (v !== null && v !== undefined) return v;
    if ((band.top_coded || []).includes(key)) return topCode(band);
    return null;
  }

  function humanize(id) { const t = String(id).replace(/-/g, " "); return t.charAt(0).toUpperCase() + t.slice(1); }

  const skillLabels = new Map();
  function rememberSkills(report) {
    for (const skill of report.skills || []) skillLabels.set(skill.id, skill.label);
    for (const m of report.multipliers || []) skillLabels.set(m.id, m.label);
  }
  function skillLabel(id) { return skillLabels.get(id) || humanize(id); }

  /* ---------- charts: inline SVG on a shared dollar axis ---------- */

  function niceStep(span, maxTicks) {
    for (const step of [5000, 10000, 20000, 25000, 50000, 100000, 200000, 250000, 500000]) {
      if (span / step <= maxTicks) return step;
    }
    return 1000000;
  }

  /** A dollar scale covering the values, padded a little and rounded to $10k. */
  function scale(values) {
    const vs = values.filter((v) => typeof v === "number" && Number.isFinite(v));
    if (!vs.length) return null;
    const lo = Math.max(0, Math.floor((Math.min(...vs) * 0.92) / 10000) * 10000);
    const hi = Math.ceil((Math.max(...vs) * 1.04) / 10000) * 10000;
    const span = Math.max(hi - lo, 10000);
    const maxTicks = window.innerWidth < 560 ? 4 : 7;
    return { lo, hi: lo + span, step: niceStep(span, maxTicks), x: (v) => ((v - lo) / span) * 1000 };
  }

  function ticks(sc) {
    const out = [];
    for (let t = Math.ceil(sc.lo / sc.step) * sc.step; t <= sc.hi; t += sc.step) out.push(t);
    return out;
  }

  /** Dollar labels under or over a chart column; positioned in %, so they line up with the SVG at any width. */
  function axis(sc, format) {
    const el = h("div", { class: "axis", "aria-hidden": "true" });
    for (const t of ticks(sc)) {
      const at = sc.x(t) / 10;
      if (at < 4 || at > 96) continue;
      const label = h("span", {}, (format || kUsd)(t));
      label.style.left = `${at}%`;
      el.append(label);
    }
    return el;
  }

  /**
   * One pay band: P10–P90 whisker, P25–P75 box, median line; optionally the article's claim (a thin bar
   * above) and a personal estimate (P25–P75 tinted, median as a red mark). The numbers are always
   * printed beside the chart, so the SVG is hidden from screen readers.
   */
  function bandSvg(band, sc, opts) {
    const o = opts || {};
    const tall = Boolean(o.claim || o.estimate);
    const height = tall ? 34 : 24;
    const top = tall ? 10 : 0;
    const svg = s("svg", {
      class: `band-svg${tall ? " tall" : ""}`, viewBox: `0 0 1000 ${height}`, preserveAspectRatio: "none",
      "aria-hidden": "true", focusable: "false",
    });
    for (const t of ticks(sc)) {
      svg.append(s("line", { class: "grid", x1: sc.x(t), x2: sc.x(t), y1: 0, y2: height, "vector-effect": "non-scaling-stroke" }));
    }
    const v = (key) => (band ? pctValue(band, key) : null);
    const [p10, p25, p50, p75, p90] = PCTS.map(v);
    if (p10 !== null && p90 !== null) {
      svg.append(s("line", { class: "whisker", x1: sc.x(p10), x2: sc.x(p90), y1: top + 12, y2: top + 12, "vector-effect": "non-scaling-stroke" }));
    }
    if (p25 !== null && p75 !== null) {
      svg.append(s("rect", { class: "box", x: sc.x(p25), y: top + 5, width: Math.max(2, sc.x(p75) - sc.x(p25)), height: 14, "vector-effect": "non-scaling-stroke" }));
    }
    if (p50 !== null) {
      svg.append(s("line", { class: "median", x1: sc.x(p50), x2: sc.x(p50), y1: top + 2, y2: top + 22, "vector-effect": "non-scaling-stroke" }));
    }
    if (o.claim) {
      const high = o.claim.open_ended ? Math.min(sc.hi, o.claim.max * 1.08) : o.claim.max;
      svg.append(s("rect", { class: "claim", x: sc.x(o.claim.min), y: 1, width: Math.max(2, sc.x(high) - sc.x(o.claim.min)), height: 5 }));
    }
    if (o.estimate) {
      const e = o.estimate;
      if (e.p25 !== null && e.p75 !== null) {
        svg.append(s("rect", { class: "est", x: sc.x(e.p25), y: 0, width: Math.max(2, sc.x(e.p75) - sc.x(e.p25)), height: 8, "vector-effect": "non-scaling-stroke" }));
      }
      if (e.p50 !== null) svg.append(s("rect", { class: "mark", x: sc.x(e.p50) - 4, y: 0, width: 8, height: height }));
    }
    return svg;
  }

  function legend(items) {
    const names = {
      whisker: "P10–P90", box: "P25–P75 (middle half of workers)", median: "median (P50)",
      claim: "the article's claimed range", est: "your estimate, P25–P75", mark: "your estimated median",
      pbox: "P25–P75 of stated pay (middle half of postings)", pmedian: "median stated pay",
      ci: "90% interval", pmark: "premium: median with the skill − median without", zero: "no difference",
    };
    const keyClass = { pbox: "box", pmedian: "median", pmark: "median", ci: "box" };
    return h("ul", { class: "legend", "aria-label": "Chart key" },
      items.map((k) => h("li", {}, h("span", { class: `key ${keyClass[k] || k}`, "aria-hidden": "true" }), names[k])));
  }

  /** A scale for differences in dollars: always includes zero, padded a little on both sides. */
  function deltaScale(values) {
    const vs = values.filter((v) => typeof v === "number" && Number.isFinite(v));
    if (!vs.length) return null;
    let lo = Math.min(0, ...vs);
    let hi = Math.max(0, ...vs);
    const pad = Math.max((hi - lo) * 0.06, 500);
    lo -= lo < 0 ? pad : 0;
    hi += pad;
    const span = hi - lo;
    const maxTicks = window.innerWidth < 560 ? 4 : 7;
    const step = [1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000].find((x) => span / x <= maxTicks) || 200000;
    return { lo, hi, step, x: (v) => ((v - lo) / span) * 1000 };
  }

  function signedK(v) { return v === 0 ? "$0" : `${v > 0 ? "+" : "−"}${kUsd(Math.abs(v))}`; }

  /** A skill premium: its 90% interval as a bar, the premium as a line, zero dashed. Numbers sit beside it. */
  function intervalSvg(premium, sc) {
    const svg = s("svg", { class: "band-svg", viewBox: "0 0 1000 24", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
    for (const t of ticks(sc)) {
      if (t !== 0) svg.append(s("line", { class: "grid", x1: sc.x(t), x2: sc.x(t), y1: 0, y2: 24, "vector-effect": "non-scaling-stroke" }));
    }
    svg.append(s("line", { class: "zero", x1: sc.x(0), x2: sc.x(0), y1: 0, y2: 24, "vector-effect": "non-scaling-stroke" }));
    const lo = premium.ci90_low_usd;
    const hi = premium.ci90_high_usd;
    if (lo !== null && hi !== null) {
      svg.append(s("rect", { class: "box", x: sc.x(lo), y: 6, width: Math.max(2, sc.x(hi) - sc.x(lo)), height: 12, "vector-effect": "non-scaling-stroke" }));
    }
    if (premium.premium_usd !== null) {
      svg.append(s("line", { class: "median", x1: sc.x(premium.premium_usd), x2: sc.x(premium.premium_usd), y1: 2, y2: 22, "vector-effect": "non-scaling-stroke" }));
    }
    return svg;
  }

  function scoreSvg(score) {
    return s("svg", { class: "score-svg", viewBox: "0 0 1000 10", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
      s("rect", { class: "track", x: 0, y: 0, width: 1000, height: 10, rx: 0 }),
      s("rect", { class: "fill", x: 0, y: 0, width: Math.max(0, Math.min(1, score)) * 1000, height: 10 }));
  }

  /* ---------- shared pieces ---------- */

  function source(text) { return h("p", { class: "source" }, h("strong", {}, "Source: "), text); }

  function errorBox(err, onPick) {
    const title = err.type === "NotFound" ? "Not found." : err.type === "NetworkError" ? "No answer." : "Could not do that.";
    const box = h("div", { class: "error-box", role: "alert" },
      h("p", {}, h("strong", {}, title), " ", err.message || String(err)));
    if (err.status === 401) box.append(keyForm());
    const suggestions = err.suggestions || [];
    if (suggestions.length) {
      box.append(h("p", {}, "Did you mean:"));
      box.append(h("ul", {}, suggestions.map((sug) => h("li", {},
        onPick ? h("button", { type: "button", class: "link", onclick: () => onPick(sug) }, sug) : sug))));
    }
    return box;
  }

  function keyForm() {
    const input = h("input", { id: "api-key", type: "password", autocomplete: "off" });
    const form = h("form", { class: "field" }, h("label", { for: "api-key" }, "This server's API key"), input,
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Use this key")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      try { window.sessionStorage.setItem(KEY_STORE, input.value.trim()); } catch (_) { /* private mode */ }
      cache.clear();
      render();
    });
    return form;
  }

  function loading(text) { return h("p", { class: "loading", role: "status" }, text || "Loading…"); }

  function roleOptions(roles, firstLabel, selected) {
    const sorted = [...roles].sort((a, b) => a.title.localeCompare(b.title));
    return [
      firstLabel === null ? null : h("option", { value: "" }, firstLabel),
      sorted.map((r) => h("option", { value: r.role_id, selected: r.role_id === selected }, r.title)),
    ];
  }

  /** A text input that suggests OEWS areas (metro, state or national) as the person types. */
  function areaInput(id, value) {
    const listId = `${id}-options`;
    const input = h("input", {
      id, name: "area", type: "text", list: listId, autocomplete: "off", value: value || "",
      placeholder: "Seattle, Texas, TX or national", "aria-describedby": `${id}-hint`,
    });
    const list = h("datalist", { id: listId });
    let timer = 0;
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      timer = window.setTimeout(async () => {
        try {
          const found = await cached(`/areas?search=${encodeURIComponent(q)}&limit=8`);
          list.replaceChildren(...found.map((a) => h("option", { value: a.name })));
        } catch (_) { /* suggestions are a convenience; the form still submits what was typed */ }
      }, 200);
    });
    return [input, list];
  }

  function field(labelText, control, hint, hintId) {
    return h("div", { class: "field" },
      h("label", { for: control.id }, labelText),
      hint ? h("p", { class: "hint", id: hintId || `${control.id}-hint` }, hint) : null,
      control);
  }

  /** Fill the form control that a suggestion belongs to (the one holding the quoted bad value). */
  function pickInto(form, err, suggestion, submit) {
    const quoted = (err.message.match(/'([^']+)'/) || [])[1];
    const controls = [...form.elements].filter((el) => el.name && (el.tagName === "INPUT" || el.tagName === "SELECT"));
    let target = controls.find((el) => quoted && el.value && el.value.toLowerCase() === quoted.toLowerCase());
    if (!target) {
      const m = err.message.toLowerCase();
      const name = m.includes("target") ? "target" : m.includes("area") ? "area" : m.includes("role") ? "role" : "";
      target = controls.find((el) => el.name === name);
    }
    if (!target) return;
    if (target.tagName === "SELECT") {
      const opt = [...target.options].find((o) => o.value === suggestion || o.textContent === suggestion);
      if (opt) target.value = opt.value;
    } else {
      target.value = suggestion;
    }
    target.focus();
    if (submit) form.requestSubmit();
  }

  function bandTable(band, caption) {
    const keys = [...PCTS];
    return h("div", { class: "table-wrap" }, h("table", { class: "stack" },
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, keys.map((k) => h("th", { class: "num", scope: "col" }, PCT_NAMES[k])),
        h("th", { class: "num", scope: "col" }, "Mean"), h("th", { class: "num", scope: "col" }, "Employed"))),
      h("tbody", {}, h("tr", {},
        keys.map((k) => h("td", { class: "num", "data-label": PCT_NAMES[k] }, pctText(band, k))),
        h("td", { class: "num", "data-label": "Mean" }, usd(band.mean)),
        h("td", { class: "num", "data-label": "Employed" }, band.employment === null ? "n/a" : intFormat.format(band.employment))))));
  }

  function bandNotes(band) {
    return [
      band.area_note ? h("p", { class: "note" }, h("strong", {}, "Note: "), band.area_note) : null,
      band.soc_match && band.soc_match !== "exact"
        ? h("p", { class: "note" }, h("strong", {}, "Note: "),
          `${band.soc_title} (${band.soc}) is a ${band.soc_match} match for this role: ${band.soc_reason || ""}`)
        : null,
      band.hourly_p50 !== null && band.hourly_p50 !== undefined
        ? h("p", { class: "small muted" }, `Hourly median $${band.hourly_p50.toFixed(2)}.`) : null,
      (band.top_coded || []).length
        ? h("p", { class: "small muted" }, `≥ ${usd(topCode(band))}: BLS top-codes annual wages at or above that value.`) : null,
      band.employment_rse !== null && band.employment_rse !== undefined
        ? h("p", { class: "small muted" }, `Employment relative standard error ${band.employment_rse.toFixed(1)}%.`) : null,
      source(band.source),
    ];
  }

  /* ---------- view: the ranking of roles ---------- */

  async function viewRoles(root, _route, alive) {
    document.title = "Tech roles ranked by pay — payband";
    const heading = h("h1", {}, "Tech roles ranked by national median pay");
    root.append(heading,
      h("p", { class: "lead" },
        "Each bar is BLS's pay for the occupation that stands for the role, nationally: the box is P25–P75, the ",
        "middle half of workers, and the dark line the median. For the article “The highest paying tech jobs in ",
        "2026”, its claimed range is drawn above, with where its midpoint falls against BLS's middle half."));
    const status = loading("Loading the ranking…");
    root.append(status);
    let ranking;
    try {
      ranking = await getRoles();
    } catch (err) {
      if (alive()) swap(status, errorBox(err));
      return heading;
    }
    if (!alive()) return heading;
    const values = ranking.flatMap((r) => PCTS.map((k) => pctValue(r.band, k)).concat(r.claim ? [r.claim.min, r.claim.max] : []));
    const sc = scale(values);
    const only = h("input", { type: "checkbox", id: "only-headline" });
    const rows = ranking.map((r) => {
      const b = r.band;
      const exact = b.soc_match === "exact";
      return h("tr", { class: r.headline ? "headline" : null, "data-role": r.role_id },
        h("td", { class: "num rank" }, String(r.rank)),
        h("td", { class: "role" },
          h("a", { href: `#/role/${encodeURIComponent(r.role_id)}` }, r.title), " ",
          r.headline ? h("span", { class: "badge article" }, "article") : null,
          h("span", { class: "soc" }, `SOC ${b.soc}${exact ? "" : " (closest occupation)"}`)),
        h("td", { class: "chart", "data-label": null },
          bandSvg(b, sc, { claim: r.claim }),
          h("span", { class: "nums" }, `P25 ${pctText(b, "p25")} · median ${pctText(b, "p50")} · P75 ${pctText(b, "p75")}`)),
        h("td", { class: "num", "data-label": "Jobs" }, jobs(b.employment)),
        h("td", { class: `claim${r.claim ? "" : " empty"}`, "data-label": r.claim ? "Article claim" : null },
          r.claim ? [h("span", { class: "claim-text" }, claimText(r.claim)), " ",
            r.claim_verdict ? h("span", { class: `badge ${r.claim_verdict}` }, VERDICT[r.claim_verdict]) : null]
            : h("span", { class: "muted" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "sr-only" }, "no claim"))));
    });
    const tbody = h("tbody", {}, rows);
    only.addEventListener("change", () => {
      let shown = 0;
      for (const tr of rows) {
        const hide = only.checked && !tr.classList.contains("headline");
        tr.hidden = hide;
        if (!hide) shown += 1;
      }
      announce(`${shown} roles shown`);
    });
    const release = ranking.length ? ranking[0].band.release : "";
    const claimSource = (ranking.find((r) => r.claim_source) || {}).claim_source;
    const table = h("table", { class: "ranking stack" },
      h("caption", { class: "sr-only" }, "Roles ranked by national median pay, with the article's claimed ranges"),
      h("thead", {}, h("tr", {},
        h("th", { class: "num", scope: "col" }, "#"),
        h("th", { scope: "col" }, "Role"),
        h("th", { scope: "col", class: "chart" }, "BLS pay nationally", axis(sc)),
        h("th", { class: "num", scope: "col" }, "Jobs"),
        h("th", { scope: "col" }, "Article's claim vs BLS"))),
      tbody);
    swap(status,
      h("div", { class: "controls" },
        h("div", {}, only, " ", h("label", { for: "only-headline" }, "Only the article's ten headline roles")),
        legend(["whisker", "box", "median", "claim"])),
      h("div", { class: "table-wrap" }, table),
      source(`BLS OEWS ${release}, national, cross-industry; annual wages. Claims: ${claimSource || "the article"}.`),
      h("p", { class: "small muted" },
        "“Closest occupation”: BLS does not code the role separately, so the closest SOC occupation stands in for it ",
        "(the role page says why); roles sharing an occupation show the same BLS figures. The verdict places the ",
        `midpoint of the claimed range against BLS's P25–P75. ≥ ${usd(TOP_CODE)}: BLS top-codes wages at or above that value.`));
    announce(`${ranking.length} roles ranked`);
    return heading;
  }

  /* ---------- view: one role ---------- */

  async function viewRole(root, route, alive) {
    const id = route.arg || "";
    const status = loading("Loading the role…");
    root.append(status);
    let report;
    try {
      report = await getRole(id);
    } catch (err) {
      if (!alive()) return null;
      const heading = h("h1", {}, "Role not found");
      swap(status, heading, errorBox(err, (sug) => { location.hash = `#/role/${encodeURIComponent(sug)}`; }),
        h("p", {}, h("a", { href: "#/roles" }, "See every role")));
      return heading;
    }
    if (!alive()) return null;
    rememberSkills(report);
    const role = report.role;
    const nat = report.national;
    document.title = `${role.title} — payband`;
    const heading = h("h1", {}, role.title);
    const skills = (weight) => report.skills.filter((sk) => sk.weight === weight);
    const chipList = (items) => h("ul", { class: "chips" }, items.map((sk) =>
      h("li", {}, sk.label, sk.article_named ? h("span", { class: "why" }, " (article)") : null)));
    const claim = role.claimed_salary;
    const metroValues = [nat, ...report.top_metros].flatMap((b) => PCTS.map((k) => pctValue(b, k)))
      .concat(claim ? [claim.min, claim.max] : []);
    const sc = scale(metroValues);
    const metroRows = report.top_metros.map((b) => h("tr", {},
      h("td", {}, h("a", { href: `#/pay?role=${encodeURIComponent(role.id)}&area=${encodeURIComponent(b.area_code)}` }, b.area_name)),
      h("td", { class: "chart" }, bandSvg(b, sc)),
      h("td", { class: "num", "data-label": "P25" }, pctText(b, "p25")),
      h("td", { class: "num", "data-label": "Median" }, pctText(b, "p50")),
      h("td", { class: "num", "data-label": "P75" }, pctText(b, "p75")),
      h("td", { class: "num", "data-label": "Employed" }, b.employment === null ? "n/a" : intFormat.format(b.employment)),
      h("td", { class: "num", "data-label": "Wage RSE" }, b.wage_rse === null ? "n/a" : `${b.wage_rse.toFixed(1)}%`)));
    swap(status,
      heading,
      h("p", { class: "meta" }, `${humanize(role.family)} · ${role.id} · value driver: ${role.value_driver.replace(/-/g, " ")}`,
        role.headline ? [" · ", h("span", { class: "badge article" }, "one of the article's ten")] : null),
      h("p", { class: "summary" }, role.summary),
      h("div", { class: "actions" },
        h("a", { href: `#/pay?role=${encodeURIComponent(role.id)}` }, "Pay in your area"),
        h("a", { href: `#/advise?target=${encodeURIComponent(role.id)}` }, "Analyse my resume toward this role")),
      h("div", { class: "two" },
        h("section", { "aria-labelledby": "duties-h" }, h("h2", { id: "duties-h" }, "What the job involves"),
          h("ul", {}, role.responsibilities.map((d) => h("li", {}, d)))),
        h("section", { "aria-labelledby": "skills-h" }, h("h2", { id: "skills-h" }, "Skills"),
          h("p", { class: "chip-label" }, "Required"), chipList(skills("required")),
          skills("valued").length ? [h("p", { class: "chip-label" }, "Valued"), chipList(skills("valued"))] : null,
          h("p", { class: "small muted" }, "“(article)”: named by the article for this role."),
          h("details", {}, h("summary", {}, "Skills that lift pay across all roles"),
            h("dl", { class: "facts" }, report.multipliers.map((m) => [h("dt", {}, m.label), h("dd", {}, m.why)]))))),
      h("section", { "aria-labelledby": "natpay-h" },
        h("h2", { id: "natpay-h" }, "Pay nationally"),
        legend(claim ? ["whisker", "box", "median", "claim"] : ["whisker", "box", "median"]),
        h("figure", {}, h("figcaption", { class: "sr-only" }, `${role.title}: national pay band`),
          axis(sc), bandSvg(nat, sc, { claim })),
        bandTable(nat, null),
        claim ? h("p", {}, h("strong", {}, "Article claim: "), claimText(claim), " ",
          report.claim_verdict ? h("span", { class: `badge ${report.claim_verdict}` }, VERDICT[report.claim_verdict]) : null,
          h("span", { class: "small muted" }, ` (claim source: ${report.article})`)) : null,
        bandNotes(nat)),
      report.top_metros.length ? h("section", { "aria-labelledby": "metros-h" },
        h("h2", { id: "metros-h" }, "Ten top-paying metros"),
        h("div", { class: "table-wrap" }, h("table", { class: "stack" },
          h("caption", { class: "sr-only" }, `Metros where ${nat.soc_title} earn the most`),
          h("thead", {}, h("tr", {},
            h("th", { scope: "col" }, "Metro"), h("th", { scope: "col", class: "chart" }, "P10–P90", axis(sc)),
            h("th", { class: "num", scope: "col" }, "P25"), h("th", { class: "num", scope: "col" }, "Median"),
            h("th", { class: "num", scope: "col" }, "P75"), h("th", { class: "num", scope: "col" }, "Employed"),
            h("th", { class: "num", scope: "col" }, "Wage RSE"))),
          h("tbody", {}, metroRows))),
        source(`BLS OEWS ${nat.release}, ${nat.soc} ${nat.soc_title}, metropolitan areas.`)) : null,
      h("section", { "aria-labelledby": "links-h" },
        h("h2", { id: "links-h" }, "Classifications"),
        h("ul", {},
          role.soc.map((l) => h("li", {}, `SOC ${l.code} ${l.title}: ${l.match} match${l.primary ? " (wages shown)" : ""}`,
            l.reason ? ` — ${l.reason}` : "")),
          role.onet_soc.map((code, i) => h("li", {}, `O*NET-SOC ${code}: `, h("a", { href: report.onet_links[i], rel: "noreferrer" }, report.onet_links[i]))),
          role.esco_occupations.map((occ) => h("li", {}, `ESCO occupation “${occ.label}”: `, h("a", { href: occ.uri, rel: "noreferrer" }, occ.uri)))),
        role.aliases.length ? h("p", { class: "small muted" }, `Also called: ${role.aliases.join(", ")}.`) : null,
        h("p", { class: "small muted" }, "These links point to the public websites of O*NET and ESCO; payband itself needs no network.")));
    return heading;
  }

  /* ---------- view: pay by area, and a personal estimate ---------- */

  function factorEffect(f) {
    if (f.value !== null && f.value !== undefined) return usd(f.value);
    if (f.multiplier !== null && f.multiplier !== undefined) return signedPct(f.multiplier - 1);
    return "—";
  }

  /** Factors with an effect, one row each; skills with no measured effect folded into one row. */
  function factorsTable(estimate, caption) {
    const factors = estimate.factors || [];
    const noEffect = (f) => f.kind === "skill" && f.value === null && (f.multiplier === null || f.multiplier === 1) && !f.n;
    const shown = factors.filter((f) => !noEffect(f));
    const quiet = factors.filter(noEffect);
    return h("div", { class: "table-wrap" }, h("table", { class: "factors stack" },
      h("caption", {}, caption || "How the median is built"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Factor"), h("th", { class: "num", scope: "col" }, "Effect"),
        h("th", { class: "num", scope: "col" }, "n"), h("th", { scope: "col" }, "Source"))),
      h("tbody", {}, shown.map((f) => h("tr", { "data-kind": f.kind },
        h("td", {}, f.name, f.note ? h("span", { class: "factor-note" }, f.note) : null),
        h("td", { class: "num", "data-label": "Effect" }, factorEffect(f)),
        h("td", { class: "num", "data-label": "n" }, f.n === null || f.n === undefined ? "—" : intFormat.format(f.n)),
        h("td", { class: "small", "data-label": "Source" }, f.source))),
      quiet.length ? h("tr", { class: "quiet", "data-kind": "skill-no-effect" },
        h("td", {}, `${quiet.length} more skills: no measured effect`,
          h("span", { class: "factor-note" }, `${quiet.map((f) => f.name.replace(/^skill: /, "")).join(", ")}. Not enough data: the source did not ask about them or too few answered.`)),
        h("td", { class: "num", "data-label": "Effect" }, "none"),
        h("td", { class: "num", "data-label": "n" }, "—"),
        h("td", { class: "small", "data-label": "Source" }, quiet[0].source)) : null),
      estimate.p50 !== undefined ? h("tfoot", {}, h("tr", {},
        h("td", {}, "Your estimated median: the base × each effect"),
        h("td", { class: "num", "data-label": "Median" }, pctText(estimate, "p50")),
        h("td", { class: "num" }), h("td", {}))) : null));
  }

  function estimateBlock(estimate, band, label) {
    const values = PCTS.map((k) => pctValue(estimate, k)).concat(band ? PCTS.map((k) => pctValue(band, k)) : []);
    const sc = scale(values);
    const est = { p25: pctValue(estimate, "p25"), p50: pctValue(estimate, "p50"), p75: pctValue(estimate, "p75") };
    return [
      legend(band ? ["whisker", "box", "median", "est", "mark"] : ["est", "mark"]),
      h("figure", {},
        h("figcaption", { class: "sr-only" }, `${label}: your estimate beside BLS's band`),
        axis(sc),
        band ? [h("p", { class: "small muted" }, "BLS, all workers here, with your estimate"), bandSvg(band, sc, { estimate: est })]
          : bandSvg(null, sc, { estimate: est })),
      h("div", { class: "table-wrap" }, h("table", { class: "stack estimate-table" },
        h("caption", {}, "Your personal estimate"),
        h("thead", {}, h("tr", {}, PCTS.map((k) => h("th", { class: "num", scope: "col" }, PCT_NAMES[k])))),
        h("tbody", {}, h("tr", {}, PCTS.map((k) => h("td", { class: "num", "data-label": PCT_NAMES[k] }, pctText(estimate, k))))))),
      factorsTable(estimate),
      (estimate.notes || []).map((n) => h("p", { class: "note" }, h("strong", {}, "Note: "), n)),
      estimate.source ? source(estimate.source) : source("payband pay model: the BLS OEWS median × each factor above, with the source each names."),
    ];
  }

  async function viewPay(root, route, alive) {
    document.title = "Pay by area — payband";
    const heading = h("h1", {}, "Pay by area");
    const q = route.query;
    const roleSelect = h("select", { id: "pay-role", name: "role", required: true });
    const [areaEl, areaList] = areaInput("pay-area", q.get("area") || "");
    const form = h("form", { class: "card", id: "pay-form", novalidate: true },
      h("div", { class: "row" },
        field("Role", roleSelect),
        h("div", { class: "field" }, h("label", { for: "pay-area" }, "Area"),
          h("p", { class: "hint", id: "pay-area-hint" }, "A metro, a state or “national”"), areaEl, areaList)),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Show pay")));
    const result = h("div", { id: "pay-result" });
    const yearsEl = h("input", { id: "est-years", name: "years", type: "number", min: "0", max: "60", step: "0.5", inputmode: "decimal" });
    const skillsEl = h("input", { id: "est-skills", name: "skills", type: "text", autocomplete: "off", placeholder: "python, sql, kubernetes" });
    const estForm = h("form", { class: "card", id: "estimate-form", novalidate: true },
      h("p", { class: "hint" }, "For the role and area above: your experience and skills move the median, each by a listed factor."),
      h("div", { class: "row" }, field("Years of experience", yearsEl, "Optional"), field("Your skills", skillsEl, "Comma-separated; optional")),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Estimate my pay")));
    const estResult = h("div", { id: "estimate-result" });
    root.append(heading,
      h("p", { class: "lead" }, "The wage distribution of a role's occupation in a metro, a state or the nation, from BLS's OEWS survey."),
      form, result,
      h("section", { "aria-labelledby": "est-h" }, h("h2", { id: "est-h" }, "Your personal estimate"), estForm, estResult));

    try {
      const roles = await getRoles();
      if (!alive()) return heading;
      roleSelect.append(...roleOptions(roles, null, q.get("role") || "data-scientist").flat().filter(Boolean));
    } catch (err) {
      if (alive()) result.replaceChildren(errorBox(err));
      return heading;
    }

    async function showBand(focus) {
      const role = roleSelect.value;
      const area = areaEl.value.trim() || "national";
      history.replaceState(null, "", `#/pay?role=${encodeURIComponent(role)}&area=${encodeURIComponent(area)}`);
      result.replaceChildren(loading("Loading pay…"));
      try {
        const band = await api(`/pay?role=${encodeURIComponent(role)}&area=${encodeURIComponent(area)}`);
        if (!alive()) return;
        const sc = scale(PCTS.map((k) => pctValue(band, k)));
        const title = h("h2", { id: "band-h" }, `${band.role_title || band.soc_title} — ${band.area_name}`);
        areaEl.removeAttribute("aria-invalid");
        result.replaceChildren(h("section", { "aria-labelledby": "band-h" }, title,
          legend(["whisker", "box", "median"]),
          h("figure", {}, h("figcaption", { class: "sr-only" }, "Pay band"), axis(sc), bandSvg(band, sc)),
          bandTable(band, null), bandNotes(band)));
        announce(`Median ${pctText(band, "p50")} in ${band.area_name}`);
        if (focus) focusHeading(title);
      } catch (err) {
        if (!alive()) return;
        if (/area/i.test(err.message)) areaEl.setAttribute("aria-invalid", "true");
        result.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, true)));
        announce(err.message);
      }
    }

    form.addEventListener("submit", (ev) => { ev.preventDefault(); showBand(true); });
    estForm.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (!yearsEl.checkValidity()) {
        yearsEl.setAttribute("aria-invalid", "true");
        estResult.replaceChildren(errorBox(new ApiError(0, "InputError", "Years of experience must be a number from 0 to 60, or empty.", [])));
        yearsEl.focus();
        return;
      }
      yearsEl.removeAttribute("aria-invalid");
      const params = new URLSearchParams({ role: roleSelect.value, area: areaEl.value.trim() || "national" });
      if (yearsEl.value.trim()) params.set("years", yearsEl.value.trim());
      if (skillsEl.value.trim()) params.set("skills", skillsEl.value.split(",").map((x) => x.trim()).filter(Boolean).join(","));
      estResult.replaceChildren(loading("Estimating…"));
      try {
        const [estimate, band] = await Promise.all([
          api(`/pay/estimate?${params}`),
          api(`/pay?role=${encodeURIComponent(params.get("role"))}&area=${encodeURIComponent(params.get("area"))}`).catch(() => null),
        ]);
        if (!alive()) return;
        const title = h("h3", { id: "est-result-h" }, `${estimate.role_title || band?.role_title || params.get("role")} — ${estimate.area_name || band?.area_name || params.get("area")}`,
          estimate.years !== null && estimate.years !== undefined ? `, ${estimate.years} years` : "");
        fill(estResult, title, estimateBlock(estimate, band, title.textContent));
        announce(`Estimated median ${pctText(estimate, "p50")}`);
        focusHeading(title);
      } catch (err) {
        if (alive()) estResult.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, false)));
      }
    });
    if (q.get("role") || q.get("area")) showBand(false);
    return heading;
  }

  /* ---------- view: the job-postings market (only on a server with a corpus) ---------- */

  function premiumText(p) {
    return p.premium_usd === null ? "n/a" : `${signedUsd(p.premium_usd)} (${signedPct(p.premium_pct)})`;
  }

  function intervalText(p) {
    return p.ci90_low_usd === null ? "n/a" : `${signedUsd(p.ci90_low_usd)} to ${signedUsd(p.ci90_high_usd)}`;
  }

  /** Skills without enough postings on a side: listed with their n, never ranked. */
  function thinList(items, id) {
    return h("ul", { class: "chips", id },
      items.map((p) => h("li", {}, p.label, h("span", { class: "why" }, ` · n ${intFormat.format(p.n_with)} with, ${intFormat.format(p.n_without)} without`))));
  }

  function statsBlock(st, roleTitle, onPick) {
    const values = st.rows.flatMap((r) => [r.p25, r.p50, r.p75]);
    const sc = scale(values);
    const title = h("h2", { id: "mstats-h" }, `Postings by role${st.area ? ` in ${st.area}` : ""}`);
    const rows = st.rows.map((r) => {
      const enough = r.p50 !== null;
      const name = r.key
        ? h("button", { type: "button", class: "link role-pick", onclick: () => onPick(r.key) },
          roleTitle(r.key), h("span", { class: "sr-only" }, ": show its skill premiums"))
        : h("span", { class: "muted" }, "No catalog role");
      return h("tr", { "data-role": r.key || "" },
        h("td", { class: "role" }, name),
        h("td", { class: "num", "data-label": "Postings" }, intFormat.format(r.n)),
        h("td", { class: "num", "data-label": "Stating pay" }, `${pct(r.share_pay)} (${intFormat.format(r.n_pay)})`),
        h("td", { class: "chart" }, enough && sc ? bandSvg(r, sc)
          : h("span", { class: "muted small" }, `not enough data (fewer than ${st.min_pay_n} state pay)`)),
        ["p25", "p50", "p75"].map((k) => h("td", { class: `num${enough ? "" : " empty"}`, "data-label": PCT_NAMES[k] },
          enough ? usd(r[k]) : [h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "sr-only" }, "not enough data")])));
    });
    return [
      title,
      h("p", { class: "muted small" }, `${intFormat.format(st.n_total)} postings, one per near-duplicate group. Pay: the midpoint of the stated range, annual USD; percentiles where at least ${st.min_pay_n} postings state pay.`),
      sc ? legend(["pbox", "pmedian"]) : null,
      st.rows.length ? h("div", { class: "table-wrap" }, h("table", { class: "stack market-stats", id: "market-stats-table" },
        h("caption", { class: "sr-only" }, "Postings by role: count, share stating pay and stated pay percentiles"),
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "Role"), h("th", { class: "num", scope: "col" }, "Postings"),
          h("th", { class: "num", scope: "col" }, "Stating pay"),
          h("th", { scope: "col", class: "chart" }, "Stated pay, P25–P75", sc ? axis(sc) : null),
          h("th", { class: "num", scope: "col" }, "P25"), h("th", { class: "num", scope: "col" }, "Median"),
          h("th", { class: "num", scope: "col" }, "P75"))),
        h("tbody", {}, rows)))
        : h("p", {}, "No postings match."),
      source(st.source),
    ];
  }

  function premiumsBlock(res, roleName) {
    const title = h("h2", { id: "premiums-h" }, `Skill premiums: ${roleName}${res.area ? ` in ${res.area}` : ""}`);
    const sc = deltaScale(res.ranked.flatMap((p) => [p.ci90_low_usd, p.ci90_high_usd, p.premium_usd]));
    const stratified = res.ranked.some((p) => p.by_seniority);
    const rows = res.ranked.map((p, i) => h("tr", { "data-skill": p.skill_id },
      h("td", { class: "num rank" }, String(i + 1)),
      h("td", { class: "skill" }, p.label, p.by_seniority ? h("span", { title: "compared within seniority levels" }, " *") : null),
      h("td", { class: "num", "data-label": "Premium" }, premiumText(p)),
      h("td", { class: "chart" }, sc ? intervalSvg(p, sc) : null,
        h("span", { class: "nums" }, `90% interval ${intervalText(p)}`)),
      h("td", { class: "num", "data-label": "n with" }, intFormat.format(p.n_with)),
      h("td", { class: "num", "data-label": "n without" }, intFormat.format(p.n_without)),
      h("td", { class: "num", "data-label": "Median with / without" }, `${usd(p.median_with)} / ${usd(p.median_without)}`)));
    return [
      title,
      h("p", { class: "small" }, `${intFormat.format(res.n_pay)} postings with pay. For each skill: the median pay of the role's postings that ask for it against those that do not, `,
        `with a 90% bootstrap interval (${intFormat.format(res.n_boot)} resamples, seed ${res.seed}); ranked only with at least ${res.min_n} postings on each side.`),
      res.ranked.length ? [
        sc ? legend(["ci", "pmark", "zero"]) : null,
        h("div", { class: "table-wrap" }, h("table", { class: "stack premiums", id: "premiums-table" },
          h("caption", { class: "sr-only" }, `Skill pay premiums in ${roleName} postings, highest first`),
          h("thead", {}, h("tr", {},
            h("th", { class: "num", scope: "col" }, "#"), h("th", { scope: "col" }, "Skill"),
            h("th", { class: "num", scope: "col" }, "Premium"),
            h("th", { scope: "col", class: "chart" }, "90% interval", sc ? axis(sc, signedK) : null),
            h("th", { class: "num", scope: "col" }, "n with"), h("th", { class: "num", scope: "col" }, "n without"),
            h("th", { class: "num", scope: "col" }, "Median with / without"))),
          h("tbody", {}, rows))),
        stratified ? h("p", { class: "small muted" }, "* compared within seniority levels, then weighted by postings with the skill.") : null,
      ] : h("p", { class: "note", id: "premiums-none" }, h("strong", {}, "No skill ranked: "),
        `no skill has ${res.min_n} or more postings with pay on both sides${res.area ? " here" : ""}. Lower “postings needed on each side” for rough figures, or ingest more postings.`),
      res.not_enough_data.length ? [
        h("h3", { id: "thin-h" }, `Not enough data (fewer than ${res.min_n} postings with pay on a side): ${res.not_enough_data.length} skills`),
        thinList(res.not_enough_data, "premiums-thin")] : null,
      source(res.source),
    ];
  }

  async function viewMarket(root, route, alive) {
    document.title = "Job-posting market — payband";
    const heading = h("h1", {}, "Pay and skills in job postings");
    const q = route.query;
    const status = loading("Loading the postings corpus…");
    root.append(heading, status);
    let info;
    let roles;
    try {
      [info, roles] = await Promise.all([getMarketInfo(), getRoles()]);
    } catch (err) {
      if (alive()) swap(status, errorBox(err));
      return heading;
    }
    if (!alive()) return heading;
    if (!info.configured) {
      swap(status, h("p", { class: "note" }, h("strong", {}, "No postings corpus. "), info.message),
        h("p", {}, h("a", { href: "#/roles" }, "See the ranking of roles from BLS instead"), "."));
      return heading;
    }
    const titles = new Map(roles.map((r) => [r.role_id, r.title]));
    const roleTitle = (id) => titles.get(id) || humanize(id);

    const roleSelect = h("select", { id: "market-role", name: "role", "aria-describedby": "market-role-hint" });
    const [areaEl, areaList] = areaInput("market-area", q.get("area") || "");
    const minEl = h("input", {
      id: "market-min-n", name: "min_n", type: "number", min: "2", max: "1000000", step: "1", inputmode: "numeric",
      value: q.get("min_n") || String(info.premiums_min_n || 30), "aria-describedby": "market-min-n-hint",
    });
    const form = h("form", { class: "card", id: "market-form", novalidate: true },
      h("div", { class: "row" },
        field("Role", roleSelect, "Roles with postings in this corpus", "market-role-hint"),
        h("div", { class: "field" }, h("label", { for: "market-area" }, "Area"),
          h("p", { class: "hint", id: "market-area-hint" }, "Optional: a metro, or a state with its metros"), areaEl, areaList),
        field("Postings needed on each side", minEl, "Paid postings with and without a skill, to rank it", "market-min-n-hint")),
      h("div", { class: "actions" }, h("button", { type: "submit", id: "market-show" }, "Show skill premiums")));
    const statsBox = h("section", { id: "market-stats", "aria-labelledby": "mstats-h" });
    const premBox = h("section", { id: "premiums", "aria-labelledby": "premiums-h" });
    const dates = info.first_posted ? `, posted ${info.first_posted} to ${info.last_posted}` : "";
    swap(status,
      h("p", { class: "lead" }, "What employers state in job postings: how many postings each role has, how many state pay and ",
        "how much, and which skills go with higher pay within a role. These figures come from the postings this server ",
        "was given, not from BLS: they show what was posted, not what people earn."),
      h("p", { id: "market-summary" }, h("strong", {}, `${intFormat.format(info.postings)} postings`),
        ` (one per near-duplicate group; ${intFormat.format(info.postings_stored)} stored), `,
        `${intFormat.format(info.postings_with_pay)} stating pay, ${info.roles} catalog roles, ${info.skills} skills${dates}.`),
      source(info.source),
      form, statsBox, premBox);

    function pick(id) {
      if (![...roleSelect.options].some((o) => o.value === id)) roleSelect.append(h("option", { value: id }, roleTitle(id)));
      roleSelect.value = id;
      form.requestSubmit();
    }

    async function showStats(area) {
      const params = new URLSearchParams({ by: "role" });
      if (area) params.set("area", area);
      statsBox.replaceChildren(loading("Loading postings by role…"));
      try {
        const st = await cached(`/market/stats?${params}`);
        if (!alive()) return;
        areaEl.removeAttribute("aria-invalid");
        fill(statsBox, statsBlock(st, roleTitle, pick));
      } catch (err) {
        if (!alive()) return;
        if (/area/i.test(err.message)) areaEl.setAttribute("aria-invalid", "true");
        statsBox.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, true)));
      }
    }

    async function showPremiums(role, area, minN, focus) {
      const params = new URLSearchParams({ role, min_n: minN });
      if (area) params.set("area", area);
      premBox.replaceChildren(loading("Computing skill premiums…"));
      premBox.setAttribute("aria-busy", "true");
      try {
        const res = await cached(`/market/premiums?${params}`);
        if (!alive()) return;
        premBox.setAttribute("aria-busy", "false");
        fill(premBox, premiumsBlock(res, roleTitle(res.role)));
        announce(`${res.ranked.length} skills ranked for ${roleTitle(res.role)}, ${res.not_enough_data.length} with not enough data`);
        if (focus) focusHeading(document.getElementById("premiums-h"));
      } catch (err) {
        if (!alive()) return;
        premBox.setAttribute("aria-busy", "false");
        premBox.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, true)));
        announce(err.message);
      }
    }

    // The role picker lists the corpus's roles, most postings first.
    try {
      const byRole = await cached("/market/stats?by=role");
      if (!alive()) return heading;
      const wanted = q.get("role") || "";
      append(roleSelect, [h("option", { value: "" }, "Choose a role"),
        byRole.rows.filter((r) => r.key).map((r) => h("option", { value: r.key, selected: r.key === wanted },
          `${roleTitle(r.key)} (${intFormat.format(r.n)})`))]);
      if (wanted && roleSelect.value !== wanted) roleSelect.append(h("option", { value: wanted, selected: true }, roleTitle(wanted)));
    } catch (err) {
      if (alive()) statsBox.replaceChildren(errorBox(err));
      return heading;
    }

    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      minEl.removeAttribute("aria-invalid");
      if (!minEl.value.trim() || !minEl.checkValidity()) {
        minEl.setAttribute("aria-invalid", "true");
        premBox.replaceChildren(errorBox(new ApiError(0, "InputError", "Postings needed on each side must be a whole number, 2 or more.", [])));
        minEl.focus();
        return;
      }
      const role = roleSelect.value;
      const area = areaEl.value.trim();
      const minN = minEl.value.trim();
      const params = new URLSearchParams();
      if (role) params.set("role", role);
      if (area) params.set("area", area);
      params.set("min_n", minN);
      history.replaceState(null, "", `#/market?${params}`);
      showStats(area);
      if (role) showPremiums(role, area, minN, true);
      else premBox.replaceChildren(h("p", { class: "muted", id: "premiums-hint" }, "Choose a role above, or in the table, to see its skill premiums."));
    });

    showStats(q.get("area") || "");
    if (!q.get("role")) premBox.replaceChildren(h("p", { class: "muted", id: "premiums-hint" }, "Choose a role above, or in the table, to see its skill premiums."));
    if (q.get("role")) showPremiums(q.get("role"), q.get("area") || "", minEl.value.trim() || "30", false);
    return heading;
  }

  /* ---------- view: analyse my resume ---------- */

  async function viewAdvise(root, route, alive) {
    document.title = "Analyse my resume — payband";
    const heading = h("h1", {}, "Analyse my resume");
    const q = route.query;
    const fileEl = h("input", { id: "resume", name: "resume", type: "file", accept: ".pdf,.docx,.md,.markdown,.txt,.text,.html,.htm", "aria-describedby": "resume-hint" });
    const textEl = h("textarea", { id: "text", name: "text", rows: "6", "aria-describedby": "text-hint" });
    const skillsEl = h("input", { id: "skills", name: "skills", type: "text", autocomplete: "off", "aria-describedby": "skills-hint", placeholder: "python, sql, kubernetes" });
    const [areaEl, areaList] = areaInput("area", q.get("area") || "");
    const yearsEl = h("input", { id: "years", name: "years", type: "number", min: "0", max: "60", step: "0.5", inputmode: "decimal", "aria-describedby": "years-hint" });
    const roleEl = h("select", { id: "role", name: "role", "aria-describedby": "role-hint" });
    const targetEl = h("select", { id: "target", name: "target", "aria-describedby": "target-hint" });
    const submit = h("button", { type: "submit", id: "analyse" }, "Analyse");
    const reportBtn = h("button", { type: "button", class: "secondary", id: "download-report" }, "Download the HTML report");
    const formStatus = h("p", { class: "hint", id: "form-status", role: "status" });
    const form = h("form", { class: "card", id: "advise-form", novalidate: true },
      h("fieldset", {}, h("legend", {}, "Your resume or skills (one is enough)"),
        field("Resume file", fileEl, "PDF, Word (.docx), Markdown, text or HTML. Read on this machine, never stored.", "resume-hint"),
        h("p", { class: "or" }, "or"),
        field("Paste your resume", textEl, "Plain text is fine.", "text-hint"),
        field("Skills", skillsEl, "Comma-separated; added to those found in the resume.", "skills-hint")),
      h("fieldset", {}, h("legend", {}, "About you (optional)"),
        h("div", { class: "row" },
          h("div", { class: "field" }, h("label", { for: "area" }, "Area"),
            h("p", { class: "hint", id: "area-hint" }, "Where you work; else read from the resume"), areaEl, areaList),
          field("Years of experience", yearsEl, "Else counted from dated positions", "years-hint"),
          field("Current role", roleEl, "Else read from your latest title", "role-hint"),
          field("Target role", targetEl, "The role you want to move to", "target-hint"))),
      h("div", { class: "actions" }, submit, reportBtn, formStatus));
    const result = h("div", { id: "advice-result" });
    root.append(heading,
      h("p", { class: "lead" }, "Upload or paste your resume, or list your skills. payband tells you which roles fit and why, ",
        "what you would earn in each where you work, which skills to learn next, and a path to the role you want."),
      form, result);

    try {
      const roles = await getRoles();
      if (!alive()) return heading;
      roleEl.append(...roleOptions(roles, "From my resume", "").flat().filter(Boolean));
      targetEl.append(...roleOptions(roles, "None: suggest one", q.get("target") || "").flat().filter(Boolean));
    } catch (err) {
      if (alive()) result.replaceChildren(errorBox(err));
    }

    function formData() {
      const data = new FormData();
      const file = fileEl.files && fileEl.files[0];
      if (file) data.append("resume", file, file.name);
      else if (textEl.value.trim()) data.append("text", textEl.value);
      if (skillsEl.value.trim()) data.append("skills", skillsEl.value.trim());
      for (const el of [areaEl, yearsEl, roleEl, targetEl]) {
        if (el.value.trim()) data.append(el.name, el.value.trim());
      }
      return data;
    }

    function invalid(el, message) {
      el.setAttribute("aria-invalid", "true");
      result.replaceChildren(errorBox(new ApiError(0, "InputError", message, [])));
      el.focus();
      return false;
    }

    function checkInput() {
      const file = fileEl.files && fileEl.files[0];
      fileEl.removeAttribute("aria-invalid");
      yearsEl.removeAttribute("aria-invalid");
      if (!(file || textEl.value.trim() || skillsEl.value.trim())) {
        return invalid(fileEl, "Give a resume file, paste its text, or list your skills.");
      }
      if (!yearsEl.checkValidity()) return invalid(yearsEl, "Years of experience must be a number from 0 to 60, or empty.");
      return true;
    }

    function busy(on, text) {
      submit.disabled = on;
      reportBtn.disabled = on;
      formStatus.textContent = text || "";
      result.setAttribute("aria-busy", on ? "true" : "false");
    }

    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (!checkInput()) return;
      busy(true, "Analysing…");
      try {
        const advice = await api("/advise", { method: "POST", body: formData() });
        if (!alive()) return;
        await preloadLabels(advice);
        if (!alive()) return;
        const title = renderAdvice(result, advice);
        busy(false, "");
        const best = advice.fits[0];
        announce(best ? `Results ready. Best fit: ${best.title}, ${pct(best.score)}.` : "Results ready.");
        focusHeading(title);
      } catch (err) {
        if (!alive()) return;
        busy(false, "");
        result.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, true)));
        announce(err.message);
      }
    });

    reportBtn.addEventListener("click", async () => {
      if (!checkInput()) return;
      busy(true, "Writing the report…");
      try {
        const response = await fetch("/advise/report", { method: "POST", body: formData(), headers: authHeaders() });
        if (!response.ok) {
          const body = await response.json().catch(() => null);
          const e = body && body.error ? body.error : { type: "HTTPError", message: `the server answered ${response.status}`, suggestions: [] };
          throw new ApiError(response.status, e.type, e.message, e.suggestions);
        }
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const link = h("a", { href: url, download: "payband-advice.html" });
        document.body.append(link);
        link.click();
        link.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10000);
        busy(false, "Report downloaded: payband-advice.html (works offline and prints).");
      } catch (err) {
        busy(false, "");
        if (alive()) result.replaceChildren(errorBox(err, (sug) => pickInto(form, err, sug, false)));
      }
    });
    return heading;
  }

  /** Fetch the role reports of the roles shown, so skill ids read as their labels. */
  async function preloadLabels(advice) {
    const ids = new Set(advice.fits.slice(0, 6).map((f) => f.role_id));
    for (const p of advice.pay) ids.add(p.role_id);
    if (advice.path) for (const st of advice.path.steps) { ids.add(st.from_role); ids.add(st.to_role); }
    for (const g of (advice.gaps && advice.gaps.skills) || []) skillLabels.set(g.skill_id, g.label);
    const reports = await Promise.all([...ids].map((id) => getRole(id).catch(() => null)));
    for (const r of reports) if (r) rememberSkills(r);
  }

  function chips(ids, cls, extra) {
    if (!ids.length) return null;
    return h("ul", { class: "chips" }, ids.map((id) => h("li", { class: cls }, skillLabel(id), extra ? extra(id) : null)));
  }

  function fitItem(fit, payByRole) {
    const item = payByRole.get(fit.role_id);
    const est = item && item.estimate;
    const partial = Object.keys(fit.partial || {});
    return h("li", { "data-role": fit.role_id },
      h("div", { class: "fit-head" },
        h("a", { class: "fit-title", href: `#/role/${encodeURIComponent(fit.role_id)}` }, fit.title),
        h("span", { class: "fit-score" }, h("span", { class: "sr-only" }, "fit "), pct(fit.score))),
      scoreSvg(fit.score),
      h("p", { class: "reason" }, fit.reason),
      est ? h("p", { class: "small" }, `Your pay here: P25–P75 ${pctText(est, "p25")}–${pctText(est, "p75")}, median ${pctText(est, "p50")}`,
        item.band ? ` (BLS median here ${pctText(item.band, "p50")})` : "") : null,
      fit.matched.length ? [h("p", { class: "chip-label" }, h("span", { "aria-hidden": "true" }, "✓ "), "Skills you have"),
        chips(fit.matched, "have")] : null,
      fit.missing_required.length ? [h("p", { class: "chip-label" }, h("span", { "aria-hidden": "true" }, "✗ "), "Missing required skills"),
        chips(fit.missing_required, "miss")] : null,
      partial.length || fit.missing_valued.length
        ? h("details", {}, h("summary", {}, `More: ${partial.length} within reach, ${fit.missing_valued.length} valued skills missing`),
          partial.length ? [h("p", { class: "chip-label" }, "Within reach: you know a related skill"),
            chips(partial, "part", (id) => h("span", { class: "why" }, ` via ${skillLabel(fit.partial[id])}`))] : null,
          fit.missing_valued.length ? [h("p", { class: "chip-label" }, "Missing valued skills"), chips(fit.missing_valued, "")] : null)
        : null);
  }

  /** The postings corpus's premiums for the person's role (a server started with --market), with n. */
  function marketBlock(market, roleTitle) {
    if (!market) return null;
    const lack = market.to_learn.slice(0, 10);
    const held = market.held.map((id) => market.premiums[id]).filter(Boolean);
    return h("section", { "aria-labelledby": "market-h", id: "advice-market" },
      h("h2", { id: "market-h" }, "What the job postings say"),
      h("p", { class: "muted small" }, `In ${roleTitle(market.role)} postings with pay (${intFormat.format(market.n_pay)}): the median pay of postings `,
        "asking for a skill against those that do not, with a 90% interval and n on each side. Skills with too few postings on a side are not ranked."),
      lack.length ? h("div", { class: "table-wrap" }, h("table", { class: "stack", id: "advice-market-table" },
        h("caption", {}, "Skills you lack, highest premium first"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Skill"), h("th", { class: "num", scope: "col" }, "Premium"),
          h("th", { class: "num", scope: "col" }, "90% interval"), h("th", { class: "num", scope: "col" }, "n with / without"))),
        h("tbody", {}, lack.map((p) => h("tr", { "data-skill": p.skill_id },
          h("td", {}, p.label),
          h("td", { class: "num", "data-label": "Premium" }, premiumText(p)),
          h("td", { class: "num", "data-label": "90% interval" }, intervalText(p)),
          h("td", { class: "num", "data-label": "n with / without" }, `${intFormat.format(p.n_with)} / ${intFormat.format(p.n_without)}`))))))
        : h("p", {}, "No skill you lack has enough postings with pay on both sides to rank."),
      held.length ? [h("p", { class: "chip-label" }, "Skills you have, in these postings"),
        h("ul", { class: "chips" }, held.map((p) => h("li", { class: "have" }, p.label,
          h("span", { class: "why" }, p.status === "ranked" ? ` ${premiumText(p)}, n ${p.n_with}/${p.n_without}` : ` not enough data, n ${p.n_with}/${p.n_without}`))))] : null,
      source(market.source));
  }

  function renderAdvice(root, advice) {
    const p = advice.profile;
    const title = h("h2", { id: "advice-h" }, "Your results");
    const roleTitle = (id) => { const f = advice.fits.find((x) => x.role_id === id); return f ? f.title : humanize(id); };
    const payByRole = new Map(advice.pay.map((x) => [x.role_id, x]));
    const years = p.years === null || p.years === undefined ? "years unknown" : `${p.years} years (${p.years_source})`;
    const now = p.current_role ? `${roleTitle(p.current_role)} (${p.role_source})` : "current role unknown";
    const topN = 6;
    const fitList = h("ol", { class: "fits", id: "fits" }, advice.fits.slice(0, topN).map((f) => fitItem(f, payByRole)));
    const more = advice.fits.length > topN
      ? h("button", { type: "button", class: "secondary", "aria-controls": "fits" }, `Show all ${advice.fits.length} roles`) : null;
    if (more) {
      more.addEventListener("click", async () => {
        more.disabled = true;
        const rest = advice.fits.slice(topN);
        const reports = await Promise.all(rest.map((f) => getRole(f.role_id).catch(() => null)));
        for (const r of reports) if (r) rememberSkills(r);
        const items = rest.map((f) => fitItem(f, payByRole));
        fitList.append(...items);
        more.remove();
        const link = items[0] && items[0].querySelector("a");
        if (link) link.focus();
        announce(`${advice.fits.length} roles shown`);
      });
    }

    // Pay: the person's estimate in each role beside the BLS band it starts from.
    const withEst = advice.pay.filter((x) => x.estimate);
    const values = withEst.flatMap((x) => PCTS.map((k) => pctValue(x.estimate, k)).concat(x.band ? PCTS.map((k) => pctValue(x.band, k)) : []));
    const sc = scale(values);
    const payRows = advice.pay.map((x) => {
      const est = x.estimate;
      return h("tr", { "data-role": x.role_id },
        h("td", {}, h("a", { href: `#/role/${encodeURIComponent(x.role_id)}` }, roleTitle(x.role_id)), h("span", { class: "soc" }, x.why)),
        h("td", { class: "chart" }, est && sc ? bandSvg(x.band, sc, { estimate: { p25: pctValue(est, "p25"), p50: pctValue(est, "p50"), p75: pctValue(est, "p75") } })
          : h("span", { class: "muted small" }, x.note || "no estimate")),
        h("td", { class: "num", "data-label": "Your P25–P75" }, est ? `${pctText(est, "p25")}–${pctText(est, "p75")}` : "n/a"),
        h("td", { class: "num", "data-label": "Your median" }, est ? pctText(est, "p50") : "n/a"),
        h("td", { class: "num", "data-label": "BLS median here" }, x.band ? pctText(x.band, "p50") : "n/a"));
    });
    const firstEst = withEst[0];
    const factorBlocks = withEst.map((x, i) => h("details", { open: i === 0, "data-role": x.role_id },
      h("summary", {}, `${roleTitle(x.role_id)}: median ${pctText(x.estimate, "p50")}`),
      factorsTable(x.estimate, `How your ${roleTitle(x.role_id)} estimate is built`),
      (x.estimate.notes || []).map((n) => h("p", { class: "note" }, h("strong", {}, "Note: "), n)),
      x.estimate.source ? source(x.estimate.source) : null,
      x.band ? source(x.band.source) : null));

    // Skills to learn next.
    const gaps = advice.gaps || { skills: [], targets: [] };
    const toward = (gaps.targets || []).map(roleTitle).join(", ");
    const learn = (gaps.skills || []).slice(0, 8).map((g) => {
      const payText = g.pay && g.pay.enough_data
        ? `pay ${signedPct(g.pay.multiplier - 1)}${g.pay.usd ? ` ≈ ${signedUsd(g.pay.usd)}` : ""} (n=${intFormat.format(g.pay.n)})`
        : "pay: not enough data";
      return h("li", {}, h("strong", {}, g.label), ` — fit ${g.fit_gain >= 0 ? "+" : "−"}${Math.abs(Math.round(g.fit_gain * 100))}%, ${payText}`,
        g.cost_via ? `, cheaper: you know ${skillLabel(g.cost_via)}` : "",
        h("span", { class: "factor-note" }, g.reason));
    });
    const gapSource = ((gaps.skills || []).find((g) => g.pay && g.pay.source) || {}).pay;

    // The path.
    const path = advice.path;
    const pathBlock = path ? h("section", { "aria-labelledby": "path-h" },
      h("h2", { id: "path-h" }, `Path to ${roleTitle(path.target)}`),
      (path.notes || []).map((n) => h("p", { class: "muted" }, n)),
      path.steps.length ? h("ol", { class: "path" }, path.steps.map((st, i) => h("li", {},
        h("p", { class: "step-head" }, `Step ${i + 1}: ${st.from_title} → ${st.to_title}`),
        h("p", { class: "small" }, `Overlap ${pct(st.overlap)}`,
          st.pay_change !== null && st.pay_change !== undefined
            ? [", median ", h("span", { class: st.pay_change >= 0 ? "gain" : "loss" }, signedUsd(st.pay_change)), st.pay_lower_bound ? " or more" : ""] : ""),
        st.close_required.length ? [h("p", { class: "chip-label" }, "Required skills to close"), chips(st.close_required, "miss")]
          : h("p", { class: "small" }, "No required skill to close."),
        st.close_valued.length ? h("details", {}, h("summary", {}, `${st.close_valued.length} valued skills to close`), chips(st.close_valued, "")) : null)))
        : h("p", {}, "You are already there."),
      path.pay_change !== null && path.pay_change !== undefined
        ? h("p", {}, h("strong", {}, "Whole move: "), h("span", { class: path.pay_change >= 0 ? "gain" : "loss" }, signedUsd(path.pay_change)), " in your estimated median.") : null,
      path.steps.length && path.steps[0].pay_note ? h("p", { class: "small muted" }, `Pay change: ${path.steps[0].pay_note}.`) : null,
      h("details", {}, h("summary", {}, "How the path is chosen"), h("p", { class: "small" }, path.rule))) : null;

    fill(root,
      title,
      h("div", { class: "profile-card", id: "profile" },
        h("p", {}, h("strong", {}, "Profile: "), `${now} · ${years} · ${p.area_name || "national"} · ${p.skills.length} skills`),
        (p.warnings || []).map((w) => h("p", { class: "note" }, h("strong", {}, "Note: "), w)),
        h("details", {}, h("summary", {}, "How your resume was read"),
          h("dl", { class: "facts" },
            h("dt", {}, "Skills"), h("dd", {}, chips(p.skills, "have") || "none found"),
            p.role_evidence ? [h("dt", {}, "Role"), h("dd", {}, p.role_evidence)] : null,
            (p.years_evidence || []).length ? [h("dt", {}, "Years"), h("dd", {}, h("ul", {}, p.years_evidence.map((e) => h("li", {}, e))))] : null,
            p.area_evidence ? [h("dt", {}, "Area"), h("dd", {}, p.area_evidence)] : null,
            p.source_name ? [h("dt", {}, "Read from"), h("dd", {}, `${p.source_name}${p.text_chars ? `, ${intFormat.format(p.text_chars)} characters` : ""}`)] : null))),
      h("section", { "aria-labelledby": "fits-h" },
        h("h2", { id: "fits-h" }, "Roles that fit you"),
        h("p", { class: "muted small" }, "Fit is the share of a role's skills you have, required skills counting most; each lists what matched and what is missing."),
        fitList, more),
      h("section", { "aria-labelledby": "pay-h", id: "estimate" },
        h("h2", { id: "pay-h" }, `What you would earn in ${p.area_name || "the nation"}`),
        sc ? [legend(["whisker", "box", "median", "est", "mark"])] : null,
        h("div", { class: "table-wrap" }, h("table", { class: "stack advice-pay" },
          h("caption", { class: "sr-only" }, "Your estimated pay by role beside BLS's band"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Role"), h("th", { scope: "col", class: "chart" }, "Pay", sc ? axis(sc) : null),
            h("th", { class: "num", scope: "col" }, "Your P25–P75"), h("th", { class: "num", scope: "col" }, "Your median"),
            h("th", { class: "num", scope: "col" }, "BLS median here"))),
          h("tbody", {}, payRows))),
        firstEst ? [h("h3", {}, "How each estimate is built"),
          h("p", { class: "muted small" }, "The BLS OEWS median of the role's occupation in your area × the role's premium × an experience effect × skill premiums; each factor with its size, sample size and source."),
          factorBlocks] : null),
      gaps.skills && gaps.skills.length ? h("section", { "aria-labelledby": "learn-h" },
        h("h2", { id: "learn-h" }, "Skills to learn next"),
        toward ? h("p", { class: "muted" }, `Toward ${toward}.`) : null,
        h("ol", { class: "learn", id: "learn" }, learn),
        gapSource ? source(gapSource.source) : null) : null,
      marketBlock(advice.market, roleTitle),
      pathBlock,
      source("BLS OEWS May 2025 bands adjusted by effects fitted on CC0 salary data (Foorilla) and the Stack Overflow Developer Survey 2023 (ODbL, derived statistics); skills from the payband taxonomy (ESCO 1.1.1, O*NET 28.0)."));
    return title;
  }

  /* ---------- router ---------- */

  const VIEWS = { roles: viewRoles, role: viewRole, pay: viewPay, advise: viewAdvise, market: viewMarket };

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, "");
    const [path, qs] = raw.split("?");
    const parts = path.split("/").filter(Boolean).map((x) => decodeURIComponent(x));
    return { name: parts[0] || "roles", arg: parts[1], query: new URLSearchParams(qs || "") };
  }

  async function render() {
    if (location.hash && !location.hash.startsWith("#/")) return; // in-page anchors such as #main
    const route = parseHash();
    const token = ++renderToken;
    const alive = () => token === renderToken;
    checkMarket();
    const navName = route.name === "role" ? "roles" : route.name;
    for (const a of document.querySelectorAll("[data-nav]")) {
      if (a.dataset.nav === navName) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    main.replaceChildren();
    main.setAttribute("aria-busy", "true");
    const view = VIEWS[route.name];
    let heading;
    if (!view) {
      heading = h("h1", {}, "Page not found");
      main.append(heading, h("p", {}, "There is no page at this address. ", h("a", { href: "#/roles" }, "See the ranking of roles"), "."));
    } else {
      heading = await view(main, route, alive);
    }
    if (!alive()) return;
    main.setAttribute("aria-busy", "false");
    if (!firstRender) focusHeading(heading);
    firstRender = false;
  }

  document.querySelector(".skip").addEventListener("click", (ev) => {
    ev.preventDefault();
    main.focus();
  });
  window.addEventListener("hashchange", render);
  render();
})();
