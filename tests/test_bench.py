"""`python -m bench throughput` rewrites only its own section of BENCHMARKS.md."""

from bench.throughput import replace_section

HEADING = "## Throughput (gunicorn, production settings, issue 17)"
DOCUMENT = """<!-- postgresql -->
# Benchmarks

## Spreadsheet import

rows

## Hostile spreadsheets (issue 13, item 11)

files

<!-- comparison: issue 14 -->
# Issue 14

## Throughput (gunicorn, production settings, issue 17)

kept, another block's

<!-- sqlite -->
# Benchmarks
"""


def test_the_throughput_section_is_added_to_its_database_block_then_replaced_there_alone():
    first = replace_section(DOCUMENT, "<!-- postgresql -->", HEADING, f"{HEADING}\n\nrun 1\n")
    assert first.index("files") < first.index("run 1") < first.index("<!-- comparison: issue 14 -->")
    assert first.replace(f"{HEADING}\n\nrun 1\n\n", "", 1) == DOCUMENT

    second = replace_section(first, "<!-- postgresql -->", HEADING, f"{HEADING}\n\nrun 2\n")
    assert "run 1" not in second
    assert second.replace("run 2", "run 1") == first
    assert "kept, another block's" in second and second.endswith("<!-- sqlite -->\n# Benchmarks\n")


def test_a_section_followed_by_another_keeps_the_one_after_it():
    document = f"<!-- postgresql -->\n# Benchmarks\n\n{HEADING}\n\nold\n\n## Later\n\nlater\n"
    assert replace_section(document, "<!-- postgresql -->", HEADING, f"{HEADING}\n\nnew\n") == (
        f"<!-- postgresql -->\n# Benchmarks\n\n{HEADING}\n\nnew\n\n## Later\n\nlater\n"
    )
