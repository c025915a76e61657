"""Stub, replaced by the real chapter."""
TITLE = {"ko": "08_results (작성 중)", "en": "08_results (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]
