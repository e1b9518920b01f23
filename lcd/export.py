"""Export builders: pure functions from a DataFrame (or figures) and the view's metadata to file bytes.

CSV (UTF-8 with BOM, formula-safe), XLSX (data, metadata, sources sheets), Parquet, a zip data
package, chart images (PNG/SVG through kaleido and Debian's chromium), a PPTX meeting pack and a
standalone HTML file that opens with no network. Nothing here calls Streamlit.
"""

from __future__ import annotations

import html
import io
import json
import shutil
import threading
import warnings
import zipfile
from dataclasses import asdict, dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from lcd.i18n import t

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
IMAGE_WIDTH, IMAGE_HEIGHT = 1280, 720
_kaleido_lock = threading.Lock()
_kaleido = {"started": False}


class ImageExportUnavailable(RuntimeError):
    """Chart images need chromium; the message says what to install."""


@dataclass(frozen=True)
class ViewMeta:
    """What an export says about the view it came from."""

    title: str  # e.g. "Participation · Learning Cities Dashboard"
    filters_text: str  # the filters the view applies, in words
    data_version: str
    built_at: str
    url: str
    lang: str
    accessed: str  # ISO date
    source_ids: tuple[str, ...] = field(default=())
    flags: tuple[str, ...] = field(default=())
    page: str = ""  # the page's own name, e.g. "Participation" (the citation's title)
    accessed_text: str = ""  # the access date as the reader reads it (e.g. in the Buddhist Era); empty: the ISO date
    summary: str = ""  # the view's plain-language summary (lcd.summaries), where it has one

    @property
    def accessed_words(self) -> str:
        """The access date in the reader's words, with the ISO date beside it for machines when they differ."""
        return f"{self.accessed_text} ({self.accessed})" if self.accessed_text else self.accessed

    def citation(self) -> str:
        """Publisher, title, version, access date and URL; the dashboard is named once, as the publisher."""
        return t("export.citation", lang=self.lang, publisher=t("app.publisher", lang=self.lang), page=self.page or self.title,
                 version=self.data_version, date=self.accessed_words, url=self.url)

    def rows(self) -> list[tuple[str, str]]:
        """The metadata as (label, value) rows, labels in the view's language."""
        lang = self.lang
        flags = t("list.separator", lang=lang).join(t(f"vocab.flag.{f}", lang=lang) for f in self.flags)
        rows = [
            (t("export.meta.title", lang=lang), self.title),
            (t("export.meta.filters", lang=lang), self.filters_text),
            (t("export.meta.version", lang=lang), self.data_version),
            (t("export.meta.built_at", lang=lang), self.built_at),
            (t("export.meta.url", lang=lang), self.url),
            (t("export.meta.accessed", lang=lang), self.accessed_words),
            (t("export.meta.citation", lang=lang), self.citation()),
            (t("export.meta.flags", lang=lang), flags),
        ]
        if self.summary:
            rows.insert(1, (t("export.meta.summary", lang=lang), self.summary))
        if "synthetic" in self.flags:
            rows.append((t("export.meta.warning", lang=lang), t("chart.synthetic_note", lang=lang)))
        return rows


def neutralise(value):
    """A cell value that a spreadsheet will not run as a formula (text starting = + - @ gets a quote)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    """One spreadsheet cell: lists joined with '; ', text neutralised."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, (str, bytes))):
        value = "; ".join(map(str, list(value)))
    return neutralise(value)


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with '; ' and every text cell neutralised, for CSV and spreadsheets."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(_cell)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Thai and Chinese correctly."""
    return flat(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, meta: ViewMeta, sources: pd.DataFrame, glossary: pd.DataFrame | None = None) -> bytes:
    """A workbook ready to use: the data (header frozen, an autofilter, widths that fit, numbers as numbers),
    the view's metadata (filters in words, version, URL, citation), the sources it cites and, when given,
    `glossary`: the quality flags and population bases with their meaning in the reader's language."""
    buffer = io.BytesIO()
    lang = meta.lang
    sheets = [(t("export.sheet.data", lang=lang), flat(frame)),
              (t("export.sheet.metadata", lang=lang),
               pd.DataFrame(meta.rows(), columns=[t("export.meta.field", lang=lang), t("export.meta.value", lang=lang)]).pipe(flat)),
              (t("export.sheet.sources", lang=lang), flat(sources))]
    if glossary is not None:
        sheets.append((t("export.sheet.glossary", lang=lang), flat(glossary)))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, sheet in sheets:
            sheet.to_excel(writer, sheet_name=name[:31], index=False)
            _ready(writer.sheets[name[:31]], sheet)
    return buffer.getvalue()


