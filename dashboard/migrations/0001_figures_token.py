from django.db import migrations, models

# The tables the figures were computed from when this migration was written (dashboard.figures.TABLES).
TABLES = (
    "sectors_sector",
    "periods_reportingperiod",
    "actionplans_strategy",
    "actionplans_phase",
    "actionplans_actionplan",
    "actionplans_commitment",
    "actionplans_initiative",
    "actionplans_initiative_phases",
    "actionplans_kpi",
    "reporting_quarterlyreport",
    "reporting_approvedkpivalue",
    "equity_maturityassessment",
    "equity_representation",
    "accountability_engagement",
    "accountability_recommendation",
)


def install(apps, schema_editor):
    from dashboard import figures

    figures.install(schema_editor, TABLES)
    apps.get_model("dashboard", "FiguresToken").objects.create(pk=1, value=1)


def uninstall(apps, schema_editor):
    from dashboard import figures

    figures.uninstall(schema_editor, TABLES, last=True)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accountability", "0004_approval_note_language"),
        ("actionplans", "0002_leads_and_units_in_both_languages"),
        ("equity", "0003_maturity_languages"),
        ("periods", "0001_initial"),
        ("reporting", "0005_comment_and_reason_languages"),
        ("sectors", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0, verbose_name="token")),
            ],
            options={"verbose_name": "dashboard figures token", "verbose_name_plural": "dashboard figures tokens"},
        ),
        migrations.RunPython(install, uninstall),
    ]
