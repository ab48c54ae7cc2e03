"""The advice report: one self-contained HTML page (inline CSS and SVG, no scripts, no CDN) that prints.

Sections: the profile as read, roles that fit, pay bands with the person's estimate marked, skills
to learn, the path to the target, and every source behind the figures.
"""

from __future__ import annotations

from datetime import date
from html import escape

from payband.advice.advise import Advice, RolePay
from payband.advice.charts import BandRow, BarRow, pay_bands_svg, score_bars_svg
from payband.pay.bands import format_usd
from payband.reference.catalog import load_catalog
from payband.reference.skills import load_skills

__all__ = ["render_report"]

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933;
       max-width: 860px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid #d9e2ec; padding-bottom: .2rem; }
.muted { color: #52606d; } .small { font-size: .85rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f5f7fa; } td.num, th.num { text-align: right; white-space: nowrap; }
.tag { display: inline-block; padding: 0 .4rem; margin: .1rem; border-radius: .3rem; font-size: .85rem; }
.have { background: #e3f8e8; } .miss { background: #fde8e8; } .part { background: #fff3c4; }
.legend span { margin-right: 1rem; }
.dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; background: #c0392b; }
.box { display: inline-block; width: 1.2rem; height: .7rem; background: #9fb3c8; border: 1px solid #486581; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  table, svg { break-inside: avoid; } }
"""


def _labels(ids: tuple[str, ...] | list[str]) -> list[str]:
    taxonomy = load_skills()
    return [skill.label if (skill := taxonomy.get(i)) else i for i in ids]


def _tags(ids: tuple[str, ...] | list[str], kind: str) -> str:
    return "".join(f'<span class="tag {kind}">{escape(label)}</span>' for label in _labels(ids))


def _title(role_id: str) -> str:
    role = load_catalog().get(role_id)
    return role.title if role else role_id


def _profile_section(advice: Advice) -> str:
    p = advice.profile
    years = "not stated" if p.years is None else f"{p.years:g} years ({p.years_source})"
    role = _title(p.current_role) if p.current_role else "not known"
    rows = [
        ("Current role", f"{escape(role)} <span class='muted'>({escape(p.role_source)}"
         + (f": {escape(p.role_evidence)}" if p.role_evidence else "") + ")</span>"),
        ("Experience", escape(years)),
        ("Area", escape(p.area_name or "national (no area given)")),
        ("Skills found", f"{len(p.skills)}: " + _tags(p.skills, "have")),
    ]  # fmt: skip
    evidence = "".join(f"<li>{escape(line)}</li>" for line in p.years_evidence)
    warnings = "".join(f"<li>{escape(w)}</li>" for w in p.warnings)
    body = "".join(f"<tr><th scope='row'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    extra = (
        f"<p class='small muted'>Experience counted from:</p><ul class='small'>{evidence}</ul>"
        if evidence
        else ""
    )
    extra += f"<p class='small'>Warnings:</p><ul class='small'>{warnings}</ul>" if warnings else ""
    return f"<h2>Your profile</h2><table>{body}</table>{extra}"


def _fits_section(advice: Advice) -> str:
    top = advice.fits[:8]
    bars = score_bars_svg(
        [BarRow(f.title, f.score, f"{f.score:.0%} fit · {f.required_coverage:.0%} of required") for f in top],
        "Role fit: share of each role's weighted skills you have",
    )
    rows = []
    for f in top:
        rows.append(
            f"<tr><td><strong>{escape(f.title)}</strong><br>"
            f"<span class='small muted'>{escape(f.reason)}</span></td>"
            f"<td>{_tags(f.matched, 'have')}{_tags(list(f.partial), 'part')}</td>"
            f"<td>{_tags(f.missing_required, 'miss')}</td></tr>"
        )
    multipliers = advice.fits[0].multipliers_present if advice.fits else ()
    missing_mult = advice.fits[0].multipliers_missing if advice.fits else ()
    return (
        "<h2>Roles that fit you</h2>" + bars
        + "<table><thead><tr><th>Role</th><th>Skills you have (yellow: through a related skill)</th>"
        "<th>Missing required skills</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        + "<p class='small'>Pay multipliers across roles — you show: "
        + (_tags(multipliers, "have") or "none")
        + "; not yet: " + (_tags(missing_mult, "miss") or "none") + "</p>"
    )  # fmt: skip


def _pay_rows(pay: tuple[RolePay, ...]) -> list[BandRow]:
    rows = []
    for item in pay:
        if item.band is None or item.estimate is None:
            continue
        band, est = item.band, item.estimate
        rows.append(
            BandRow(
                label=_title(item.role_id),
                p10=band.value("p10"), p25=band.value("p25"), p50=band.value("p50"),
                p75=band.value("p75"), p90=band.value("p90"),
                marker=est.value("p50"), marker_label=f"Your estimate: {est.display('p50')}",
            )
        )  # fmt: skip
    return rows


def _pay_section(advice: Advice) -> str:
    chart = pay_bands_svg(_pay_rows(advice.pay), "Pay bands by role with your estimate marked")
    rows = []
    for item in advice.pay:
        est = item.estimate
        if est is None:
            rows.append(
                f"<tr><td>{escape(_title(item.role_id))}</td>"
                f"<td colspan='4'>{escape(item.note or '')}</td></tr>"
            )
            continue
        factors = "; ".join(
            f"{f.name} {(f.multiplier - 1) * 100:+.1f}%" if f.multiplier is not None else f.name
            for f in est.factors[1:]
        )
        rows.append(
            f"<tr><td><strong>{escape(_title(item.role_id))}</strong><br><span class='small muted'>"
            f"{escape(item.why)}</span></td><td class='num'>{est.display('p25')}</td>"
            f"<td class='num'><strong>{est.display('p50')}</strong></td>"
            f"<td class='num'>{est.display('p75')}</td>"
            f"<td class='small'>{escape(factors)}</td></tr>"
        )
    legend = (
        "<p class='legend small'><span><span class='box'></span> BLS P25–P75 (line: P10–P90, tick: median)"
        "</span><span><span class='dot'></span> your estimated median</span></p>"
    )
    return (
        "<h2>What you would earn</h2>" + chart + legend
        + "<table><thead><tr><th>Role</th><th class='num'>P25</th><th class='num'>P50</th>"
        "<th class='num'>P75</th><th>Adjustments to the area median</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )  # fmt: skip


def _gaps_section(advice: Advice) -> str:
    report = advice.gaps
    if not report.skills:
        return "<h2>Skills to learn</h2><p>No missing skills for the roles considered.</p>"
    best = max((g.value for g in report.skills), default=1.0) or 1.0
    bars = score_bars_svg(
        [BarRow(g.label, g.value / best, g.reason[:60]) for g in report.skills],
        "Skills to learn, ranked by expected pay uplift and fit gain",
    )
    rows = []
    for g in report.skills:
        pay = (
            f"{(g.pay.multiplier - 1) * 100:+.1f}% (n={g.pay.n:,})"
            if g.pay.enough_data
            else "not enough data"
        )
        cost = f"cheaper: you know {escape(_labels([g.cost_via])[0])}" if g.cost_via else g.cost
        rows.append(
            f"<tr><td><strong>{escape(g.label)}</strong></td><td class='num'>{escape(pay)}</td>"
            f"<td class='num'>{g.fit_gain:+.0%}</td>"
            f"<td>{escape(', '.join(_title(r) for r in g.opens) or '—')}</td>"
            f"<td>{cost}</td></tr>"
        )
    targets = ", ".join(_title(t) for t in report.targets) or "—"
    return (
        f"<h2>Skills to learn</h2><p class='small muted'>Toward: {escape(targets)}. {escape(report.rule)}</p>"
        + bars + "<table><thead><tr><th>Skill</th><th class='num'>Pay premium</th><th class='num'>Fit gain"
        "</th><th>Roles it opens</th><th>Effort</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )  # fmt: skip


def _path_section(advice: Advice) -> str:
    path = advice.path
    if path is None:
        return "<h2>Your path</h2><p>Give a target role (<code>--target ROLE_ID</code>) to plan a move.</p>"
    steps = []
    for step in path.steps:
        change = "n/a"
        if step.pay_change is not None:
            change = ("+" if step.pay_change >= 0 else "−") + format_usd(abs(step.pay_change))
        valued = ""
        if step.close_valued:
            valued = f"<br><span class='small'>Also valued: {_tags(step.close_valued[:8], 'part')}</span>"
        steps.append(
            f"<li><strong>{escape(step.from_title)} → {escape(step.to_title)}</strong> "
            f"(skill overlap {step.overlap:.0%}; median pay {change})<br>"
            f"Close first: {_tags(step.close_required, 'miss') or 'nothing required'}{valued}"
            f"<br><span class='small muted'>{escape(step.pay_note)}</span></li>"
        )
    kind = "a direct move" if path.direct else f"{len(path.steps)} steps"
    return (
        f"<h2>Your path to {escape(_title(path.target))}</h2><p>{escape(kind.capitalize())} from "
        f"{escape(_title(path.start_role))}.</p><ol>{''.join(steps)}</ol>"
    )


def _market_section(advice: Advice) -> str:
    market = advice.market
    if market is None:
        return ""
    rows = []
    for premium in market.to_learn[:10]:
        rows.append(
            f"<tr><td>{escape(premium.label)}</td><td class='num'>{premium.premium_pct or 0:+.0%}</td>"
            f"<td class='num'>{premium.ci90_low_pct or 0:+.0%} to {premium.ci90_high_pct or 0:+.0%}</td>"
            f"<td class='num'>{premium.n_with:,} / {premium.n_without:,}</td></tr>"
        )
    body = "".join(rows) or "<tr><td colspan='4'>No skill you lack has enough postings to rank.</td></tr>"
    return (
        f"<h2>What the job postings say</h2><p class='small muted'>{escape(market.source)}</p>"
        "<table><thead><tr><th>Skill you lack</th><th class='num'>Median pay with it</th>"
        "<th class='num'>90% interval</th><th class='num'>n with / without</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _sources_section(advice: Advice) -> str:
    sources: list[str] = []
    for item in advice.pay:
        if item.estimate:
            for factor in item.estimate.factors:
                if factor.source not in sources:
                    sources.append(factor.source)
        if item.band and item.band.source not in sources:
            sources.append(item.band.source)
    items = "".join(f"<li>{escape(s)}</li>" for s in sources)
    return (
        "<h2>Sources</h2><ul class='small'>" + items + "</ul><p class='small muted'>Roles and the article's "
        "claims: " + escape(load_catalog().article) + ". Skills: payband taxonomy built from ESCO v1.1.1 "
        "(European Commission) and the O*NET 28.0 Database (USDOL/ETA, CC BY 4.0). Skill premiums are "
        "associations measured in survey and salary data, not promises. Your resume was read on this "
        "computer and not stored.</p>"
    )


def render_report(advice: Advice, *, generated: date | None = None) -> str:
    """The whole report as one HTML document."""
    when = (generated or date.today()).isoformat()
    role = _title(advice.profile.current_role) if advice.profile.current_role else "your skills"
    body = "".join(
        [
            _profile_section(advice),
            _fits_section(advice),
            _pay_section(advice),
            _gaps_section(advice),
            _path_section(advice),
            _market_section(advice),
            _sources_section(advice),
        ]
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>payband advice — {escape(role)}</title><style>{_CSS}</style></head><body>"
        f"<h1>payband advice</h1><p class='muted'>For {escape(role)} · generated {when} · offline</p>"
        f"{body}</body></html>\n"
    )
