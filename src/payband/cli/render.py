"""Rich tables for the CLI: how results look to a person in a terminal. No logic beyond layout."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from payband.pay.bands import PayBand, format_usd
from payband.pay.ranking import ClaimVerdict, RoleRanking, RoleReport
from payband.reference.areas import Area
from payband.reference.catalog import ArticleClaim
from payband.text.locations import LocationMatch

if TYPE_CHECKING:
    from pathlib import Path

    from payband.advice.advise import Advice
    from payband.advice.paymodel import PayEstimate
    from payband.text.salary import SalaryMention, SalaryParse
    from payband.text.skill_extraction import SkillMention
    from payband.text.titles import TitleMatch

# Piped output has no terminal width; give tables room rather than wrapping every cell.
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 132)

_VERDICT_TEXT: dict[ClaimVerdict, str] = {
    "above-p75": "[bold red]above P75[/]",
    "below-p25": "[bold yellow]below P25[/]",
    "within-p25-p75": "[green]within[/]",
}


def _claim(claim: ArticleClaim | None) -> str:
    if claim is None:
        return ""
    plus = "+" if claim.open_ended else ""
    return f"${claim.min // 1000}k–${claim.max // 1000}k{plus}"


def _employment(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def _jobs(value: int | None) -> str:
    """Compact employment for wide tables: 1.69M, 670k."""
    if value is None:
        return "n/a"
    return f"{value / 1e6:.2f}M" if value >= 1_000_000 else f"{value / 1000:.0f}k"


def roles_table(ranking: Sequence[RoleRanking]) -> None:
    """The ranking of roles by national median, with the article's claims beside BLS's."""
    table = Table(title="Tech roles ranked by national median pay", title_justify="left", box=box.SIMPLE_HEAD)
    for name, justify in [
        ("#", "right"), ("Role", "left"), ("SOC", "left"), ("P25", "right"), ("Median", "right"),
        ("P75", "right"), ("Jobs", "right"), ("Article claim", "right"), ("Claim vs BLS", "left"),
    ]:  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in ranking:
        band = row.band
        marker = "" if band.soc_match == "exact" else "*"
        title = f"[bold]{row.title}[/]" if row.headline else row.title
        table.add_row(
            str(row.rank),
            title,
            f"{band.soc}{marker}",
            band.display("p25"),
            band.display("p50"),
            band.display("p75"),
            _jobs(band.employment),
            _claim(row.claim),
            _VERDICT_TEXT[row.claim_verdict] if row.claim_verdict else "",
        )
    console.print(table)
    release = ranking[0].band.release if ranking else ""
    console.print(
        f"[dim]Source: BLS OEWS {release}, national, cross-industry; annual wages; "
        "P25–P75 is the middle half of workers.\n"
        "* the SOC stands in for a role BLS does not code separately (see `payband role ID`). "
        "Roles sharing a SOC show the same BLS figures.\n"
        "Bold: the article's ten headline roles; 'Claim vs BLS' places the claim's midpoint against "
        "BLS's P25–P75. Role ids: `payband roles --json`. "
        "≥ $239,200: BLS top-codes wages at or above that value.[/]"
    )


def pay_band(band: PayBand) -> None:
    """One role's wage distribution in one area, with its source line."""
    who = f"{band.role_title} ({band.role_id})" if band.role_id else f"{band.soc} {band.soc_title}"
    console.print(f"[bold]{who}[/] — {band.area_name}")
    if band.area_note:
        console.print(f"[yellow]Note:[/] {escape(band.area_note)}")
    table = Table(show_header=True, box=None, pad_edge=False)
    for col in ("P10", "P25", "Median", "P75", "P90", "Mean", "Employed"):
        table.add_column(col, justify="right")
    table.add_row(
        *(band.display(p) for p in ("p10", "p25", "p50", "p75", "p90")),
        format_usd(band.mean),
        _employment(band.employment),
    )
    console.print(table)
    if band.hourly_p50 is not None:
        console.print(f"Hourly median ${band.hourly_p50:,.2f}")
    if band.soc_match and band.soc_match != "exact":
        console.print(f"[yellow]Note:[/] {band.soc_title} ({band.soc}) is a {band.soc_match} match: "
                      f"{band.soc_reason}")  # fmt: skip
    if band.top_coded:
        console.print("[dim]≥ $239,200: BLS top-codes annual wages at or above $239,200 (footnote 5).[/]")
    if band.employment_rse is not None:
        console.print(f"[dim]Employment RSE {band.employment_rse:.1f}%[/]")
    console.print(f"[dim]Source: {band.source}[/]")


