import simple_history

from .models import InitiativeUpdate, QuarterlyReport, ReportingPeriod

simple_history.register(ReportingPeriod)
simple_history.register(QuarterlyReport)
simple_history.register(InitiativeUpdate)
