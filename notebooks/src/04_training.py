"""Stub, replaced by the real chapter."""
TITLE = {"ko": "04_training (작성 중)", "en": "04_training (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]