def role_report(report: RoleReport) -> None:
    """Everything about one role."""
    role = report.role
    console.print(f"[bold]{role.title}[/] [dim]({role.id}, {role.family})[/]")
    console.print(role.summary)
    console.print("\n[bold]What the job involves[/]")
    for duty in role.responsibilities:
        console.print(f"  • {duty}")
    console.print(f"Value driver: {role.value_driver.value.replace('-', ' ')}")
    for weight in ("required", "valued"):
        names = [
            s.label + (" [dim](article)[/]" if s.article_named else "")
            for s in report.skills
            if s.weight == weight
        ]
        if names:
            console.print(f"\n[bold]{weight.capitalize()} skills[/]: " + ", ".join(names))
    console.print("[bold]Pay multipliers across roles[/]: " + ", ".join(m.label for m in report.multipliers))
    console.print("\n[bold]Pay nationally[/]")
    pay_band(report.national)
    if role.claimed_salary is not None:
        verdict = _VERDICT_TEXT[report.claim_verdict] if report.claim_verdict else ""
        console.print(f"Article claim: {_claim(role.claimed_salary)} {verdict}")
        console.print(f"[dim]Claim source: {report.article}[/]")
    if report.top_metros:
        table = Table(title="Ten top-paying metros", title_justify="left")
        for col, justify in [("Metro", "left"), ("P25", "right"), ("Median", "right"),
                             ("P75", "right"), ("Employed", "right"), ("Wage RSE", "right")]:  # fmt: skip
            table.add_column(col, justify=justify)  # type: ignore[arg-type]
        for band in report.top_metros:
            table.add_row(
                band.area_name,
                band.display("p25"),
                band.display("p50"),
                band.display("p75"),
                _employment(band.employment),
                "n/a" if band.wage_rse is None else f"{band.wage_rse:.1f}%",
            )
        console.print(table)
        console.print(f"[dim]Source: BLS OEWS {report.national.release}, {report.national.soc} "
                      f"{report.national.soc_title}, metropolitan areas.[/]")  # fmt: skip
    console.print("\n[bold]Links[/]")
    for link in role.soc:
        primary = " (wages shown)" if link.primary else ""
        reason = f" — {link.reason}" if link.reason else ""
        console.print(f"  SOC {link.code} {link.title}: {link.match} match{primary}{reason}")
    for code, url in zip(role.onet_soc, report.onet_links, strict=True):
        console.print(f"  O*NET-SOC {code}: {url}")
    for occ in role.esco_occupations:
        console.print(f"  ESCO: {occ.label} <{occ.uri}>")
    if role.aliases:
        console.print(f"[dim]Also called: {', '.join(role.aliases)}[/]")


def areas_table(areas: Sequence[Area], search: str) -> None:
    """A list of OEWS areas."""
    if not areas:
        console.print(f"No area matches {search!r}. Try a city, a state name or a state code.")
        return
    table = Table(box=None, pad_edge=False)
    for col in ("Code", "Type", "Name"):
        table.add_column(col)
    for area in areas:
        table.add_row(area.code, area.type, area.name)
    console.print(table)
    console.print("[dim]Source: BLS OEWS May 2025 areas (national, states, metro and non-metro areas).[/]")


def salary(text: str, parsed: SalaryParse | None) -> None:
    """One parsed salary statement."""
    if parsed is None:
        console.print(f"No pay stated in {escape(repr(text))}.")
        return
    low = "–" if parsed.min is None else f"{parsed.min:,.2f}".removesuffix(".00")
    high = "–" if parsed.max is None else f"{parsed.max:,.2f}".removesuffix(".00")
    kind = "estimate" if parsed.estimate else "employer-posted"
    console.print(f"[bold]{parsed.currency} {low} to {high} per {parsed.period}[/] ({kind})")
    usd_low = format_usd(parsed.annual_min_usd) if parsed.annual_min_usd is not None else "–"
    usd_high = format_usd(parsed.annual_max_usd) if parsed.annual_max_usd is not None else "–"
    factor = {"hour": "× 2,080 hours", "day": "× 260 days", "week": "× 52 weeks", "month": "× 12 months"}
    how = f" ({factor[parsed.period]})" if parsed.period in factor else ""
    console.print(f"Annual USD: {usd_low} to {usd_high}{how}")
    for flag in parsed.flags:
        console.print(f"[yellow]Flag:[/] {flag}")
    for extra in parsed.extras:
        console.print(f"Not in base pay: {escape(str(extra))}")
    if parsed.currency != "USD":
        console.print(f"[dim]Exchange rate: {parsed.fx_source}, {parsed.fx_date}[/]")


