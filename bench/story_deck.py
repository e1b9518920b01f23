"""How long a story's deck and offline pack take to build: `python -m bench.story_deck [--steps 10]`.

Builds a story of N steps over the chart pages (in Thai, with filters) on the app's database and times
the three parts a presenter waits for when they click the download: drawing the steps (lcd.render, one
headless run of each page in a separate process), the PPTX (one PNG per step through kaleido) and the
HTML pack. Prints one line per part; nothing is written.
"""

from __future__ import annotations

import argparse
import time

STEPS = [("overview", {}), ("ageing", {"places": "lamphun,tak,yala"}), ("compare", {"view": "bubbles"}),
         ("map", {"view": "cn", "mode": "change"}), ("framework", {"view": "compare", "place": "shanghai"}),
         ("participation", {"view": "rates"}), ("programs", {"view": "gaps"}), ("coverage", {}),
         ("place", {"place": "lamphun"}), ("map", {"mode": "two"})]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    steps = parser.parse_args(argv).steps
    from lcd import db, export, story, storyboard
    from lcd.render import render

    db.build_default() if db.needs_build() else None
    made = story.Story(tuple(story.step_of(page, {**query, "lang": "th"}, f"Step {i + 1}")
                             for i, (page, query) in enumerate((STEPS * (steps // len(STEPS) + 1))[:steps])))
    started = time.perf_counter()
    render([(s.page, s.query) for s in made.steps], db.database_path())
    drawn = time.perf_counter() - started
    started = time.perf_counter()
    slides = storyboard.slides(made, "th", "http://localhost:8501")
    with_render = time.perf_counter() - started
    meta = export.ViewMeta(title="Story", filters_text="", data_version="bench", built_at="", url="", lang="th", accessed="")
    started = time.perf_counter()
    deck = export.pptx_bytes(slides, meta)
    pptx = time.perf_counter() - started
    started = time.perf_counter()
    pack = export.html_pack(slides, meta)
    html = time.perf_counter() - started
    print(f"{steps} steps: drawing {drawn:.1f} s (slides with drawing {with_render:.1f} s); PPTX {pptx:.1f} s "
          f"({len(deck) / 1e6:.1f} MB); HTML pack {html:.1f} s ({len(pack) / 1e6:.1f} MB); "
          f"deck click-to-file {with_render + pptx:.1f} s, pack {with_render + html:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
