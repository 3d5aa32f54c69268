"""The documents people read, print and send back: rules and texts, not persistence.

- `cells`: the one cell writer (person-typed text stays text, never a formula) and the cell reader;
- `indicator_sheet`: the indicator master template, its reader and the committed sample;
- `workbook`: the format sheet, its upload reader, the compiled workbook and the SILAKIP export.

Nothing here opens the database; `bot.workflow.files` and `bot.workflow.master` fill and store.
"""
