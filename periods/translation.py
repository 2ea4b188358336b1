import simple_history

from .models import ReportingPeriod

simple_history.register(ReportingPeriod)
