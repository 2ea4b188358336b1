"""ARTF working through the translation queue, for tests that need the demo in both languages
(the tracker's language gate refuses a tracker whose texts lack its language)."""

from core import translations
from reporting.models import QuarterlyReport
from tests.factories import artf_user
from tracker import services as tracker_services
from tracker.models import TrackerActions, TrackerCuration


def translate_everything(period, user=None) -> None:
    """Write every missing language the queue lists (the text, marked with the language it now
    stands for), and word each approved report's top actions for ``period``'s tracker in both."""
    user = user or artf_user(username="artf-translator")
    for gap in translations.gaps():
        if gap.kind.inline:
            translations.fill(
                user=user,
                key=gap.kind.key,
                pk=gap.pk,
                field=gap.field,
                language=gap.missing,
                text=f"[{gap.missing}] {gap.text}",
            )
    worded = set(
        TrackerActions.objects.filter(period=period)
        .exclude(actions_en="", actions_fr="")
        .values_list("sector_id", flat=True)
    )
    reports = [
        r
        for r in QuarterlyReport.objects.filter(period=period, status=QuarterlyReport.Status.APPROVED).exclude(
            top_actions=""
        )
        if r.sector_id not in worded
    ]
    if reports:
        curation = TrackerCuration.objects.filter(period=period).first()
        tracker_services.curation_save(
            period=period,
            by=user,
            summary_en=curation.summary_en if curation else "",
            summary_fr=curation.summary_fr if curation else "",
            actions={r.sector_id: (r.top_actions, f"[fr] {r.top_actions}") for r in reports},
        )
    left = translations.gaps(tracker=period)
    assert not left, [(g.kind.key, g.field, g.missing) for g in left]