def _ready(sheet, frame: pd.DataFrame, widest: int = 60) -> None:
    """A sheet as a researcher wants it: the header row frozen and filterable, each column as wide as its
    content (up to `widest` characters; East Asian characters count double), long text wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if frame.shape[1] == 0:
        return
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column)] + [str(v) for v in frame[column].head(2000) if pd.notna(v)]
        width = min(widest, max(_display_width(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width)
        if width >= widest:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def parquet_bytes(frame: pd.DataFrame, meta: ViewMeta) -> bytes:
    """Parquet with the view's metadata (version, citation, filters) in the file's key-value metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    extra = {b"lcd_view": json.dumps(asdict(meta), ensure_ascii=False).encode("utf-8"),
             b"lcd_citation": meta.citation().encode("utf-8")}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def data_package(frame: pd.DataFrame, meta: ViewMeta, sources: pd.DataFrame) -> bytes:
    """A zip: data.csv, datapackage.json (fields, sources, version, citation) and a README."""
    fields = [{"name": str(c), "type": _field_type(frame[c])} for c in frame.columns]
    descriptor = {
        "name": "learning-cities-view",
        "title": meta.title,
        "version": meta.data_version,
        "created": meta.built_at,
        "homepage": meta.url,
        "citation": meta.citation(),
        "filters": meta.filters_text,
        "flags": list(meta.flags),
        "sources": [{"id": r.source_id, "title": r.title, "path": r.url or ""} for r in sources.itertuples()],
        "resources": [{"name": "data", "path": "data.csv", "format": "csv", "encoding": "utf-8-sig",
                       "schema": {"fields": fields}}],
    }
    readme = "\n".join([f"# {meta.title}", ""] + [f"- **{label}**: {value}" for label, value in meta.rows()]) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", csv_bytes(frame))
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        archive.writestr("README.md", readme)
    return buffer.getvalue()


def _field_type(series: pd.Series) -> str:
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    return "string"


def with_footer(fig: go.Figure, meta: ViewMeta) -> go.Figure:
    """A copy of a figure for an image: the source, data version and view URL written under it, the legend
    beside the plot (under it, it ran into that footer), and the title clear of the left edge."""
    out = go.Figure(fig)
    source = (fig.layout.meta or {}).get("source", "") if isinstance(fig.layout.meta, dict) else ""
    footer = f"{source} · {t('export.meta.version', lang=meta.lang)} {meta.data_version} · {meta.url}"
    out.add_annotation(text=footer, x=0, y=0, xref="paper", yref="paper", yshift=-75, xanchor="left",
                       yanchor="top", showarrow=False, font={"size": 10, "color": "#555"}, name="footer")
    margin = out.layout.margin
    out.update_layout(margin={"l": max(margin.l or 0, 48), "r": max(margin.r or 0, 32), "b": max(margin.b or 0, 110)},
                      title={"pad": {"l": 28}})
    if out.layout.showlegend is not False and len(out.data) > 1:
        out.update_layout(legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"})
    return out


def images_available() -> bool:
    """True when a chromium for kaleido is installed (Debian: apt-get install chromium)."""
    return any(shutil.which(name) for name in ("chromium", "google-chrome", "chrome"))


def _ensure_kaleido() -> None:
    if not images_available():
        raise ImageExportUnavailable(t("export.no_chromium"))
    if not _kaleido["started"]:
        import tempfile
        from pathlib import Path

        import kaleido

        from lcd.charts.maps import EMPTY_TOPOLOGY

        # Maps ask kaleido's page for the base topology; give it ours, from a local file, never the CDN.
        folder = Path(tempfile.mkdtemp(prefix="lcd-topojson-"))
        (folder / "world_110m.json").write_text(json.dumps(EMPTY_TOPOLOGY), encoding="utf-8")
        pio.defaults.topojson = folder.as_uri() + "/"
        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as error:  # kaleido reports a missing or broken browser in several ways
            raise ImageExportUnavailable(f"{t('export.no_chromium')} ({error})") from error
        _kaleido["started"] = True


def figure_image(fig: go.Figure, fmt: str, meta: ViewMeta) -> bytes:
    """PNG or SVG of a chart with its source footer (naming the view's URL), rendered server-side."""
    with _kaleido_lock:
        _ensure_kaleido()
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                return with_footer(fig, meta).to_image(format=fmt, width=IMAGE_WIDTH, height=IMAGE_HEIGHT)
        except RuntimeError as error:
            raise ImageExportUnavailable(f"{t('export.no_chromium')} ({error})") from error


def summary_of(fig: go.Figure) -> str:
    """The chart's plain-language summary (lcd.summaries), carried in its layout's meta; "" when it has none."""
    return (fig.layout.meta or {}).get("summary", "") if isinstance(fig.layout.meta, dict) else ""


@dataclass(frozen=True)
class Slide:
    """One slide of a deck or section of an offline pack: a chart (or a message said instead of it), its
    title, the lines under it (the filters in words, the data version, the view's link) and the notes."""

    figure: go.Figure | None
    title: str
    lines: tuple[str, ...] = ()
    notes: str = ""  # the chart's plain-language summary, for the presenter
    message: str = ""  # what stands in for the chart when there is none (e.g. a story step whose place is gone)
    url: str = ""  # the view's own link (an image's footer names it)


def page_slides(figures: list[go.Figure], meta: ViewMeta) -> list[Slide]:
    """A page's charts as slides: each one's title, the page's filters, data version and link, its summary."""
    lines = (meta.filters_text, f"{t('export.meta.version', lang=meta.lang)} {meta.data_version}", meta.url)
    return [Slide(fig, fig.layout.title.text or meta.title, lines, summary_of(fig), url=meta.url) for fig in figures]


PACK_CSS = """body{font-family:"Noto Sans","Noto Sans Thai","Noto Sans CJK SC",sans-serif;margin:2rem;max-width:1200px}
th{text-align:left;padding-right:1rem;vertical-align:top} section{margin:2.5rem 0} .summary{font-size:1.1rem}
.lines{color:#555;font-size:.9rem} .missing{background:#fff4e5;padding:1rem;border-radius:.5rem}"""


def html_pack(slides: list[Slide], meta: ViewMeta) -> bytes:
    """One standalone HTML file of slides; plotly.js and the maps' empty base topology are embedded, so it
    opens and draws with no network. Each chart's summary is written above it and is its alt text."""
    from lcd.charts.maps import GEO_ASSETS_SCRIPT

    parts, first = [], True
    for slide in slides:
        body = f'<p class="missing">{html.escape(slide.message)}</p>' if slide.message else ""
        if slide.figure is not None:
            chart = pio.to_html(slide.figure, full_html=False, include_plotlyjs=first, config={"displaylogo": False},
                                default_width="100%")
            first = False
            label = html.escape(slide.notes or slide.title)
            body += (f'<p class="summary">{html.escape(slide.notes)}</p>' if slide.notes else "") + \
                f'<div role="img" aria-label="{label}">{chart}</div>'
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in slide.lines if line)
        parts.append(f'<section><h2>{html.escape(slide.title)}</h2>{body}<div class="lines">{lines}</div></section>')
    meta_rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta.rows())
    page = f"""<!DOCTYPE html>
<html lang="{meta.lang}"><head><meta charset="utf-8"><title>{html.escape(meta.title)}</title>{GEO_ASSETS_SCRIPT}
<style>{PACK_CSS}</style></head>
<body><h1>{html.escape(meta.title)}</h1><table>{meta_rows}</table>
{''.join(parts)}
</body></html>"""
    return page.encode("utf-8")


