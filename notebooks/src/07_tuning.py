"""Stub, replaced by the real chapter."""
TITLE = {"ko": "07_tuning (작성 중)", "en": "07_tuning (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]
