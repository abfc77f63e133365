"""Learning in admin: the learning events (a read-only audit log that stays fast at millions of rows) and the
learning dashboard. One idea per module:

- events.py: the LearningEvent admin (columns, detail page, search, its extra URLs)
- paging.py: the paginator that estimates large counts and pages deep by the time index
- dates.py: the date hierarchy's choices and the 400 for a date it cannot show
- filters.py: the list's fixed-choice filters
- formatting.py: numbers, tables and links as the pages show them
- csv_export.py: the filtered list as CSV
- dashboard.py: the dashboard page (its numbers and charts are learning/dashboard.py)
"""

from django.contrib import admin

from learning.admin.events import LearningEventAdmin
from learning.models import LearningEvent

admin.site.register(LearningEvent, LearningEventAdmin)