def salary_mentions(mentions: Sequence[SalaryMention]) -> None:
    """Every pay statement found in a posting."""
    if not mentions:
        console.print("No pay statement found.")
        return
    for mention in mentions:
        console.print(f"[dim]chars {mention.start}–{mention.end}:[/] {escape(repr(mention.text))}")
        salary(mention.text, mention.parse)


def title(match: TitleMatch) -> None:
    """One classified job title."""
    role = match.role or "none (outside the catalog)"
    console.print(f"[bold]{escape(match.title)}[/] → role {role}, seniority {match.seniority or 'unstated'}")
    console.print(f"Confidence {match.confidence:.2f}: {escape(match.evidence)}")


def location(match: LocationMatch) -> None:
    """One resolved location."""
    flags = [name for name in ("remote", "hybrid", "onsite") if getattr(match, name)]
    flag_text = f" — {', '.join(flags)}" if flags else ""
    text = escape(repr(match.text))
    if match.area_name is None:
        console.print(f"{text}: no area ({escape(match.reason or '')}){flag_text}")
        return
    console.print(f"{text} → {match.area_name} ({match.area_type}, {match.area_code}){flag_text}")
    if match.alternatives:
        console.print(f"Also named: {'; '.join(match.alternatives)}")


def skill_mentions(mentions: Sequence[SkillMention]) -> None:
    """Skills found in a document: one row a skill, with how often, where and how sure."""
    if not mentions:
        console.print("No skills from the payband taxonomy found.")
        return
    by_skill: dict[str, list[SkillMention]] = {}
    for mention in mentions:
        by_skill.setdefault(mention.skill_id, []).append(mention)
    table = Table(box=box.SIMPLE_HEAD)
    for col in ("Skill", "Category", "Mentions", "Confidence", "First seen as", "Section"):
        table.add_column(col, justify="right" if col in {"Mentions", "Confidence"} else "left")
    ordered = sorted(by_skill.values(), key=lambda ms: (-len(ms), ms[0].start))
    for group in ordered:
        first = group[0]
        counted = "" if any(m.counted for m in group) else " [dim](boilerplate)[/]"
        table.add_row(
            escape(first.label) + counted,
            first.category,
            str(len(group)),
            f"{max(m.confidence for m in group):.2f}",
            escape(repr(first.surface)) + f" @{first.start}",
            str(first.section),
        )
    console.print(table)
    console.print(f"[dim]{len(by_skill)} skills, {len(mentions)} mentions; payband skill taxonomy.[/]")


def ranked_skills(row: dict[str, object], taxonomy: str) -> None:
    """A ranking of skills for one text."""
    labels = row.get("labels")
    if not isinstance(labels, list) or not labels:
        console.print("No skills ranked for this text.")
        return
    scores = row.get("scores")
    for i, label in enumerate(labels, start=1):
        score = f"  [dim]{scores[i - 1]:.3f}[/]" if isinstance(scores, list) else ""
        console.print(f"{i:>3}. {escape(str(label))}{score}")
    source = "ESCO 1.1.1 skills (European Commission)" if taxonomy == "esco" else "payband skill taxonomy"
    console.print(f"[dim]Ranked over {source}.[/]")


