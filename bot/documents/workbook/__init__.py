"""The workbooks the office prints and sends: openpyxl writers and the upload reader.

- `model`: what is printed, as plain data the workflow fills from the database;
- `layout`: the shared look of an official document (kop, titles, header row, number cells);
- `page`: the printed page (A4 landscape, DRAFT header, page numbers) and the signature block
  with its paraf boxes;
- `format_sheet`: the per-bidang format of step 3 that a Kabid may fill and send back;
- `upload`: the defensive reader of that filled format;
- `compiled`, `grafik`, `kendali`: the compiled workbook of steps 6–10 and `/unduh`;
- `silakip`: the SILAKIP-ready export of step 11.

Nothing here opens the database: `bot.workflow.files` builds the model and calls the writers,
as `bot.documents.indicator_sheet` leaves storing to `bot.workflow.master`.
"""
