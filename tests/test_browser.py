"""Browser tests (Playwright + Debian chromium): charts drawn, no app errors, cold deep links, clicks.

Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lcd.page import PAGES
from tests.browser import CHART, browser_page, require_chromium, screenshot, streamlit_server

TIMEOUT = 45_000


@pytest.fixture(scope="module")
def server(app_db):
    require_chromium()
    with streamlit_server(app_db) as url:
        yield url


def no_app_errors(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.parametrize("name,path", PAGES)
def test_every_page_draws_its_charts_without_errors(server, name, path):
    url_path = "" if name == "overview" else name
    with browser_page() as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{server}/{url_path}")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        if name in ("upload", "story"):  # a story begins empty: its page offers to open a story file
            expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible(timeout=TIMEOUT)
        elif name == "contract":
            expect(page.locator('[data-testid="stTable"]').first).to_be_visible(timeout=TIMEOUT)
        elif name not in ("sources", "data"):
            expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        else:
            expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(1000)
        no_app_errors(page)
        screenshot(page, f"page_{name}")
    # lcd/server.py gives the page the server's address: no probe of `/<page>/_stcore/…` first (streamlit#7074)
    assert not [url for url in requested if f"/{url_path}/_stcore/" in url and url_path], requested


def test_a_filter_a_page_does_not_show_never_narrows_it(server):
    """Links carry filters between pages; a page that does not offer one must not apply it."""
    with browser_page() as page:
        values = []
        for path in ("/", "/?places=lamphun"):
            page.goto(f"{server}{path}")
            metric = page.locator('[data-testid="stMetric"]').filter(has_text="Participants")
            expect(metric).to_be_visible(timeout=TIMEOUT)
            values.append(metric.locator('[data-testid="stMetricValue"]').text_content())
        assert values[0] == values[1], values
        counts = []
        for path in ("/data?table=places", "/data?table=places&themes=culture"):
            page.goto(f"{server}{path}")
            rows = page.get_by_text("rows in this view").first
            expect(rows).to_be_visible(timeout=TIMEOUT)
            counts.append(int(re.search(r"(\d+)", rows.text_content()).group(1)))
        assert counts[0] == counts[1] and counts[0] > 100, counts
        expect(page.locator(".st-key-filter_bar").get_by_role("button", name=re.compile("themes"))).to_have_count(0)
        no_app_errors(page)


@pytest.mark.parametrize("path", ["/participation?view=rates", "/ageing", "/programs?view=gaps"])
def test_a_tablet_sees_the_whole_chooser_source_line_and_the_chart_above_the_fold(server, path):
    with browser_page(1024, 768) as page:
        page.goto(f"{server}{path}")
        chart = page.locator(CHART).first
        expect(chart).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(500)
        frame = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
        for radio in page.get_by_role("radio").all():
            box = radio.bounding_box()
            if box:  # every chooser button within the page's width
                assert box["x"] >= 0 and box["x"] + box["width"] <= 1024, radio.text_content()
        subtitle = page.locator(".gtitle-subtitle, .g-gtitle text").last.bounding_box()
        assert subtitle["x"] + subtitle["width"] <= frame["x"] + frame["width"] + 1, "the source line is clipped"
        assert frame["y"] < 768, "the chart starts below the fold"
        screenshot(page, "tablet_" + path.strip("/").replace("?", "_").replace("=", "_"))


def test_cold_server_deep_link_with_filters(app_db):
    require_chromium()
    with streamlit_server(app_db) as url, browser_page() as page:
        page.goto(f"{url}/ageing?places=tak,yala&years=2000-2017")
        expect(page.locator("h1").first).to_have_text("Ageing", timeout=TIMEOUT)
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        expect(chart.locator("svg.main-svg").first).to_be_visible(timeout=TIMEOUT)
        legend = " ".join(chart.locator("g.legend text").all_text_contents())
        assert "Tak" in legend and "Yala" in legend and "Shanghai" not in legend
        bar = page.locator(".st-key-filter_bar")
        expect(bar.get_by_role("button", name=re.compile("Places: Tak, Yala"))).to_be_visible(timeout=TIMEOUT)
        expect(bar.get_by_role("button", name=re.compile("Years: 2000–2017"))).to_be_visible()
        no_app_errors(page)
        screenshot(page, "deep_link_ageing")
        # A widget change on this first session keeps the other filters.
        set_countries(page, "Thailand")
        expect(page).to_have_url(re.compile(r"countries=TH"), timeout=TIMEOUT)
        expect(page).to_have_url(re.compile(r"places=tak(%2C|,)yala"))
        expect(bar.get_by_role("button", name=re.compile("Countries: Thailand"))).to_be_visible(timeout=TIMEOUT)
        expect(bar.get_by_role("button", name=re.compile("Places: Tak, Yala"))).to_be_visible()
        # The navigation keeps the filters: the next page opens with the same places.
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Participation").click()
        expect(page.locator("h1").first).to_have_text("Participation", timeout=TIMEOUT)
        expect(page).to_have_url(re.compile(r"/participation\?.*places=tak(%2C|,)yala"))
        expect(bar.get_by_role("button", name=re.compile("Places: Tak, Yala"))).to_be_visible(timeout=TIMEOUT)
        no_app_errors(page)


def set_countries(page, country: str) -> None:
    """Open the Countries filter's popover and choose `country`."""
    page.locator(".st-key-filter_bar").get_by_role("button", name=re.compile("^Countries")).click()
    page.get_by_role("combobox", name="Countries").click()
    page.get_by_role("option", name=country, exact=True).click()
    page.keyboard.press("Escape")