def pay_estimate(estimate: PayEstimate) -> None:
    """A personal pay estimate with every factor, its size and its source."""
    who = f"{estimate.role_title} ({estimate.role_id})"
    experience = "" if estimate.years is None else f", {estimate.years:g} years"
    console.print(f"[bold]{who}[/] — {estimate.area_name}{experience}: personal estimate")
    table = Table(show_header=True, box=None, pad_edge=False)
    for col in ("P10", "P25", "P50", "P75", "P90"):
        table.add_column(col, justify="right")
    table.add_row(*(estimate.display(p) for p in ("p10", "p25", "p50", "p75", "p90")))
    console.print(table)
    factors = Table(title="How the median is built", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("Factor", "Effect", "n", "Source"):
        factors.add_column(col, justify="right" if col in {"Effect", "n"} else "left")
    for factor in estimate.factors:
        if factor.value is not None:
            effect = format_usd(factor.value)
        elif factor.multiplier is not None:
            effect = f"{(factor.multiplier - 1) * 100:+.1f}%"
        else:
            effect = "—"
        note = f"\n[dim]{escape(factor.note)}[/]" if factor.note else ""
        factors.add_row(
            escape(factor.name) + note,
            effect,
            "" if factor.n is None else f"{factor.n:,}",
            escape(factor.source),
        )
    console.print(factors)
    for note in estimate.notes:
        console.print(f"[yellow]Note:[/] {escape(note)}")
    console.print(f"[dim]Source: {escape(estimate.source)}[/]")


def advice(result: Advice, report: Path | None) -> None:
    """The terminal summary of `payband advise`."""
    from payband.reference.catalog import load_catalog

    catalog = load_catalog()

    def title(role_id: str) -> str:
        role = catalog.get(role_id)
        return role.title if role else role_id

    p = result.profile
    years = "years unknown" if p.years is None else f"{p.years:g} years ({p.years_source})"
    now = title(p.current_role) if p.current_role else "current role unknown"
    console.print(
        f"[bold]Profile:[/] {escape(now)} · {years} · {escape(p.area_name or 'national')} · "
        f"{len(p.skills)} skills"
    )
    for warning in p.warnings:
        console.print(f"[yellow]Note:[/] {escape(warning)}")
    pay_by_role = {item.role_id: item for item in result.pay}
    table = Table(title="Roles that fit you", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("Role", "Fit", "Your P25–P75", "Your P50", "BLS median", "Missing required"):
        table.add_column(col, justify="right" if col in {"Fit", "Your P50", "BLS median"} else "left")
    for fit in result.fits[:6]:
        item = pay_by_role.get(fit.role_id)
        est = item.estimate if item else None
        band = item.band if item else None
        missing = ", ".join(_skill_labels(fit.missing_required[:3]))
        more = len(fit.missing_required) - 3
        table.add_row(
            escape(fit.title),
            f"{fit.score:.0%}",
            f"{est.display('p25')}–{est.display('p75')}" if est else "",
            est.display("p50") if est else "",
            band.display("p50") if band else "",
            escape(missing + (f" +{more}" if more > 0 else "")),
        )
    console.print(table)
    gaps = result.gaps
    if gaps.skills:
        toward = ", ".join(title(t) for t in gaps.targets)
        console.print(f"[bold]Skills to learn next[/] (toward {escape(toward)}):")
        for i, gap in enumerate(gaps.skills[:5], start=1):
            premium = (
                f"{(gap.pay.multiplier - 1) * 100:+.1f}% pay (n={gap.pay.n:,})"
                if gap.pay.enough_data
                else "pay: not enough data"
            )
            cheaper = f", cheaper: you know {_skill_labels([gap.cost_via])[0]}" if gap.cost_via else ""
            console.print(f"  {i}. {escape(gap.label)} — fit {gap.fit_gain:+.0%}, {premium}{escape(cheaper)}")
    if result.path is not None:
        path = result.path
        console.print(f"[bold]Path to {escape(title(path.target))}[/]:")
        for step in path.steps:
            change = "" if step.pay_change is None else f", median {step.pay_change:+,} USD"
            close = ", ".join(_skill_labels(step.close_required)) or "nothing required"
            console.print(
                f"  {escape(step.from_title)} → {escape(step.to_title)}: close {escape(close)}{change}"
            )
    if result.market is not None:
        market = result.market
        console.print(f"[bold]What the postings say[/] ({escape(market.source)}):")
        for skill in market.to_learn[:5]:
            console.print(
                f"  {escape(skill.label)}: median {skill.premium_pct or 0:+.0%} with it "
                f"(90% interval {skill.ci90_low_pct or 0:+.0%} to {skill.ci90_high_pct or 0:+.0%}; "
                f"n {skill.n_with:,} with, {skill.n_without:,} without)"
            )
        if not market.to_learn:
            console.print("  no skill you lack has enough postings to rank")
    if report is not None:
        console.print(f"Report: {report} (open it in a browser; it works offline and prints)")
    console.print("[dim]Pay: BLS OEWS May 2025 bands adjusted by effects fitted on CC0 salary data and the "
                  "Stack Overflow 2023 survey (ODbL, derived); see the report's sources.[/]")  # fmt: skip


def _skill_labels(ids: Sequence[str]) -> list[str]:
    from payband.reference.skills import load_skills

    taxonomy = load_skills()
    return [skill.label if (skill := taxonomy.get(i)) else i for i in ids]
