import simple_history

from .models import Approval, Engagement, Recommendation, Review

# Bilingual texts are explicit _en/_fr fields here (imported from documents, typed by ARTF).
simple_history.register(Review)
simple_history.register(Recommendation)
simple_history.register(Engagement)
simple_history.register(Approval)
