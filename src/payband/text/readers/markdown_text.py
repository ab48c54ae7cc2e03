"""Markdown → plain text and its title, with regular expressions that each run in linear time.

Every inline pattern stops at the next delimiter it could start again at, so hostile input (long
runs of ``[``, backticks, ``<!--``...) cannot make a read slow.
"""

from __future__ import annotations

import html
import re

__all__ = ["markdown_to_text"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*\S")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST = re.compile(r"^[ \t]*+([-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$")
_TABLE_RULE = re.compile(r"^[ \t]*+\|?[ \t]*+:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Every pattern below stops at the next delimiter it could start again at, so each runs in linear
# time on hostile input (long runs of ``[``, backticks, ``<!--``...).
_CODE_SPAN = re.compile(r"(?<!`)(`++)([^`]+?)(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:[ \t]+\"[^\"\n]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^@<>\s]+@[^@<>\s]+)>")
_TAG = re.compile(r"<!--[^<>]*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])([^*_\n]+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"
)
_STRIKE = re.compile(r"~~(?=\S)([^~\n]+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _inline(text: str) -> str:
    """Markdown inline markup → text: links and images keep their text, emphasis and code lose marks."""
    parts = _CODE_SPAN.split(text)
    out: list[str] = []
    # split() with two groups yields: text, fence, code, text, fence, code, ...
    for index in range(0, len(parts), 3):
        out.append(_inline_plain(parts[index]))
        if index + 2 < len(parts):
            out.append(parts[index + 2].strip())
    return "".join(out)


def _inline_plain(text: str) -> str:
    escaped: dict[str, str] = {}

    def hide(match: re.Match[str]) -> str:
        if len(escaped) >= 6000:  # the private-use area holds 6,400 placeholders
            return match.group(0)
        key = chr(0xE000 + len(escaped))
        escaped[key] = match.group(1)
        return key

    text = _ESCAPE.sub(hide, text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = html.unescape(text)
    for key, char in escaped.items():
        text = text.replace(key, char)
    return text


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Markdown → plain text and the first level-1 heading (or front-matter title)."""
    lines = source.split("\n")
    title: str | None = None
    first_heading: str | None = None
    if lines and lines[0].strip() == "---":
        for end in range(1, min(len(lines), 60)):
            if lines[end].strip() in ("---", "..."):
                for line in lines[1:end]:
                    key, _, value = line.partition(":")
                    if key.strip().lower() == "title" and value.strip():
                        title = value.strip().strip("\"'")
                lines = lines[end + 1 :]
                break
    out: list[str] = []
    fence: str | None = None
    in_item = False  # the last line was a list item (or its continuation)
    for line in lines:
        was_item, in_item = in_item, False
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                out.append("")
            else:
                out.append(line)
            continue
        if opened := _FENCE.match(line):
            fence = opened.group(1)
            out.append("")
            continue
        if was_item and line[:1] in (" ", "\t") and line.strip() and not _LIST.match(line):
            out[-1] += " " + _inline(line.strip())  # a list item's wrapped continuation line
            in_item = True
            continue
        previous = out[-1] if out else ""
        if _SETEXT.match(line) and previous.strip() and not _LIST.match(previous):
            level_one = line.strip().startswith("=")
            if level_one and first_heading is None:
                first_heading = previous.strip()
            out.append("")
            continue
        if _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        if heading := _ATX.match(line):
            text = _inline(heading.group(2) or "")
            if len(heading.group(1)) == 1 and first_heading is None:
                first_heading = text
            out.extend(("", text, ""))
            continue
        line = _QUOTE.sub("", line)
        if item := _LIST.match(line):
            marker = item.group(1)
            bullet = "-" if marker in "-*+" else marker[:-1] + "."
            out.append(f"{bullet} {_inline(item.group(2))}")
            in_item = True
            continue
        if line.lstrip().startswith("|") or (line.count("|") >= 2 and not line.lstrip().startswith("-")):
            if _TABLE_RULE.match(line):
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            out.append(" | ".join(_inline(cell) for cell in cells))
            continue
        out.append(_inline(line.rstrip("\\")))
    return "\n".join(out), title or first_heading
