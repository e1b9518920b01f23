"""UNESCO's Key Features of Learning Cities, as the framework page shows them: which building blocks
(2.x) and areas of benefit (1.x) each place's programmes serve, where the gaps are, and the fundamental
conditions (3.x) as a checklist that says only what a source states.

Pure functions over queries.framework_tags / key_features / place_conditions. The tags are this
project's reading of the programme descriptions unless a source states the link (`assessed_by`);
nothing here is UNESCO's assessment.
"""

from __future__ import annotations

import pandas as pd

from lcd.i18n import t

BLOCKS = ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6")
BENEFITS = ("1.1", "1.2", "1.3")
CONDITIONS = ("3.1", "3.2", "3.3")


def served(tags: pd.DataFrame, place_ids: list[str], feature_ids=BLOCKS + BENEFITS) -> pd.DataFrame:
    """One row per place × feature, every pair present (a gap is 0): place_id, feature_id, programmes (count),
    programme_names (list), assessed_by (the assessors of its tags, e.g. ['project']), source_ids."""
    found: dict[tuple[str, str], tuple[set, set, set, set]] = {}  # one pass over the tags, not a mask per cell
    for place, feature, program_id, program, assessed_by, source_ids in zip(tags.place_id, tags.feature_id, tags.program_id,
                                                                             tags.program, tags.assessed_by, tags.source_ids):
        cell = found.setdefault((place, feature), (set(), set(), set(), set()))
        if not pd.isna(program_id):
            cell[0].add(program_id)  # nunique leaves out a missing id
        cell[1].add(program)
        cell[2].add(assessed_by)
        cell[3].update(source_ids)
    rows = []
    for place in place_ids:
        for feature in feature_ids:
            ids, programmes, assessors, sources = found.get((place, feature), (set(), set(), set(), set()))
            rows.append((place, feature, len(ids), sorted(programmes), sorted(assessors), sorted(sources)))
    return pd.DataFrame(rows, columns=["place_id", "feature_id", "programmes", "programme_names", "assessed_by", "source_ids"])


def gaps(cells: pd.DataFrame, place_id: str, feature_ids=BLOCKS) -> list[str]:
    """The building blocks no programme of the place serves, in framework order."""
    mine = cells[(cells.place_id == place_id) & cells.feature_id.isin(feature_ids)]
    return [f for f in feature_ids if f in set(mine.feature_id[mine.programmes == 0])]


def checklist(conditions: pd.DataFrame, place_id: str, names: dict, lang: str) -> pd.DataFrame:
    """The three fundamental conditions for one place: condition (name), status ("stated by a source" or
    "unknown"), statement (what the sources state, English as stated) and source_ids. Nothing is inferred:
    a condition no source states for the place is unknown, not absent."""
    rows = []
    for feature in CONDITIONS:
        stated = conditions[(conditions.place_id == place_id) & (conditions.feature_id == feature)]
        rows.append({
            "feature_id": feature, "condition": names.get(feature, feature),
            "status": t("framework.condition.stated" if not stated.empty else "framework.condition.unknown", lang=lang),
            "statement": " ".join(stated.statement) if not stated.empty else "",
            "source_ids": sorted({s for ids in stated.source_ids for s in ids}),
        })
    return pd.DataFrame(rows)