def test_chart_chooser_and_table_keep_their_choice_in_the_url(server):
    with browser_page() as page:
        page.goto(f"{server}/participation?places=lamphun,tak")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        first_title = page.locator(".gtitle").first.text_content()
        page.get_by_role("radio", name="Rates", exact=True).click()
        expect(page).to_have_url(re.compile(r"view=rates"), timeout=TIMEOUT)
        expect(page.locator(".gtitle").first).not_to_have_text(first_title, timeout=TIMEOUT)
        expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(1)
        page.get_by_role("radio", name="Table", exact=True).click()
        expect(page).to_have_url(re.compile(r"show=table"), timeout=TIMEOUT)
        expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=TIMEOUT)
        expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
        no_app_errors(page)
        screenshot(page, "participation_rates_table")


def test_meeting_pack_holds_every_chart_of_the_page_in_its_language(server, tmp_path):
    """The pack is built when clicked, in another thread: it must still use the page's language, years and views."""
    with browser_page() as page:
        page.goto(f"{server}/participation?lang=th&era=be&places=lamphun,tak")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        page.get_by_role("button", name=re.compile("แชร์")).click()
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=re.compile("HTML")).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        html = path.read_text(encoding="utf-8")
    assert html.count("<section>") == 6  # every view of the page (Tak has a published figure), not just the one on screen
    assert 'lang="th"' in html and "การเข้าร่วม" in html
    assert "ลำพูน" in html and "ตาก" in html  # the filters' places, named in Thai
    assert "2568" in html  # the rate chart's title year in the Buddhist Era (2025 + 543)


def test_click_on_a_bar_selects_the_place_and_leads_to_its_profile(server):
    with browser_page() as page:
        page.goto(f"{server}/participation?places=lamphun,tak")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        expect(chart.locator("g.trace.bars path").first).to_be_visible(timeout=TIMEOUT)
        box = chart.locator("g.trace.bars path").first.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page).to_have_url(re.compile(r"place=(lamphun|tak)"), timeout=TIMEOUT)
        link = page.get_by_role("link", name="Open its profile")
        expect(link).to_be_visible(timeout=TIMEOUT)
        link.click()
        expect(page.locator("h1").first).to_have_text(re.compile("Lamphun|Tak"), timeout=TIMEOUT)
        no_app_errors(page)
        screenshot(page, "click_to_profile")


