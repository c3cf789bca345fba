"""Publication adapters: agendas as HTML (Jinja2) and PDF (fpdf2), calendars as iCalendar, and
Danish/English dates with Babel. They render the domain's projections and never decide what
the public may see: :meth:`casework.domain.agenda.Agenda.publish` has done that already.
"""
