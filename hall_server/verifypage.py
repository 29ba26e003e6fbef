"""The certificate verification page (`/verify/{code}`): what the QR stamped on a self-printed
certificate opens. One self-contained HTML response in Chinese with English beneath, in the
tracking page's style; no script, nothing loaded from elsewhere.
"""
from __future__ import annotations

import pathlib

from markupsafe import Markup

from .schema import CertificateVerification
from .trackpage import TEMPLATES, WEB, Rendered, csp_hash, page_templates

_FACTS = (("title", "证照名称", "Document"), ("case_number", "办件编号", "Case number"),
          ("matter", "事项", "Matter"), ("masked_name", "申请人", "Applicant"), ("issued_on", "出证日期", "Issued on"))


class VerifyPages:
    """The template read once at start-up; each response is rendered with autoescaping."""

    def __init__(self, web: pathlib.Path = WEB, templates: pathlib.Path = TEMPLATES):
        self.page = page_templates(templates).get_template("verify.html")
        self.style = Markup((web / "track.css").read_text(encoding="utf-8")
                            + (web / "verify.css").read_text(encoding="utf-8"))
        self.headers = {
            "Content-Security-Policy": f"default-src 'none'; style-src {csp_hash(self.style)}; img-src data:; "
                                       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow",
            "X-Content-Type-Options": "nosniff",
        }

    def render(self, v: CertificateVerification) -> Rendered:
        facts = []
        if v.status == "valid":
            values = {"title": (v.title, v.title_en), "case_number": (v.case_number, None),
                      "matter": (v.matter_name, v.matter_name_en), "masked_name": (v.masked_name, None),
                      "issued_on": (v.issued_on.isoformat() if v.issued_on else "", None)}
            for key, zh, en in _FACTS:
                value, value_en = values[key]
                facts.append({"key": key, "zh": zh, "en": en, "value": str(value or ""),
                              "value_en": value_en if value_en and value_en != value else None})
        body = self.page.render(title=f"证照核验 Certificate verification · {v.code}", style=self.style,
                                status=v.status, hall=v.hall_name, hall_en=v.hall_name_en, code=v.code,
                                message=v.message, message_en=v.message_en, facts=facts)
        return Rendered(body, self.headers)