@pytest.mark.parametrize("lang,option,heading,nav", [("th", "ไทย", "การสูงวัยของประชากร", "การเข้าร่วม"), ("zh", "中文", "人口老龄化", "参与情况")])
def test_switching_language_on_a_deep_link_changes_page_navigation_and_charts(server, lang, option, heading, nav):
    from lcd.i18n import catalogue

    assert catalogue(lang)["nav.ageing"] == heading and catalogue(lang)["nav.participation"] == nav
    with browser_page() as page:
        page.goto(f"{server}/ageing?places=shanghai,tak&years=2000-2030")
        expect(page.locator("h1").first).to_have_text("Ageing", timeout=TIMEOUT)
        english_title = page.locator(".gtitle").first.text_content()
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("radio", name=option, exact=True).click()
        expect(page.locator("h1").first).to_have_text(heading, timeout=TIMEOUT)
        expect(page).to_have_url(re.compile(rf"lang={lang}"))
        expect(page).to_have_url(re.compile(r"places=shanghai(%2C|,)tak"))
        expect(sidebar.get_by_role("link", name=nav)).to_be_visible()
        expect(page.locator(".gtitle").first).not_to_have_text(english_title, timeout=TIMEOUT)
        assert re.search(r"[\u0E00-\u0E7F\u4E00-\u9FFF]", page.locator(".gtitle").first.text_content())
        legend = " ".join(page.locator('[data-testid="stPlotlyChart"]').first.locator("g.legend text").all_text_contents())
        assert re.search(r"[\u0E00-\u0E7F\u4E00-\u9FFF]", legend)
        no_app_errors(page)
        screenshot(page, f"language_{lang}_ageing")
        sidebar.get_by_role("link", name=nav).click()
        expect(page.locator("h1").first).to_have_text(nav, timeout=TIMEOUT)
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        no_app_errors(page)
        screenshot(page, f"language_{lang}_participation")


def test_every_download_on_the_data_page_arrives(server, tmp_path):
    import csv
    import io
    import json
    import zipfile

    import openpyxl
    import pyarrow.parquet as pq

    with browser_page() as page:
        page.goto(f"{server}/data?table=participation&places=tak,yala&years=2016-2018")
        expect(page.locator("h1").first).to_have_text("Data and downloads", timeout=TIMEOUT)
        rows_text = page.get_by_text("rows in this view").first.text_content()
        rows = int(re.search(r"(\d+)", rows_text).group(1))
        received = {}
        for label in ("CSV (Excel, UTF-8)", "Excel workbook", "Parquet", "Data package (zip)"):
            with page.expect_download(timeout=TIMEOUT) as download:
                page.get_by_role("button", name=label).click()
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
            received[path.suffix] = path.read_bytes()
        assert received[".csv"].startswith(b"\xef\xbb\xbf")
        assert len(list(csv.reader(io.StringIO(received[".csv"].decode("utf-8-sig"))))) == rows + 1
        workbook = openpyxl.load_workbook(io.BytesIO(received[".xlsx"]))
        assert workbook.sheetnames == ["data", "metadata", "sources", "Flags and bases"]
        metadata = {label: value for label, value in workbook["metadata"].iter_rows(min_row=2, values_only=True)}
        assert metadata["Quality flags in this view"].lower() == "synthetic"  # the flags of the exported rows
        assert pq.read_table(io.BytesIO(received[".parquet"])).num_rows == rows
        package = zipfile.ZipFile(io.BytesIO(received[".zip"]))
        assert json.loads(package.read("datapackage.json"))["flags"] == ["synthetic"]  # codes, for machines
        citation = page.locator('[data-testid="stCode"]').filter(has_text="data version").first.text_content()
        assert "/data?" in citation and "places=tak,yala" in citation
        no_app_errors(page)
        screenshot(page, "data_page")
        # programmes have no years: an export of them never says it was filtered by years
        page.goto(f"{server}/data?table=programs&years=2010-2017")
        expect(page.get_by_role("button", name="Excel workbook")).to_be_visible(timeout=TIMEOUT)
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name="Excel workbook").click()
        path = tmp_path / "programs.xlsx"
        download.value.save_as(path)
        workbook = openpyxl.load_workbook(path)
        metadata = {label: value for label, value in workbook["metadata"].iter_rows(min_row=2, values_only=True)}
        assert metadata["Filters"] == "Places: all places"
        header = [cell.value for cell in next(workbook["data"].iter_rows(max_row=1))]
        assert "Name" in header  # programmes by name, not only by id


def test_presentation_mode_hides_the_chrome_and_steps_through_charts(server):
    with browser_page() as page:
        page.goto(f"{server}/participation?present=1&places=tak,yala")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(page.get_by_role("heading", name="Participation", exact=True)).to_be_hidden()  # only the slide shows
        expect(page.locator('[data-testid="stPlotlyChart"]:visible')).to_have_count(1)
        first_title = page.locator(".gtitle").first.text_content()
        screenshot(page, "present_slide_1")
        page.get_by_role("button", name="Next").click()
        expect(page).to_have_url(re.compile(r"slide=2"), timeout=TIMEOUT)
        expect(page.locator(".gtitle").first).not_to_have_text(first_title, timeout=TIMEOUT)
        no_app_errors(page)
        screenshot(page, "present_slide_2")


