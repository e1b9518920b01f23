"""Stories: an ordered list of saved views, each a page with its full URL state and a caption.

A story travels as a compact link (`?story=`: its JSON, zlib-compressed, base64url), as a small JSON
file, and as a deck or offline pack of all its steps (lcd.render draws them). Everything that comes
in, from a link or a file, is validated like any other input: a bad or oversized story is refused
whole with a message that says why (StoryError), and nothing else changes.

Pure functions only (no Streamlit): the story page and presentation mode use them.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from lcd.i18n import LANGUAGES

VERSION = 1
MAX_STEPS = 30
MAX_JSON_BYTES = 64_000  # a file or link larger than this is refused before it is parsed
MAX_CAPTION = 300
MAX_VALUE = 400  # characters of one URL parameter's value
# URL parameters a step keeps: the filters, the page's options and the view; never presentation state.
NOT_KEPT = ("present", "slide", "story", "step")
ALLOWED_KEYS = ("places", "countries", "years", "ages", "themes", "place", "lang", "era", "view", "show", "bases", "milestones",
                "year", "metric", "measure", "category", "indicator", "table", "columns", "sort", "order", "grain",
                "mode", "before", "after", "bubble_y", "indicators", "cols")


class StoryError(ValueError):
    """A story that cannot be read; `key` is the catalogue key of the message, `detail` fills it."""

    def __init__(self, key: str, **detail):
        super().__init__(key, detail)
        self.key, self.detail = key, detail


@dataclass(frozen=True)
class Step:
    page: str
    params: tuple[tuple[str, str], ...] = ()  # sorted (name, value) pairs of the view's URL
    caption: str = ""

    @property
    def query(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class Story:
    steps: tuple[Step, ...] = ()
    data_version: str = ""  # the database the story was made on (a later one may lack a step's place)
    lang: str = ""  # the language it was made in (each step also keeps its own `lang`)

    def add(self, step: Step) -> Story:
        if len(self.steps) >= MAX_STEPS:
            raise StoryError("story.error.too_many", limit=MAX_STEPS)
        return replace(self, steps=self.steps + (step,))

    def remove(self, index: int) -> Story:
        return replace(self, steps=self.steps[:index] + self.steps[index + 1:])

    def move(self, index: int, offset: int) -> Story:
        target = index + offset
        if not (0 <= index < len(self.steps) and 0 <= target < len(self.steps)):
            return self
        steps = list(self.steps)
        steps[index], steps[target] = steps[target], steps[index]
        return replace(self, steps=tuple(steps))

    def caption(self, index: int, text: str) -> Story:
        steps = list(self.steps)
        steps[index] = replace(steps[index], caption=_clean(text)[:MAX_CAPTION])
        return replace(self, steps=tuple(steps))


def _clean(text: str) -> str:
    """Text without control characters (a caption is one line on a slide)."""
    return "".join(c for c in str(text) if c.isprintable()).strip()


def step_of(page: str, query: Mapping[str, object], caption: str = "") -> Step:
    """The step that reopens `page` with `query` (a URL's parameters), without presentation state."""
    params = tuple(sorted((k, str(v[-1] if isinstance(v, (list, tuple)) else v)) for k, v in query.items()
                          if k in ALLOWED_KEYS and k not in NOT_KEPT and v not in (None, "")))
    return Step(page, params, _clean(caption)[:MAX_CAPTION])


def to_dict(story: Story) -> dict:
    return {"version": VERSION, "data_version": story.data_version, "lang": story.lang,
            "steps": [{"page": s.page, "params": dict(s.params), "caption": s.caption} for s in story.steps]}


def to_json(story: Story) -> bytes:
    return json.dumps(to_dict(story), ensure_ascii=False, indent=1).encode("utf-8")


def from_dict(data: object, pages: Iterable[str]) -> Story:
    """A story from parsed JSON, checked field by field: known pages only, known URL parameters only,
    bounded sizes. Raises StoryError naming the first thing wrong."""
    pages = set(pages)
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise StoryError("story.error.shape")
    if data.get("version") != VERSION:
        raise StoryError("story.error.version", version=str(data.get("version"))[:20])
    if len(data["steps"]) > MAX_STEPS:
        raise StoryError("story.error.too_many", limit=MAX_STEPS)
    steps = []
    for number, raw in enumerate(data["steps"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("params", {}), dict):
            raise StoryError("story.error.step", step=number)
        page = raw.get("page")
        if page not in pages:
            raise StoryError("story.error.page", step=number, page=str(page)[:40])
        params = raw.get("params", {})
        for key, value in params.items():
            if key not in ALLOWED_KEYS or not isinstance(value, (str, int)) or len(str(value)) > MAX_VALUE:
                raise StoryError("story.error.param", step=number, param=str(key)[:40])
        caption = raw.get("caption", "")
        if not isinstance(caption, str) or len(caption) > MAX_CAPTION:
            raise StoryError("story.error.caption", step=number, limit=MAX_CAPTION)
        steps.append(step_of(page, params, caption))
    version = data.get("data_version", "")
    lang = data.get("lang", "")
    return Story(tuple(steps), str(version)[:64] if isinstance(version, str) else "", lang if lang in LANGUAGES else "")


def from_json(raw: bytes, pages: Iterable[str]) -> Story:
    """A story from an uploaded file's bytes (refused when larger than MAX_JSON_BYTES or not UTF-8 JSON)."""
    if len(raw) > MAX_JSON_BYTES:
        raise StoryError("story.error.too_big", limit=MAX_JSON_BYTES // 1000)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise StoryError("story.error.json") from None
    return from_dict(data, pages)


def encode(story: Story) -> str:
    """The story as a compact URL value."""
    packed = zlib.compress(json.dumps(to_dict(story), ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(text: str, pages: Iterable[str]) -> Story:
    """The story a URL value holds (refused when damaged or, unpacked, larger than MAX_JSON_BYTES)."""
    if len(text) > MAX_JSON_BYTES:
        raise StoryError("story.error.too_big", limit=MAX_JSON_BYTES // 1000)
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MAX_JSON_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise StoryError("story.error.link") from None
    if len(raw) > MAX_JSON_BYTES or unpacker.unconsumed_tail:
        raise StoryError("story.error.too_big", limit=MAX_JSON_BYTES // 1000)
    return from_json(raw, pages)


@dataclass(frozen=True)
class Gone:
    """What a step names that the current database no longer has."""

    places: tuple[str, ...] = field(default=())
    indicators: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.places or self.indicators)


def gone(step: Step, place_ids: Iterable[str], indicator_ids: Iterable[str]) -> Gone:
    """The places and indicators a step names (`places`, `place`, `indicator`) that are not in the data."""
    query, places, indicators = step.query, set(place_ids), set(indicator_ids)
    named = [p for p in query.get("places", "").split(",") if p] + ([query["place"]] if query.get("place") else [])
    return Gone(tuple(p for p in dict.fromkeys(named) if p not in places),
                tuple(i for i in [query.get("indicator")] if i and i not in indicators))