def pptx_bytes(slides: list[Slide], meta: ViewMeta) -> bytes:
    """A meeting deck: a title slide, then one slide per chart. Each has its title in the slide's title
    placeholder (so outlines and screen readers list it), the chart centred under it (an image without its
    own title, which the slide carries), the lines under it, and the summary in the notes."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = meta.title
    cover.placeholders[1].text = "\n".join([meta.filters_text, f"{t('export.meta.version', lang=meta.lang)} {meta.data_version}",
                                            meta.accessed_words, meta.url])
    titled = deck.slide_layouts[5]  # "Title Only"
    for item in slides:
        slide = deck.slides.add_slide(titled)
        slide.shapes.title.text = item.title
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = Inches(0.4), Inches(0.15), Inches(12.5), Inches(0.8)
        for paragraph in heading.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(26)
        if item.figure is not None:
            untitled = go.Figure(item.figure).update_layout(title={"text": ""})
            image = figure_image(untitled, "png", replace(meta, url=item.url) if item.url else meta)
            height = Inches(5.5)
            width = Emu(int(height * IMAGE_WIDTH / IMAGE_HEIGHT))
            slide.shapes.add_picture(io.BytesIO(image), (deck.slide_width - width) // 2, Inches(1.0), height=height)
        else:
            box = slide.shapes.add_textbox(Inches(1), Inches(2.5), Inches(11.3), Inches(2)).text_frame
            box.word_wrap = True
            box.text = item.message
            box.paragraphs[0].runs[0].font.size = Pt(24)
        footer = slide.shapes.add_textbox(Inches(0.4), Inches(6.6), Inches(12.5), Inches(0.8)).text_frame
        footer.word_wrap = True
        lines = [line for line in ((item.message,) if item.figure is not None else ()) + item.lines if line]
        footer.text = lines[0] if lines else ""
        for line in lines[1:]:
            footer.add_paragraph().text = line
        for paragraph in footer.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(11)
        if item.notes:
            slide.notes_slide.notes_text_frame.text = item.notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
