from django.db import migrations

# What the home page's count of texts to translate reads besides the dashboard's tables.
TABLES = (
    "accountability_review",
    "actionplans_equitygroup",
    "actionplans_kpivalue",
    "equity_survey",
    "equity_surveyhighlight",
    "equity_surveyresult",
    "feedback_feedbacksummary",
    "tracker_trackeractions",
    "tracker_trackercuration",
)


def install(apps, schema_editor):
    from dashboard import figures

    figures.install(schema_editor, TABLES)


def uninstall(apps, schema_editor):
    from dashboard import figures

    figures.uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_figures_token"),
        ("feedback", "0002_feedback_languages"),
        ("tracker", "0002_language_override"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
