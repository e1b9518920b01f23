"""Chart builders: pure functions, DataFrame in, plotly Figure out (no Streamlit calls).

Every figure gets a title, axis titles with units, the app's font stack (Thai and Chinese
glyphs included), a source line, and — whenever a synthetic value is drawn — a visible
"illustrative synthetic data" label inside the plot. An empty frame gives a figure that says
so instead of an empty axis. Traces that stand for a place carry its id in customdata[0], so a
click can select the place across pages. The modules hold them by kind: base (what all share),
places, matrices (categories), maps.
"""

from lcd.charts.base import (AGED_PCT, COUNTRY_COLORS, FONT, PALETTE, THRESHOLDS, color_for, comparability_caveat,
                             comparison_label, empty, finish, flags_of, safe, with_buddhist_era, with_detail, with_milestones,
                             wrap)
from lcd.charts.maps import before_after, choropleth, points_map
from lcd.charts.matrices import STATUS_COLORS, category_bars, grid, heatmap, published_figures, timeline
from lcd.charts.places import bubbles, gap_scatter, growth_lines, indexed_lines, place_bars, place_lines, series_lines

__all__ = ["AGED_PCT", "before_after", "bubbles", "COUNTRY_COLORS", "FONT", "PALETTE", "STATUS_COLORS", "THRESHOLDS", "category_bars", "choropleth", "color_for",
           "comparability_caveat", "comparison_label", "empty", "finish", "flags_of", "gap_scatter", "grid", "growth_lines", "heatmap",
           "indexed_lines", "place_bars", "place_lines", "points_map", "published_figures", "safe", "series_lines", "timeline",
           "with_buddhist_era", "with_detail", "with_milestones", "wrap"]
