"""Presidio's e-mail recognizer, validated against tldextract's bundled public-suffix snapshot only.

The stock recognizer calls `tldextract.extract`, which fetches the suffix list over the network on
first use; ours never touches the network (no URL to fetch, no cache directory to fill).
"""

from __future__ import annotations

from functools import cache

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer


@cache
def offline_extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    def __init__(self):
        super().__init__(supported_entity="EMAIL", name="email")

    def validate_result(self, pattern_text: str) -> bool:
        return offline_extractor()(pattern_text).fqdn != ""
