import simple_history

from .models import ApprovedInitiativeUpdate, ApprovedKPIValue, InitiativeUpdate, QuarterlyReport

simple_history.register(QuarterlyReport)
simple_history.register(InitiativeUpdate)
simple_history.register(ApprovedInitiativeUpdate)
simple_history.register(ApprovedKPIValue)
