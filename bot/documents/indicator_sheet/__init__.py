"""The indicator master spreadsheet: the template the operator fills, and the reader that checks it.

Offices already keep each bidang's indicators (sasaran strategis, satuan, arah, rumus, sifat,
targets) in Excel, so the master comes in as a workbook. `write_template` makes the documented
template (dropdowns, notes and a "Petunjuk" sheet, so the sheet explains itself);
`read_indicator_rows` turns a filled one into plain `IndicatorRow`s. No database code lives here:
the loader that stores the rows sits on top.

- `columns`: the columns, their headers and help texts (one description for writer and reader);
- `rows`: `IndicatorRow`, and `RowProblem` / `IndicatorSheetError` for what is refused;
- `template`: `write_template` and the committed sample `SAMPLE_PATH`;
- `reader`: `read_indicator_rows` and its checks.
"""

from bot.documents.indicator_sheet.columns import (
    ARAH,
    BIDANG,
    BOLEH_NEGATIF,
    GUIDE_SHEET,
    INDIKATOR,
    REALISASI_TW,
    RUMUS,
    SASARAN,
    SATUAN,
    SHEET,
    SIFAT,
    TARGET_TAHUNAN,
    TARGET_TW,
    TRIWULAN,
    WAJIB_BUKTI,
)
from bot.documents.indicator_sheet.reader import read_indicator_rows
from bot.documents.indicator_sheet.rows import IndicatorRow, IndicatorSheetError, RowProblem
from bot.documents.indicator_sheet.template import SAMPLE_PATH, write_template

__all__ = [
    "ARAH",
    "BIDANG",
    "BOLEH_NEGATIF",
    "GUIDE_SHEET",
    "INDIKATOR",
    "REALISASI_TW",
    "RUMUS",
    "SAMPLE_PATH",
    "SASARAN",
    "SATUAN",
    "SHEET",
    "SIFAT",
    "TARGET_TAHUNAN",
    "TARGET_TW",
    "TRIWULAN",
    "WAJIB_BUKTI",
    "IndicatorRow",
    "IndicatorSheetError",
    "RowProblem",
    "read_indicator_rows",
    "write_template",
]