def test_a_session_survives_a_live_rebuild_and_sees_the_new_version(app_db, tmp_path):
    import shutil

    from etl.build import build
    from tests.conftest import RAW

    require_chromium()
    live = tmp_path / "live.duckdb"
    shutil.copy(app_db, live)
    with streamlit_server(live) as url, browser_page() as page:
        page.goto(f"{url}/sources")
        version = page.locator('[data-testid="stMetricValue"]').first
        expect(version).to_be_visible(timeout=TIMEOUT)
        before = version.text_content()
        after = build(RAW, live, synthetic_rows=2000, seed=99).data_version
        assert after != before
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("radio", name="中文", exact=True).click()  # the session's next interaction
        expect(page).to_have_url(re.compile(r"lang=zh"), timeout=TIMEOUT)
        expect(version).to_have_text(after, timeout=TIMEOUT)
        no_app_errors(page)


def test_hostile_place_name_renders_as_text(app_db, tmp_path):
    from tests.test_reliability import EVIL, make_evil_db

    require_chromium()
    evil = make_evil_db(tmp_path)
    with streamlit_server(evil) as url, browser_page() as page:
        page.goto(f"{url}/place?place=evil")
        expect(page.locator("h1").first).to_have_text(EVIL, timeout=TIMEOUT)
        page.goto(f"{url}/participation?places=evil,tak")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(1000)
        assert page.locator("img[src='x']").count() == 0
        labels = " ".join(page.locator('[data-testid="stPlotlyChart"] .ytick text').all_text_contents())
        assert EVIL in labels
        no_app_errors(page)
        screenshot(page, "hostile_name")



@pytest.mark.parametrize("name,path", PAGES)
def test_every_page_in_thai_with_the_buddhist_era_shows_no_ce_year_or_latin_number_words(server, name, path):
    """What a Thai reader sees, charts included (their text is SVG): no ค.ศ., no CE year, no 19M/12K."""
    url_path = "" if name == "overview" else name
    with browser_page(1400, 1600) as page:
        page.goto(f"{server}/{url_path}?lang=th&era=be")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        if name not in ("sources", "data", "upload", "story", "contract"):
            expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
            # every chart page says in Thai what its chart shows, above it (the container keyed `summary`)
            expect(page.locator(".st-key-summary")).to_contain_text(re.compile("[\u0e00-\u0e7f]{4}"), timeout=TIMEOUT)
        page.wait_for_timeout(800)
        no_app_errors(page)
        text = page.locator('[data-testid="stApp"]').inner_text()
        lines = [line for line in text.splitlines() if re.search("[\u0e00-\u0e7f]", line) or not re.search("[A-Za-z]{3}", line)]
        found = [(line, y) for line in lines for y in re.findall(r"(?<![\w.\-/=])(19\d\d|20\d\d)(?![\w\-/])", line)]
        assert "ค.ศ." not in text and not found, found[:5]
        assert not re.search(r"\d(?:[.,]\d+)?\s?[KMB]\b", text), re.findall(r".{20}\d\s?[KMB]\b", text)[:3]
        screenshot(page, f"thai_be_{name}")


def test_a_click_on_a_coverage_cell_opens_the_chart_of_that_place_and_indicator(server):
    with browser_page() as page:
        page.goto(f"{server}/coverage?places=lamphun")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        cell = chart.locator("g.trace.scatter path.point").first
        expect(cell).to_be_visible(timeout=TIMEOUT)
        box = cell.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page).to_have_url(re.compile(r"(?=.*place=lamphun)(?=.*indicator=\w+)(?=.*view=series)"), timeout=TIMEOUT)
        # the chart of that place and indicator, or its message naming the place when it has no values
        shown = page.locator('[data-testid="stPlotlyChart"] .gtitle, [data-testid="stAlert"]').first
        expect(shown).to_contain_text("Lamphun", timeout=TIMEOUT)
        no_app_errors(page)
        screenshot(page, "coverage_click")


def test_milestones_are_drawn_on_the_ageing_chart_and_can_be_turned_off(server):
    with browser_page() as page:
        page.goto(f"{server}/ageing?places=thailand,tak&lang=th")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        expect(chart.locator(".annotation-text", has_text="พระราชบัญญัติส่งเสริมการเรียนรู้")).to_have_count(1, timeout=TIMEOUT)
        expect(chart.locator(".annotation-text", has_text="ตาก")).not_to_have_count(0)
        screenshot(page, "ageing_milestones")
        page.goto(f"{server}/ageing?places=thailand,tak&lang=th&milestones=off")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        expect(page.locator('[data-testid="stPlotlyChart"] .annotation-text', has_text="พระราชบัญญัติ")).to_have_count(0)
        no_app_errors(page)


