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
from dataclasses import asdict, dataclass, field

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


def xlsx_bytes(frame: pd.DataFrame, meta: ViewMeta, sources: pd.DataFrame) -> bytes:
    """A workbook: the data, the view's metadata (filters in words, version, URL, citation), its sources."""
    buffer = io.BytesIO()
    lang = meta.lang
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        flat(frame).to_excel(writer, sheet_name=t("export.sheet.data", lang=lang), index=False)
        pd.DataFrame(meta.rows(), columns=[t("export.meta.field", lang=lang), t("export.meta.value", lang=lang)]).pipe(flat) \
            .to_excel(writer, sheet_name=t("export.sheet.metadata", lang=lang), index=False)
        flat(sources).to_excel(writer, sheet_name=t("export.sheet.sources", lang=lang), index=False)
    return buffer.getvalue()


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
    """A copy of a figure with the source, data version and view URL written under it (for images)."""
    out = go.Figure(fig)
    source = (fig.layout.meta or {}).get("source", "") if isinstance(fig.layout.meta, dict) else ""
    footer = f"{source} · {t('export.meta.version', lang=meta.lang)} {meta.data_version} · {meta.url}"
    out.add_annotation(text=footer, x=0, y=0, xref="paper", yref="paper", yshift=-75, xanchor="left",
                       yanchor="top", showarrow=False, font={"size": 10, "color": "#555"}, name="footer")
    out.update_layout(margin={"b": max(out.layout.margin.b or 0, 110)})
    return out


def images_available() -> bool:
    """True when a chromium for kaleido is installed (Debian: apt-get install chromium)."""
    return any(shutil.which(name) for name in ("chromium", "google-chrome", "chrome"))


def _ensure_kaleido() -> None:
    if not images_available():
        raise ImageExportUnavailable(t("export.no_chromium"))
    if not _kaleido["started"]:
        import kaleido

        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as error:  # kaleido reports a missing or broken browser in several ways
            raise ImageExportUnavailable(f"{t('export.no_chromium')} ({error})") from error
        _kaleido["started"] = True


def figure_image(fig: go.Figure, fmt: str, meta: ViewMeta) -> bytes:
    """PNG or SVG of a chart with its source footer, rendered server-side."""
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


def html_pack(figures: list[go.Figure], meta: ViewMeta) -> bytes:
    """One standalone HTML file with every chart of the view; plotly.js is embedded, nothing is fetched.
    Each chart's summary is written above it and is its alternative text (aria-label)."""
    parts = []
    for i, fig in enumerate(figures):
        chart = pio.to_html(fig, full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False},
                            default_width="100%")
        summary = html.escape(summary_of(fig))
        parts.append((f'<p class="summary">{summary}</p>' if summary else "")
                     + f'<div role="img" aria-label="{summary or html.escape(fig.layout.title.text or "")}">{chart}</div>')
    meta_rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta.rows())
    page = f"""<!DOCTYPE html>
<html lang="{meta.lang}"><head><meta charset="utf-8"><title>{html.escape(meta.title)}</title>
<style>body{{font-family:"Noto Sans","Noto Sans Thai","Noto Sans CJK SC",sans-serif;margin:2rem;max-width:1200px}}
th{{text-align:left;padding-right:1rem;vertical-align:top}} .chart{{margin:2rem 0}} .summary{{font-size:1.1rem}}</style></head>
<body><h1>{html.escape(meta.title)}</h1><table>{meta_rows}</table>
{''.join(f'<div class="chart">{p}</div>' for p in parts)}
</body></html>"""
    return page.encode("utf-8")


def pptx_bytes(figures: list[go.Figure], meta: ViewMeta) -> bytes:
    """A meeting deck: a title slide, then one slide per chart with its title, filters, source and URL."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = meta.title
    cover.placeholders[1].text = "\n".join([meta.filters_text, f"{t('export.meta.version', lang=meta.lang)} {meta.data_version}",
                                            meta.accessed_words, meta.url])
    blank = deck.slide_layouts[6]
    for fig in figures:
        slide = deck.slides.add_slide(blank)
        title = slide.shapes.add_textbox(Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.7)).text_frame
        title.text = fig.layout.title.text or meta.title
        title.paragraphs[0].runs[0].font.size = Pt(26)
        image = figure_image(fig, "png", meta)
        slide.shapes.add_picture(io.BytesIO(image), Inches(0.9), Inches(0.95), height=Inches(5.6))
        footer = slide.shapes.add_textbox(Inches(0.4), Inches(6.6), Inches(12.5), Inches(0.8)).text_frame
        footer.word_wrap = True
        source = (fig.layout.meta or {}).get("source", "") if isinstance(fig.layout.meta, dict) else ""
        footer.text = meta.filters_text
        for line in (f"{source} · {t('export.meta.version', lang=meta.lang)} {meta.data_version}", meta.url):
            footer.add_paragraph().text = line
        for paragraph in footer.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(11)
        if summary_of(fig):  # what the chart shows in words, for the presenter
            slide.notes_slide.notes_text_frame.text = summary_of(fig)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
