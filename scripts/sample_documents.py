"""Write the demo's result documents (small one-page PDFs) next to assets/halls/sample_cases.json.

Run again only when the documents should change: `python scripts/sample_documents.py`.
"""
from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hall_server.certpdf import sample_document
from hall_server.idnumber import mask_name

FOLDER = ROOT / "assets" / "halls" / "sample_documents"
# Each document names its case's applicant, masked, as the case file has it.
APPLICANTS = {c["number"]: mask_name(c["name"])
              for c in json.loads((ROOT / "assets" / "halls" / "sample_cases.json").read_text("utf-8"))["cases"]}
DOCUMENTS = {
    "migration-SFQ2026110003.pdf": ("户口迁移证明", "Household migration certificate",
                                    ["办件编号 Case: SFQ2026110003", "申请人 Applicant: " + APPLICANTS["SFQ2026110003"],
                                     "事项 Matter: 户口迁入"]),
    "tax-record-SFQ2026110004.pdf": ("个人所得税纳税记录", "Individual income tax record",
                                     ["办件编号 Case: SFQ2026110004",
                                      "申请人 Applicant: " + APPLICANTS["SFQ2026110004"],
                                      "期间 Period: 2026-01 — 2026-10"]),
    "licence-SFQ2026110005.pdf": ("营业执照", "Business licence",
                                  ["办件编号 Case: SFQ2026110005", "申请人 Applicant: " + APPLICANTS["SFQ2026110005"],
                                   "名称 Name: 示范区李四便利店"]),
    "card-SFQ2026110006.pdf": ("残疾人证办理结果通知", "Disability certificate result notice",
                               ["办件编号 Case: SFQ2026110006", "申请人 Applicant: " + APPLICANTS["SFQ2026110006"]]),
}


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, (title, title_en, lines) in DOCUMENTS.items():
        data = sample_document(title, title_en, ["示例文件 Sample document — 示范区政务服务中心", *lines])
        (FOLDER / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