def test_a_three_step_story_plays_across_three_pages_in_thai(server):
    from lcd import story

    made = story.Story((story.step_of("overview", {"lang": "th"}, "เครือข่ายวันนี้"),
                        story.step_of("ageing", {"places": "lamphun,tak", "lang": "th"}, "ลำพูนสูงวัยเร็ว"),
                        story.step_of("framework", {"view": "compare", "place": "shanghai", "lang": "th"}, "เซี่ยงไฮ้ทำอะไรต่าง")))
    with browser_page(1920, 1080) as page:
        page.goto(f"{server}/story?story={story.encode(made)}&lang=th")
        play = page.get_by_role("link", name="เล่นแบบเต็มจอ")
        expect(play).to_be_visible(timeout=TIMEOUT)
        play.click()
        for number, (path, caption) in enumerate((("/", "เครือข่ายวันนี้"), ("/ageing", "ลำพูนสูงวัยเร็ว"),
                                                   ("/framework", "เซี่ยงไฮ้ทำอะไรต่าง")), start=1):
            expect(page.locator(".st-key-slide h2")).to_have_text(caption, timeout=TIMEOUT)
            expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
            expect(page.locator(".st-key-present_nav")).to_contain_text(f"{number} / 3")
            assert f"{path.rstrip('/')}?" in page.url or (path == "/" and "step=1" in page.url)
            assert page.locator('[data-testid="stSidebar"]').is_hidden()
            no_app_errors(page)
            screenshot(page, f"story_step_{number}")
            if number < 3:
                page.keyboard.press("ArrowRight" if number == 1 else "PageDown")  # what a clicker sends
        page.keyboard.press("ArrowLeft")
        expect(page.locator(".st-key-slide h2")).to_have_text("ลำพูนสูงวัยเร็ว", timeout=TIMEOUT)


def test_maps_in_the_offline_pack_draw_with_no_network(server, tmp_path):
    with browser_page() as page:
        page.goto(f"{server}/map?view=cn")
        expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
        page.locator(".st-key-share button").first.click()
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name="Standalone HTML (works offline)").click()
        path = tmp_path / "map.html"
        download.value.save_as(path)
    with browser_page() as offline:
        requested: list[str] = []
        offline.route("**/*", lambda route: (requested.append(route.request.url),
                                            route.continue_() if route.request.url.startswith("file:") else route.abort()))
        offline.goto(path.as_uri())
        expect(offline.locator("path.choroplethlocation").first).to_be_attached(timeout=TIMEOUT)
        assert offline.locator("path.choroplethlocation").count() >= 16  # the districts are drawn, not a blank frame
        assert offline.locator("text", has_text="Songjiang").count() >= 1  # and named
        assert not [url for url in requested if not url.startswith("file:")], requested


def test_thailands_60_plus_share_for_2010_to_2017_exports_as_a_ready_workbook(server, tmp_path):
    import openpyxl

    with browser_page() as page:
        page.goto(f"{server}/data?table=observations&indicators=population_60plus_pct&countries=TH&years=2010-2017")
        rows = page.get_by_text("rows in this view").first
        expect(rows).to_be_visible(timeout=TIMEOUT)
        count = int(re.search(r"([\d,]+)", rows.text_content()).group(1).replace(",", ""))
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name="Excel workbook").click()
        path = tmp_path / "slice.xlsx"
        download.value.save_as(path)
        no_app_errors(page)
    book = openpyxl.load_workbook(path)
    data = book.worksheets[0]
    header = [c.value for c in data[1]]
    body = list(data.iter_rows(min_row=2, values_only=True))
    assert len(body) == count > 0  # exactly the rows on screen
    assert {r[header.index("Indicator id")] for r in body} == {"population_60plus_pct"}
    assert all(2010 <= r[header.index("Year")] <= 2017 for r in body)
    assert all(isinstance(r[header.index("Value")], (int, float)) for r in body) and "Basis (code)" in header and "Flag" in header
    assert data.freeze_panes == "A2" and data.auto_filter.ref
    metadata = " ".join(str(c) for row in book.worksheets[1].iter_rows(values_only=True) for c in row)
    assert "Share of population aged 60+" in metadata and "Thailand" in metadata and "2010–2017" in metadata
    assert [s.title for s in book.worksheets][-1] == "Flags and bases"
