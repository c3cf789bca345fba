"""The texts of the board's flow over time, shared by the web page and ``board --by time``."""

from __future__ import annotations

from casework.domain.messages import register

register(
    {
        "flow.title": ("Flow over tid", "Flow over time"),
        "flow.link": (
            "Flow over tid: kumulativt flow, gennemløb og rutekort",
            "Flow over time: cumulative flow, throughput and route map",
        ),
        "flow.cfd": (
            "Kumulativt flow: sager pr. fase ved hver uges slutning",
            "Cumulative flow: cases per phase at the end of each week",
        ),
        "flow.throughput": ("Gennemløb pr. uge", "Throughput per week"),
        "flow.average": (
            "I gennemsnit {count} afsluttede sager pr. uge over {weeks} uger.",
            "On average {count} cases finished per week over {weeks} weeks.",
        ),
        "flow.opened": ("Oprettet", "Opened"),
        "flow.finished": ("Afsluttet", "Finished"),
        "flow.week": ("Uge", "Week"),
        "flow.map": (
            "Rutekort: åbne sager og ventetid på hvert trin",
            "Route map: open cases and waiting time at each step",
        ),
        "flow.wait": ("median {days} hverdage", "median {days} working days"),
        "flow.overdue": ("{count} overskredne", "{count} overdue"),
        "flow.step": ("Trin", "Step"),
        "flow.open": ("Åbne sager", "Open cases"),
        "flow.median": ("Median, hverdage", "Median, working days"),
        "flow.longest": ("Længst, hverdage", "Longest, working days"),
        "flow.back": ("Tilbage til sagstavlen", "Back to the case board"),
        "flow.none": ("Ingen åbne sager.", "No open cases."),
    }
)
