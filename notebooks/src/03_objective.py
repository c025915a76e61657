"""Stub, replaced by the real chapter."""
TITLE = {"ko": "03_objective (작성 중)", "en": "03_objective (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]
