"""Every SQL the app runs, as named functions with bound parameters (`from lcd import queries as q`).

Each returns a DataFrame whose columns and units its docstring states. Results are cached per
database identity, so a rebuilt database is read on the next interaction without a restart.
The modules hold them by subject: reference tables, observations, participation, programmes, and
the researcher's table view.
"""

from lcd.db import Overlay
from lcd.queries.core import cached, current_source
from lcd.queries.observations import (ageing_and_programmes, ageing_gap, coverage_values, indicator_values, latest_values, place_indicators,
                                      series)
from lcd.queries.participation import (participation_by, participation_rates, participation_years, program_coverage,
                                       published_figures)
from lcd.queries.programmes import (framework_tags, key_features, place_conditions, program_list, program_matrix, programs,
                                     programs_by_provider)
from lcd.queries.reference import (build_changes, build_info, code_names, gnlc_growth, gnlc_members, indicators, milestones,
                                   network_places, places, source_names, sources, vocabulary, year_range)
from lcd.queries.tables import DATA_TABLES, GRAINS, MAIN_TABLES, data_table, has_places, schema, table_columns

__all__ = ["DATA_TABLES", "GRAINS", "MAIN_TABLES", "has_places", "schema", "table_columns", "Overlay", "ageing_and_programmes", "ageing_gap", "build_changes", "build_info", "cached", "coverage_values", "code_names", "current_source",
           "data_table", "framework_tags", "gnlc_growth", "gnlc_members", "indicator_values", "indicators", "key_features", "latest_values", "milestones", "network_places", "participation_by",
           "participation_rates", "participation_years", "place_conditions", "place_indicators", "places", "program_coverage", "program_list",
           "program_matrix", "programs", "programs_by_provider", "published_figures", "series", "source_names", "sources",
           "vocabulary", "year_range"]
