import simple_history

from .models import ApprovedInitiativeUpdate, ApprovedKPIValue, InitiativeUpdate, QuarterlyReport, ReportingPeriod

simple_history.register(ReportingPeriod)
simple_history.register(QuarterlyReport)
simple_history.register(InitiativeUpdate)
simple_history.register(ApprovedInitiativeUpdate)
simple_history.register(ApprovedKPIValue)
